import os from 'node:os';
import type { AskForHelp } from './serve-worker-tasks.js';

/**
 * Splitting one long document's work across the prepare workers: page ranges of a big PDF,
 * the tagging of its text units. The worker that prepares the document cuts the work into
 * numbered chunks and asks idle workers for help; every worker, itself included, takes the
 * next unclaimed chunk through a counter in shared memory until none is left. Each chunk's
 * result depends on the chunk alone, and results are joined in chunk order, so the outcome
 * is the same bytes however many workers took part (test/add-same-result.test.ts).
 *
 * Claims, not a fixed share per worker, because help may start late or never: the other
 * workers may be busy with files of their own, or the help may be queued behind the asking
 * worker itself. The asker waits only for helpers that did claim a chunk (they are running),
 * and redoes the chunks of a helper that failed.
 */

/** What a helper is told: the job (its kind says how to set it up), the chunks, the claims. */
export interface HelpTask<TJob = unknown> {
  job: TJob;
  chunks: number;
  /** Int32, the owner of each chunk: 0 unclaimed, 1 the asker, 2… its helpers. */
  claims: SharedArrayBuffer;
  /** This helper's owner number, from 2. */
  helper: number;
}

export interface HelpAnswer<TResult = unknown> {
  /** The chunks this helper claimed, with their results. */
  done: Array<[chunk: number, result: TResult]>;
}

/** A chunk's work, after whatever setup the job needs (opening the PDF) was done once. */
export type ChunkRunner<TResult> = (chunk: number) => Promise<TResult> | TResult;

/** A helper's chunk runner and what to release when it is done (the open PDF). */
export interface HelperSetup<TResult> {
  run: ChunkRunner<TResult>;
  close?: () => Promise<void> | void;
}

const ASKER = 1;

/**
 * Whether a machine of `cores` cores has a core to spare beside a lone worker, which is when
 * sharing a long HTML page's conversion or any document's tagging may pay; a long PDF's pages
 * are shared whatever the cores (the R reference manual: 11.6 s against 14.3 s on 2 cores).
 * Both cost CPU that one worker does not spend: the helper parses the whole page again, or gets
 * a copy of every text unit, in a thread whose JIT is cold for the work, and a second heap
 * collects it. A run with one worker already uses more than one core (V8's threads, the main
 * thread: 8.6 CPU s in 7.2 s for a 7.1 MB page), so on 2 cores the extra CPU came out of the
 * wall time: `--jobs 2` was 4-27% slower than `--jobs 1` on a 1.7 MB page with its tagging
 * shared, at most 6% faster on a 7.1 MB page split (1.3x slower with the host busy), with
 * 1.0-1.2 GB of peak RSS against 0.7 GB, and the R manual with its tagging shared besides its
 * pages no faster than with its pages alone, for 2 CPU s and 140 MB more (docs/benchmarks.md,
 * "A long HTML page and --jobs"). With a third core the helper's CPU is spare (not measured:
 * this host has two; the busiest thread is up to 1.3x shorter when shared, which is what it
 * could give).
 */
export function hasSpareCore(cores = os.availableParallelism()): boolean {
  return cores > 2;
}

/** Who may help, and a count of the chunks helpers did (for the debug log and the tests). */
export interface Helpers {
  ask: AskForHelp | undefined;
  /** Other workers that may help: 0 for `--jobs 1`. */
  count: number;
  helpedChunks: number;
  /**
   * Tests only (KB_TEST_WAIT_FOR_HELP): the asker claims nothing until a helper has claimed
   * a chunk or every help request has ended, so that sharing is certain in a test, where
   * otherwise a fast asker may finish all before a busy helper starts.
   */
  waitForHelp?: boolean;
}

/**
 * Runs `chunks` chunks of `job`, here and on up to `helpers.count` other workers, and returns
 * their results in chunk order. `runHere` is the asker's own runner; helpers set theirs up from `job`.
 */
