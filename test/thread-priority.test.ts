// Prepare workers run at a lower priority than the main thread, whose commit loop the batch
// waits for (src/prepare/thread-priority.ts). Linux only: elsewhere nice is per process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/core/package-root.js';
import { waitUntil } from './support/wait-until.js';

/** Nice value of each thread of this process, by thread id (/proc/self/task/<tid>/stat, field 19). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    nices.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return nices;
}

describe.skipIf(process.platform !== 'linux')('prepare worker priority', () => {
  it('a prepare worker thread lowers its own priority by 5 nice levels; the main thread keeps its own', async () => {
    const mainNice = os.getPriority(process.pid);
    const before = new Set(threadNices().keys());
    const worker = new Worker(path.join(packageRoot(), 'dist/src/prepare/prepare-worker.js'), { workerData: {} });
    const lowered = (): number[] => [...threadNices()].filter(([tid, nice]) => !before.has(tid) && nice === Math.min(19, mainNice + 5)).map(([tid]) => tid);
    try {
      // The worker lowers its priority once its modules are loaded: wait for that, however
      // busy the machine is (a fixed half second was not always enough under the full suite).
      await waitUntil(() => lowered().length > 0);
      // The worker's own thread, and nothing else, runs at the lower priority.
      expect(lowered()).toHaveLength(1);
      expect(os.getPriority(process.pid)).toBe(mainNice);
    } finally {
      await worker.terminate();
    }
  });
});
