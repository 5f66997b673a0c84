/**
 * The owner written into every chunk left unclaimed when the asker is gone. share-work.ts
 * claims only chunks whose owner is 0, so any other number keeps helpers off them.
 */
const ABANDONED = -1;

/**
 * Marks the chunks of a help task (share-work.ts HelpTask: `claims`, an Int32 owner per chunk)
 * that no one has claimed yet as taken, so that helpers of an asker that timed out or crashed
 * stop after the chunk in hand, and help still queued for it finds nothing to do. Without it a
 * helper went on to read the rest of a long PDF for no one. The pool calls it with the help
 * task as it was asked for; a task without claims is left alone. Apart from share-work.ts so
 * that the pool imports no circle (share-work → serve-worker-tasks → worker-pool).
 */
export function abandonHelp(task: unknown): void {
  const claims = (task as { claims?: unknown } | undefined)?.claims;
  if (!(claims instanceof SharedArrayBuffer)) return;
  const owners = new Int32Array(claims);
  for (let chunk = 0; chunk < owners.length; chunk++) Atomics.compareExchange(owners, chunk, 0, ABANDONED);
}