export async function shareWork<TJob, TResult>(helpers: Helpers, job: TJob, chunks: number, runHere: ChunkRunner<TResult>): Promise<TResult[]> {
  const ask = helpers.ask;
  const claims = new Int32Array(new SharedArrayBuffer(4 * chunks));
  const wanted = ask ? Math.min(helpers.count, chunks - 1) : 0;
  const asked = Array.from({ length: Math.max(0, wanted) }, (_, i) =>
    ask!({ job, chunks, claims: claims.buffer as SharedArrayBuffer, helper: i + 2 } satisfies HelpTask<TJob>).then(checkedAnswer<TResult>),
  );
  // A helper that never gets to claim is never awaited: its failure must not go unhandled.
  for (const answer of asked) answer.catch(() => undefined);
  if (helpers.waitForHelp) await helperClaimedOrGone(claims, asked);
  const results = new Array<TResult>(chunks);
  const have = new Array<boolean>(chunks).fill(false);
  for (let chunk = claim(claims, ASKER); chunk !== undefined; chunk = claim(claims, ASKER)) {
    results[chunk] = await runHere(chunk);
    have[chunk] = true;
  }
  const owners = new Set<number>();
  for (let chunk = 0; chunk < chunks; chunk++) if (!have[chunk]) owners.add(Atomics.load(claims, chunk));
  for (const owner of [...owners].sort((a, b) => a - b)) {
    try {
      for (const [chunk, result] of (await asked[owner - 2]!).done) {
        results[chunk] = result;
        have[chunk] = true;
        helpers.helpedChunks++;
      }
    } catch {
      // The helper's worker crashed or timed out: its chunks are redone below.
    }
  }
  for (let chunk = 0; chunk < chunks; chunk++) if (!have[chunk]) results[chunk] = await runHere(chunk);
  return results;
}

async function helperClaimedOrGone(claims: Int32Array, asked: Array<Promise<unknown>>): Promise<void> {
  let pending = asked.length;
  for (const answer of asked) void answer.finally(() => pending--).catch(() => undefined);
  while (pending > 0 && !claims.some((_, chunk) => Atomics.load(claims, chunk) !== 0)) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * The helper's side: claims chunks until none is left. `setUp` (opening the PDF, parsing the
 * HTML page, say) runs only if there is a chunk left to claim when the help starts, and before
 * the first claim: a chunk claimed during a long set-up (a second or so for a page of several
 * MB) would keep the asker waiting for it when it has done all the others.
 */
export async function helpWith<TJob, TResult>(task: HelpTask<TJob>, setUp: (job: TJob) => Promise<HelperSetup<TResult>> | HelperSetup<TResult>): Promise<HelpAnswer<TResult>> {
  const claims = new Int32Array(task.claims);
  const done: Array<[number, TResult]> = [];
  if (!claims.some((_, chunk) => Atomics.load(claims, chunk) === 0)) return { done };
  const { run, close } = await setUp(task.job);
  try {
    for (let chunk = claim(claims, task.helper); chunk !== undefined; chunk = claim(claims, task.helper)) done.push([chunk, await run(chunk)]);
  } finally {
    await close?.();
  }
  return { done };
}

/** How many chunks of a help task no one has claimed yet: a helper whose set-up is long may not start for a few. */
export function unclaimedChunks(task: HelpTask): number {
  const claims = new Int32Array(task.claims);
  return claims.reduce((count, _, chunk) => count + (Atomics.load(claims, chunk) === 0 ? 1 : 0), 0);
}

/**
 * The first unclaimed chunk, now claimed by `owner`. A compare-and-swap per chunk, so that
 * once the asker finds none left, every chunk's owner is already written (a shared counter
 * would leave a moment between a claim and its owner's name). Chunks are a few dozen.
 */
function claim(claims: Int32Array, owner: number): number | undefined {
  for (let chunk = 0; chunk < claims.length; chunk++) {
    if (Atomics.load(claims, chunk) === 0 && Atomics.compareExchange(claims, chunk, 0, owner) === 0) return chunk;
  }
  return undefined;
}

function checkedAnswer<TResult>(answer: unknown): HelpAnswer<TResult> {
  // A help task that threw comes back as the worker's failure result, not as an answer.
  if (typeof answer !== 'object' || answer === null || !Array.isArray((answer as HelpAnswer).done)) {
    throw new Error(`help failed: ${JSON.stringify(answer).slice(0, 200)}`);
  }
  return answer as HelpAnswer<TResult>;
}
