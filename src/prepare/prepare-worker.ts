import { workerData } from 'node:worker_threads';
import { preloadConverters } from './converters/convert-document.js';
import { prepareItem, type PrepareResult, type PrepareTask } from './prepare-item.js';
import { helpPrepare } from './help-prepare.js';
import { serveWorkerTasks } from './serve-worker-tasks.js';
import { lowerThisThreadPriority } from './thread-priority.js';

/** What the pool tells a prepare worker at start (see addFiles). */
export interface PrepareWorkerData {
  /** Extensions in the batch: their converters load now, while the main thread still hashes the inputs. */
  preload?: string[];
}

/**
 * The commit loop on the main thread is what a batch waits for; the workers only have to stay
 * ahead of it. Niced workers still take every core the commit loop leaves idle, but no longer
 * make it wait for a core when it wakes.
 */
const WORKER_NICE_STEPS = 5;
lowerThisThreadPriority(WORKER_NICE_STEPS);

// Entry point of a prepare worker thread. Each converter loads once for the life of the
// worker: at start for the extensions of the batch, else on its first file.
serveWorkerTasks<PrepareTask, PrepareResult>(prepareItem, (error) => ({ ok: false, reason: `could not convert: ${error.message}` }), helpPrepare);
// A failure to load shows, with its reason, on the first file that needs the converter.
const preload = (workerData as PrepareWorkerData | undefined)?.preload;
if (preload) preloadConverters(preload).catch(() => undefined);
