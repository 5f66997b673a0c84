import { workerData } from 'node:worker_threads';
import { loadPdfjs } from './converters/load-pdfjs.js';
import { prepareItem, type PrepareResult, type PrepareTask } from './prepare-item.js';
import { serveWorkerTasks } from './serve-worker-tasks.js';

/** What the pool tells a prepare worker at start (see addFiles). */
export interface PrepareWorkerData {
  /** The batch holds PDFs: load pdf.js now, while the main thread still hashes the inputs. */
  preloadPdfjs?: boolean;
}

// Entry point of a prepare worker thread. Importing prepare-item loads the converters once
// for the life of the worker.
serveWorkerTasks<PrepareTask, PrepareResult>(prepareItem, (error) => ({ ok: false, reason: `could not convert: ${error.message}` }));
// A failure to load shows, with its reason, on the first PDF that needs pdf.js.
if ((workerData as PrepareWorkerData | undefined)?.preloadPdfjs) loadPdfjs().catch(() => undefined);
