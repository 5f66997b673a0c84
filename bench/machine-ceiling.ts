/**
 * What this machine gives JavaScript on two threads, measured in the same run as kb's own
 * `--jobs` figures: the ceiling those figures are read against.
 *
 * Two fixed workloads run in one worker thread, then in two at once (each doing the same
 * work), interleaved over rounds. Efficiency is the one-thread time over the two-thread wall
 * time: 1.0 means two threads did twice the work in the same time.
 * - `cpu`: an integer loop that allocates nothing;
 * - `alloc`: short-lived arrays, objects and strings, the shape of kb's text analysis and of
 *   pdf.js, which kb read PDFs with before PDFium (most of their time is allocation and
 *   young-generation garbage collection).
 * On the 2-core VMs kb is developed on, `cpu` scales at ~1.0 and `alloc` at ~0.6: the second
 * thread's collections and page faults compete for the same two cores, so no change inside
 * kb can bring allocation-heavy parallel work past what this line shows.
 */
import { Worker } from 'node:worker_threads';
import { fmt, percentile } from './stats.js';

const WORKLOADS = {
  cpu: `let x = 0; for (let i = 0; i < 4e8; i++) x = (x * 31 + i) | 0; return x;`,
  alloc: `let n = 0;
    for (let k = 0; k < 25; k++) {
      const rows = [];
      for (let i = 0; i < 100000; i++) rows.push({ i, word: 'w' + i, tags: [i & 7, i & 3] });
      n += rows.length;
    }
    return n;`,
} as const;
type Workload = keyof typeof WORKLOADS;

function runThreads(workload: Workload, threads: number): Promise<number> {
  const source = `const { parentPort } = require('node:worker_threads'); parentPort.postMessage((() => { ${WORKLOADS[workload]} })());`;
  const started = process.hrtime.bigint();
  const runs = Array.from({ length: threads }, () => {
    const worker = new Worker(source, { eval: true });
    return new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    }).finally(() => worker.terminate());
  });
  return Promise.all(runs).then(() => Number(process.hrtime.bigint() - started) / 1e6);
}

/** Prints, per workload, the median efficiency of two threads over `rounds` interleaved rounds. */
export async function benchMachineCeiling(rounds: number): Promise<void> {
  console.log(`\n## what this machine gives JavaScript on 2 threads (1 thread vs 2 doing the same work each), median of ${rounds} interleaved rounds`);
  for (const workload of Object.keys(WORKLOADS) as Workload[]) {
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const one = await runThreads(workload, 1);
      const two = await runThreads(workload, 2);
      ratios.push(one / two);
    }
    const label = workload === 'cpu' ? 'integer loop, no allocation' : 'allocation-heavy, like text analysis';
    console.log(
      `  ${workload.padEnd(5)} (${label}): efficiency ${fmt(percentile(ratios, 50))} (rounds: ${ratios.map((r) => fmt(r)).join(', ')}), ` +
        `speedup ${fmt(2 * percentile(ratios, 50))}`,
    );
  }
}
