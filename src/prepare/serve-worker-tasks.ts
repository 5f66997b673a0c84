import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './worker-pool.js';

/**
 * The worker side of WorkerPool's protocol. Tasks run one at a time in arrival order; the
 * pool may send the next one early, so it waits here instead of waiting for a busy main
 * thread. A task that throws answers `failed(error)`: a worker never dies of one task.
 */
export function serveWorkerTasks<TTask, TResult>(run: (task: TTask) => Promise<TResult> | TResult, failed: (error: Error) => TResult): void {
  const queue: ToWorker<TTask>[] = [];
  let running = false;
  const post = (message: FromWorker<TResult>): void => parentPort?.postMessage(message);
  const drain = async (): Promise<void> => {
    running = true;
    for (let next = queue.shift(); next; next = queue.shift()) {
      post({ id: next.id, started: true });
      let result: TResult;
      try {
        result = await run(next.task);
      } catch (error) {
        result = failed(error as Error);
      }
      post({ id: next.id, result });
    }
    running = false;
  };
  parentPort?.on('message', (message: ToWorker<TTask>) => {
    queue.push(message);
    if (!running) void drain();
  });
}
