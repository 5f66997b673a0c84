// The prepare pool on its own, with a scripted worker (test/support/pool-worker.mjs): which
// queued task starts first, what a timeout does to the worker and the tasks behind it, and
// that closing the pool leaves nothing that keeps the process alive.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerPool, WorkerTimeoutError } from '../src/prepare/worker-pool.js';
import { waitUntil } from './support/wait-until.js';

const SCRIPT = fileURLToPath(new URL('./support/pool-worker.mjs', import.meta.url));

interface Task {
  name: string;
  gate?: Int32Array;
  startedFlag?: Int32Array;
  spinMs?: number;
  ask?: { name: string; claims?: SharedArrayBuffer; helper?: number; report?: Int32Array };
}
interface Result {
  name: string;
  at: string;
  loadedAt: string;
  workerData: unknown;
  answer?: { answer: number; result?: { helped: string; loadedAt: string }; error?: string };
}

const flag = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));
const open = (gate: Int32Array): void => {
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
};

let pool: WorkerPool<Task, Result> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('WorkerPool', () => {
  it('warmUp starts the workers before any task, each given the workerData', async () => {
    const loaded = flag();
    pool = new WorkerPool<Task, Result>(SCRIPT, 2, { preload: true, loaded });
    pool.warmUp(5); // never more than the pool's size
    // Wait for both workers to say they loaded, however busy the machine is (a fixed 300 ms
    // was not always enough under the full suite). Without warmUp none would ever load here.
    await waitUntil(() => Atomics.load(loaded, 0) === 2);
    expect(Atomics.load(loaded, 0)).toBe(2);
    const submitted = process.hrtime.bigint();
    const gate = flag();
    const results = await Promise.all([pool.run({ name: 'a', gate }, 10_000), pool.run({ name: 'b' }, 10_000).finally(() => open(gate))]);
    // Two tasks on two different workers, both loaded before the tasks were submitted.
    expect(new Set(results.map((r) => r.loadedAt)).size).toBe(2);
    for (const result of results) {
      expect(BigInt(result.loadedAt)).toBeLessThan(submitted);
      expect(result.workerData).toEqual({ preload: true, loaded });
    }
  });

  it('starts queued tasks lowest rank first, equal ranks in queue order; rerank moves a queued task', async () => {
    pool = new WorkerPool<Task, Result>(SCRIPT, 1);
    const gate = flag();
    const started = flag();
    // The one worker holds a blocker, and takes one more task at once (its prefetch slot).
    const blocker = pool.run({ name: 'blocker', gate, startedFlag: started }, 10_000);
    const prefetched = pool.run({ name: 'prefetched' }, 10_000, 100);
    const c = { name: 'c' };
    const done = [pool.run({ name: 'a' }, 10_000, 5), pool.run({ name: 'b' }, 10_000, 1), pool.run(c, 10_000, 5), pool.run({ name: 'd' }, 10_000, 1)];
    pool.rerank(c, 0);
    open(gate);
    const results = await Promise.all([blocker, prefetched, ...done]);
    const order = [...results].sort((x, y) => (BigInt(x.at) < BigInt(y.at) ? -1 : 1)).map((r) => r.name);
    expect(order).toEqual(['blocker', 'prefetched', 'c', 'b', 'd', 'a']);
  });

  it('sends cheap tasks to a busy worker several at a time, so that they run on while the main thread is busy', async () => {
    pool = new WorkerPool<Task, Result>(SCRIPT, 1);
    const gate = flag();
    const started = flag();
    const blocker = pool.run({ name: 'blocker', gate, startedFlag: started }, 10_000);
    // Cheap (cost in bytes): all three go to the worker at once, behind the blocker…
    const cheap = ['a', 'b', 'c'].map((name) => pool!.run({ name }, 10_000, 5, 1024));
    // …so an urgent task queued after them no longer overtakes them; a costly one queues once.
    const urgent = pool.run({ name: 'urgent' }, 10_000, 0, 1024);
    const costly = pool.run({ name: 'costly' }, 10_000, 1);
    const late = pool.run({ name: 'late' }, 10_000, 0);
    open(gate);
    const results = await Promise.all([blocker, ...cheap, urgent, costly, late]);
    const order = [...results].sort((x, y) => (BigInt(x.at) < BigInt(y.at) ? -1 : 1)).map((r) => r.name);
    expect(order).toEqual(['blocker', 'a', 'b', 'c', 'urgent', 'late', 'costly']);
  });

  it('a task over its time limit fails with a timeout; its worker is replaced and the task queued behind it still runs', async () => {
    pool = new WorkerPool<Task, Result>(SCRIPT, 1);
    const slow = pool.run({ name: 'slow', spinMs: 5_000 }, 300);
    const behind = pool.run({ name: 'behind' }, 10_000);
    await expect(slow).rejects.toBeInstanceOf(WorkerTimeoutError);
    await expect(slow).rejects.toThrow('timed out after 300 ms');
    await expect(behind).resolves.toMatchObject({ name: 'behind' });
  });

  it('close() while a `started` message is still in flight leaves no timer behind', async () => {
    pool = new WorkerPool<Task, Result>(SCRIPT, 1);
    const gate = flag();
    const started = flag();
    const running = pool.run({ name: 'held', gate, startedFlag: started }, 600_000);
    running.catch(() => undefined);
    // Block this thread until the worker has posted `started`: the pool has not seen it yet.
    expect(Atomics.wait(started, 0, 0, 10_000)).not.toBe('timed-out');
    // Timers armed from here on, by delay. (Counting the process's active timers instead was
    // flaky: vitest's own timers come and go.)
    const armed: Array<number | undefined> = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      armed.push(ms);
      return realSetTimeout(callback, ms);
    }) as typeof setTimeout);
    try {
      const closing = pool.close();
      pool = undefined;
      await closing;
      // Let the in-flight message be delivered (it would arm the task's timer if not ignored).
      await new Promise((resolve) => realSetTimeout(resolve, 50));
    } finally {
      spy.mockRestore();
    }
    expect(armed.filter((ms) => ms === 600_000)).toEqual([]);
  });

  it('runs the help a running task asks for on another worker and answers the asker', async () => {
    pool = new WorkerPool<Task, Result>(SCRIPT, 2);
    const asker = await pool.run({ name: 'asker', ask: { name: 'pages 41-80' } }, 10_000);
    expect(asker.answer?.result?.helped).toBe('pages 41-80');
    expect(asker.answer?.result?.loadedAt).not.toBe(asker.loadedAt);
  });

  it('abandons the help a timed-out task asked for: its helper claims no chunk', async () => {
    pool = new WorkerPool<Task, Result>(SCRIPT, 2);
    const gate = flag();
    const busy = flag();
    // The other worker is busy, so the help waits behind its task.
    const held = pool.run({ name: 'held', gate, startedFlag: busy }, 10_000);
    expect(Atomics.wait(busy, 0, 0, 10_000)).not.toBe('timed-out');
    const claims = new Int32Array(new SharedArrayBuffer(4 * 6));
    const report = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(report, 0, -1);
    const asker = pool.run({ name: 'asker', ask: { name: 'pages', claims: claims.buffer as SharedArrayBuffer, helper: 2, report }, spinMs: 1_000 }, 300);
    await expect(asker).rejects.toBeInstanceOf(WorkerTimeoutError);
    open(gate);
    await held;
    await waitUntil(() => Atomics.load(report, 0) !== -1);
    expect(Atomics.load(report, 0)).toBe(0);
    expect([...claims].every((owner) => owner !== 2)).toBe(true);
  });

  it('fails help at once that could only wait behind its asker (one worker)', async () => {
    pool = new WorkerPool<Task, Result>(SCRIPT, 1);
    const asker = await pool.run({ name: 'asker', ask: { name: 'pages 41-80' } }, 10_000);
    expect(asker.answer?.error).toBe('no other worker free to help');
    // The pool goes on with other tasks.
    await expect(pool.run({ name: 'after' }, 10_000)).resolves.toMatchObject({ name: 'after' });
  });
});
