import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './worker-pool.js';

/** Asks the pool to run a help task on another worker; rejects if that worker fails it. */
export type AskForHelp = (task: unknown) => Promise<unknown>;

/**
 * The worker side of WorkerPool's protocol. Tasks run one at a time in arrival order; the
 * pool may send the next one early, so it waits here instead of waiting for a busy main
 * thread. A task that throws answers `failed(error)`: a worker never dies of one task.
 * A running task may ask for help (`ask`), which another worker runs with `helper`; help
 * tasks queue here like any task.
 */
export function serveWorkerTasks<TTask, TResult>(
  run: (task: TTask, ask: AskForHelp) => Promise<TResult> | TResult,
  failed: (error: Error) => TResult,
  helper?: (task: unknown) => Promise<unknown>,
): void {
  const queue: Array<{ id: number; task: unknown; help?: true }> = [];
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  let nextAsk = 1;
  let running = false;
  const post = (message: FromWorker<TResult>): void => parentPort?.postMessage(message);
  const ask: AskForHelp = (task) =>
    new Promise((resolve, reject) => {
      const id = nextAsk++;
      waiting.set(id, { resolve, reject });
      post({ ask: id, task });
    });
  const drain = async (): Promise<void> => {
    running = true;
    for (let next = queue.shift(); next; next = queue.shift()) {
      post({ id: next.id, started: true });
      let result: TResult;
      try {
        if (next.help) {
          if (!helper) throw new Error('this worker takes no help tasks');
          result = (await helper(next.task)) as TResult;
        } else {
          result = await run(next.task as TTask, ask);
        }
      } catch (error) {
        result = failed(error as Error);
      }
      post({ id: next.id, result });
    }
    running = false;
  };
  parentPort?.on('message', (message: ToWorker<TTask>) => {
    if ('answer' in message) {
      const asked = waiting.get(message.answer);
      waiting.delete(message.answer);
      if ('error' in message) asked?.reject(new Error(message.error));
      else asked?.resolve(message.result);
      return;
    }
    queue.push(message);
    if (!running) void drain();
  });
}
