import { parentPort } from 'node:worker_threads';
import { prepareItem, type PrepareTask } from './prepare-item.js';

// Entry point of a prepare worker thread: one task at a time, results posted back. Importing
// prepare-item loads every converter (pdf.js included) once for the life of the worker.
parentPort?.on('message', (task: PrepareTask) => {
  void prepareItem(task).then(
    (result) => parentPort?.postMessage(result),
    (error: unknown) => parentPort?.postMessage({ ok: false, reason: `could not convert: ${(error as Error).message}` }),
  );
});
