import { AsyncLocalStorage } from 'node:async_hooks';
import { ExitCode, KbError, isKbError } from '../core/errors.js';
import { acquireFileLock, type FileLockHandle, type LockKind } from '../core/file-lock.js';
import { describeLockHolders, readLockHolders, recordLockHolder } from '../core/lock-holders.js';
import type { KbContext } from '../store/kb-context.js';
import { assertReadableWithoutRecovery } from './read-only-journals.js';
import { recoverJournals, type RecoveryOptions, type RecoveryReport } from './recover-journals.js';
import { needsRecovery, sweepOrphans } from './sweep-orphans.js';

export type { LockKind };

interface HeldLock {
  root: string;
  kind: LockKind;
}

const held = new AsyncLocalStorage<HeldLock>();
/** Lock acquisitions inside one process queue here: SQLite's fcntl locks are per process. */
let processQueue: Promise<unknown> = Promise.resolve();
/** KB roots this process has fully swept (staging included) since it started. */
const swept = new Set<string>();

/**
 * Runs `fn` holding the KB lock: `exclusive` for anything that mutates, `shared` for readers.
 * Before `fn` runs, whatever a dead process left half-done is recovered — by every command,
 * readers included, so nobody ever reads a half-applied change. Nested calls in the same
 * async flow reuse the lock already held.
 */
export async function withKbLock<T>(ctx: KbContext, kind: LockKind, fn: () => Promise<T> | T, recovery: RecoveryOptions = {}): Promise<T> {
  const current = held.getStore();
  if (current?.root === ctx.paths.root) {
    if (current.kind === 'shared' && kind === 'exclusive') throw new Error('bug: exclusive lock requested while holding a shared one');
    return fn();
  }
  const run = processQueue.then(() => holdAndRun(ctx, kind, fn, recovery));
  processQueue = run.catch(() => undefined);
  return run;
}

export function assertExclusiveLock(root: string): void {
  const current = held.getStore();
  if (current?.root !== root || current.kind !== 'exclusive') throw new Error('bug: KB mutation outside the exclusive lock');
}

async function holdAndRun<T>(ctx: KbContext, kind: LockKind, fn: () => Promise<T> | T, recovery: RecoveryOptions): Promise<T> {
  if (ctx.readOnly) return holdReadOnly(ctx, kind, fn);
  let lock = await acquire(ctx, kind);
  try {
    if (kind === 'exclusive') {
      drain(ctx, 'exclusive', recovery);
    } else if (needsRecovery(ctx.paths)) {
      // Recovery writes, so a reader trades its shared lock for an exclusive one, drains,
      // and goes back to shared. Only when a cheap look finds work (after a crash): were it
      // done on every process's first read, each `kb` reader would need the exclusive lock
      // once, and a long reader (query, chat) would keep every other reader from starting.
      lock.release();
      lock = await acquire(ctx, 'exclusive');
      drain(ctx, 'shared', recovery);
      lock.release();
      lock = await acquire(ctx, 'shared');
    }
  } catch (error) {
    lock.release();
    throw error;
  }
  const forgetHolder = recordLockHolder(ctx.paths.lockHolders, ctx.command, kind);
  try {
    return await held.run({ root: ctx.paths.root, kind }, fn);
  } finally {
    forgetHolder();
    lock.release();
  }
}

/**
 * A reader on a KB it cannot write: the shared lock when the lock file can be opened (for
 * reading is enough), else none — then no kb can write there either, short of another user
 * creating the lock file, a case not worth refusing the read for. No recovery (it writes);
 * read-only-journals.ts says whether what a dead process left may be read past.
 */
async function holdReadOnly<T>(ctx: KbContext, kind: LockKind, fn: () => Promise<T> | T): Promise<T> {
  if (kind === 'exclusive') throw new KbError('KB_READ_ONLY', ExitCode.someFailed, `cannot change ${ctx.paths.root}: this process may only read it`);
  let lock: FileLockHandle | undefined;
  try {
    lock = await acquire(ctx, 'shared');
  } catch (error) {
    if (isKbError(error)) throw error;
    ctx.logger.info({ event: 'lock.skipped', err: error }, `reading without the lock: cannot open ${ctx.paths.lock}: ${(error as Error).message}`);
  }
  try {
    assertReadableWithoutRecovery(ctx);
    return await held.run({ root: ctx.paths.root, kind }, fn);
  } finally {
    lock?.release();
  }
}

async function acquire(ctx: KbContext, kind: LockKind): Promise<FileLockHandle> {
  const started = Date.now();
  let waited = false;
  const lock = await acquireFileLock(ctx.paths.lock, kind, {
    waitMs: ctx.lockWaitMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onWait: () => {
      waited = true;
      ctx.logger.warn({ event: 'lock.waiting' }, describeLockHolders(readLockHolders(ctx.paths.lockHolders)));
    },
  });
  if (waited) ctx.logger.info({ event: 'lock.waited', kind, ms: Date.now() - started }, `got the ${kind} lock`);
  return lock;
}

/**
 * Recovery proper; the caller holds the exclusive lock. A journal that cannot be rolled back
 * stops every mutation (exit 5) — applying a new change on top of a half-undone one would
 * corrupt the KB — while readers go on with a warning.
 */
function drain(ctx: KbContext, purpose: LockKind, options: RecoveryOptions): RecoveryReport | undefined {
  const firstTime = !swept.has(ctx.paths.root);
  if (!firstTime && !needsRecovery(ctx.paths)) return undefined;
  const report = recoverJournals(ctx, options);
  const leftovers = sweepOrphans(ctx.paths);
  swept.add(ctx.paths.root);
  options.onRecovered?.(report, leftovers);
  if (leftovers.length > 0) ctx.logger.info({ event: 'recovery.swept', paths: leftovers }, `recovery: removed ${leftovers.length} leftover(s) of dead processes`);
  if (report.failed.length === 0) return report;
  const ids = report.failed.map((f) => f.id).join(', ');
  if (purpose === 'shared') {
    ctx.logger.warn({ event: 'recovery.pending' }, `an interrupted change could not be rolled back (journal ${ids}); what you read may be inconsistent — run \`kb doctor --repair\``);
    return report;
  }
  throw new KbError('JOURNAL_NEEDS_REPAIR', ExitCode.journalNeedsRepair, `an interrupted change could not be rolled back after ${report.failed[0]?.attempts ?? 0} attempts (journal ${ids}): ${report.failed[0]?.error ?? ''}`, {
    hint: 'fix the cause (disk space, permissions, a file replaced by a folder), then run `kb doctor --repair`',
  });
}
