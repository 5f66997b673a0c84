// A worker script for the WorkerPool tests, speaking the protocol of src/prepare/prepare-worker.ts.
// task: { name, gate?: Int32Array on a SharedArrayBuffer, startedFlag?: Int32Array, spinMs? }
//  - gate: wait until gate[0] != 0 before finishing (holds the worker busy on demand);
//  - startedFlag: set to 1 right after posting `started` (lets the test act before the
//    pool has seen that message);
//  - spinMs: burn CPU that long (for timeouts);
//  - ask: a help task to ask the pool for, before the rest; the result then carries the pool's answer.
// A help task (`help: true`) answers { helped: task.name, loadedAt }. One with `claims` (a
// SharedArrayBuffer of Int32 chunk owners, as share-work.ts has them) first claims every free chunk for
// `helper`, then stores how many it got in `report[0]`.
// A result also says when this worker started and the workerData it was given.
// workerData.loaded, when given, is incremented once the worker has loaded.
import { parentPort, workerData } from 'node:worker_threads';

const loadedAt = process.hrtime.bigint().toString();
// workerData.loaded (an Int32Array on a SharedArrayBuffer), when given, counts loaded workers.
if (workerData?.loaded) {
  Atomics.add(workerData.loaded, 0, 1);
  Atomics.notify(workerData.loaded, 0);
}

const answers = new Map();
parentPort.on('message', (message) => {
  if ('answer' in message) {
    answers.get(message.answer)?.(message);
    return;
  }
  const { id, task, help } = message;
  parentPort.postMessage({ id, started: true });
  if (help) {
    if (task.claims) {
      const owners = new Int32Array(task.claims);
      let claimed = 0;
      for (let chunk = 0; chunk < owners.length; chunk++) if (Atomics.compareExchange(owners, chunk, 0, task.helper) === 0) claimed++;
      Atomics.store(task.report, 0, claimed);
      Atomics.notify(task.report, 0);
    }
    parentPort.postMessage({ id, result: { helped: task.name, loadedAt } });
    return;
  }
  let result;
  // Asked before the task's own work, as a long document's conversion asks for help first.
  if (task.ask) {
    answers.set(id, (answer) => parentPort.postMessage({ id, result: { ...result, answer } }));
    parentPort.postMessage({ ask: id, task: task.ask });
  }
  if (task.startedFlag) {
    Atomics.store(task.startedFlag, 0, 1);
    Atomics.notify(task.startedFlag, 0);
  }
  if (task.gate) Atomics.wait(task.gate, 0, 0);
  if (task.spinMs) {
    const until = Date.now() + task.spinMs;
    while (Date.now() < until);
  }
  result = { name: task.name, at: process.hrtime.bigint().toString(), loadedAt, workerData };
  if (!task.ask) parentPort.postMessage({ id, result });
});
