import { prepareItem, type PrepareResult, type PrepareTask } from './prepare-item.js';
import { serveWorkerTasks } from './serve-worker-tasks.js';

// Entry point of a prepare worker thread. Importing prepare-item loads the converters once
// for the life of the worker.
serveWorkerTasks<PrepareTask, PrepareResult>(prepareItem, (error) => ({ ok: false, reason: `could not convert: ${error.message}` }));
