import { parentPort } from 'node:worker_threads';
import { prepareItem, type PrepareResult, type PrepareTask } from './prepare-item.js';
import type { FromWorker, ToWorker } from './worker-pool.js';

// Entry point of a prepare worker thread. Tasks run one at a time in arrival order; the pool
// may send the next one early, so it waits here instead of waiting for a busy main thread.
// Importing prepare-item loads the converters once for the life of the worker.
const queue: ToWorker<PrepareTask>[] = [];
let running = false;

parentPort?.on('message', (message: ToWorker<PrepareTask>) => {
  queue.push(message);
  if (!running) void drain();
});

async function drain(): Promise<void> {
  running = true;
  for (let next = queue.shift(); next; next = queue.shift()) {
    post({ id: next.id, started: true });
    let result: PrepareResult;
    try {
      result = await prepareItem(next.task);
    } catch (error) {
      result = { ok: false, reason: `could not convert: ${(error as Error).message}` };
    }
    post({ id: next.id, result });
  }
  running = false;
}

function post(message: FromWorker<PrepareResult>): void {
  parentPort?.postMessage(message);
}
