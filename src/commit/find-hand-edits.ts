import { Worker } from 'node:worker_threads';
import { listFiles } from '../core/kb-files.js';
import type { KbContext } from '../store/kb-context.js';
import { workerScript } from '../core/worker-script.js';
import { KEPT_COPIES_FOLDER, readLivePageState } from './live-page.js';
import type { PageStampsWorkerData } from './page-stamps-worker.js';
import { scanPageStamps, type StampScan } from './scan-page-stamps.js';

/** What users wrote in the wiki, as `kb status` and `kb doctor` list it. */
export interface HandEdits {
  /** Pages kb wrote whose own text was changed by hand: the next rewrite copies them first. */
  edited: string[];
  /** Pages with the user's notes after kb's text: carried over by every rewrite. */
  notes: string[];
  /** Pages kb wrote that were deleted by hand: the next change that needs them writes them again. */
  deleted: string[];
  /** Copies kb made of edited pages before rewriting or deleting them (wiki/conflicts/). */
  kept_copies: string[];
}

/**
 * From this many documents (about twice as many page records), a worker thread stats the
 * second half of the pages while this thread stats the first. At 100,000 documents it began
 * its stats 120-150 ms after it was asked (a thread, kb's modules, a connection of its own;
 * load 3), and this thread spent 25 ms on it; a half of 50,000 pages takes about 0.18 s.
 */
const WORKER_MIN_DOCUMENTS = 50_000;

/**
 * How long the worker's half may take before this thread stats it instead. At 100,000
 * documents it answers in under half a second; a worker that hangs (a stuck disk, a file
 * system that never answers one stat) must not hang kb status with it.
 */
const WORKER_TIMEOUT_MS = 30_000;

/**
 * Compares each page with kb's record of what it wrote. A page whose size and mtime are as
 * recorded is taken as unchanged without being read, so this costs a stat per page; a page
 * whose record says kb carried notes after its text (body_bytes < size) is listed with notes
 * from the record alone. Only a page whose stat differs is read and judged.
 *
 * At 100,000 documents (206,935 records, 2-core VM) the stats are most of kb status's time:
 * about 0.55 s, mostly in the kernel, and 0.15-0.2 s to read the records (stampBatches). So in
 * a KB of `workerFrom` documents or more they are split over two threads by path, and the
 * lists are the same as from one: kb status 0.89 -> 0.66 s while the other core was free,
 * but 0.07-0.17 s slower while other work took both cores (docs/benchmarks.md). Not in a
 * read-only KB, whose kb.db may be a copy in memory a worker cannot open; nor when the worker
 * fails or has not answered in WORKER_TIMEOUT_MS: this thread then stats its half too. Stats through libuv's thread pool
 * (fs.promises.stat, 16 in flight) took 3 s instead of 0.65 s for the same 206,935 pages:
 * each round trip costs more than the stat.
 *
 * Known limit, as for every command that trusts size and mtime: an edit that keeps the size
 * and puts the old mtime back (touch -r, some sync tools) is not seen here; commands that
 * rewrite a page read it whole and hash it, so they still keep the user's words.
 */
export async function findHandEdits(ctx: KbContext, options: { workerFrom?: number; workerTimeoutMs?: number } = {}): Promise<HandEdits> {
  const found: HandEdits = { edited: [], notes: [], deleted: [], kept_copies: listFiles(ctx.paths.root, KEPT_COPIES_FOLDER) };
  const root = ctx.paths.root;
  const documents = ctx.store.documents.count();
  // Sources and summaries are two of every document's pages: the record at index `documents`
  // is about halfway, found without counting them all (a count took 30 ms at 207,000).
  const from = !ctx.readOnly && documents >= (options.workerFrom ?? WORKER_MIN_DOCUMENTS) ? ctx.store.pages.pathAt(documents) : undefined;
  const theirs = from === undefined ? undefined : scanInWorker(ctx.paths.db, root, from, options.workerTimeoutMs);
  const scans = [scanPageStamps(root, ctx.store.pages.stampBatches({ before: from }))];
  if (from !== undefined) scans.push((await theirs) ?? scanPageStamps(root, ctx.store.pages.stampBatches({ from })));
  for (const { deleted, listed } of scans) {
    found.deleted.push(...deleted);
    for (const [page, carried, changed] of listed) {
      const state = changed ? readLivePageState(root, ctx.store, page).state : undefined;
      if (state === 'edited') found.edited.push(page);
      else if (state === 'notes' || carried) found.notes.push(page);
    }
  }
  return found;
}

/**
 * The scan of the records from `from` on, by a worker thread; undefined if the worker failed
 * or had not answered after `timeoutMs` (it is then stopped).
 */
export function scanInWorker(dbFile: string, root: string, from: string, timeoutMs = WORKER_TIMEOUT_MS): Promise<StampScan | undefined> {
  return new Promise((resolve) => {
    const workerData: PageStampsWorkerData = { dbFile, root, from };
    let worker: Worker;
    try {
      worker = new Worker(workerScript('page-stamps-worker'), { workerData });
    } catch {
      resolve(undefined);
      return;
    }
    const timer = setTimeout(() => {
      resolve(undefined);
      void worker.terminate();
    }, timeoutMs);
    const settle = (scan: StampScan | undefined): void => {
      clearTimeout(timer);
      resolve(scan);
    };
    worker.once('message', (scan: StampScan) => settle(scan));
    worker.once('error', () => settle(undefined));
    // After a message this changes nothing; without one (the worker exited early), it is the failure.
    worker.once('exit', () => settle(undefined));
  });
}
