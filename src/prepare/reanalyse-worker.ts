import { reanalyseItem, type ReanalyseResult, type ReanalyseTask } from './reanalyse-item.js';
import { serveWorkerTasks } from './serve-worker-tasks.js';

// Entry point of a kb recompile worker thread: offline analysis of stored documents.
serveWorkerTasks<ReanalyseTask, ReanalyseResult>(reanalyseItem, (error) => ({ ok: false, reason: `could not analyse: ${error.message}` }));
