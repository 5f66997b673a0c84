/**
 * `npm run bench`: measures the transactional core side by side in one run, because absolute
 * times drift on shared machines. Prints ratios, not verdicts.
 *
 *   commit latency — applyChangeset of a typical document commit (raw publish, source and
 *   summary pages, a concept page, registry row) with 10 documents in the KB and again with
 *   2,000: the protocol must cost O(pages changed), never O(knowledge base).
 *   lock latency  — uncontended exclusive acquire + release of .kb/lock.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initKb } from '../src/commands/init.js';
import { applyChangeset } from '../src/commit/apply-changeset.js';
import type { Changeset } from '../src/commit/changeset.js';
import type { KbContext } from '../src/commit/kb-context.js';
import { withKbLock } from '../src/commit/with-kb-lock.js';
import { acquireFileLock } from '../src/core/file-lock.js';
import { kbPaths } from '../src/core/kb-paths.js';
import { silentLogger } from '../src/core/logger.js';
import { defaultConfig } from '../src/config/config-schema.js';
import { Store } from '../src/store/store.js';

const SAMPLES = 60;

function makeContext(root: string): KbContext {
  let n = 0;
  return {
    paths: kbPaths(root),
    config: defaultConfig(),
    store: Store.open(kbPaths(root).db),
    logger: silentLogger(),
    clock: { now: () => new Date() },
    ids: { journalId: () => `${Date.now().toString(36)}-${String(++n).padStart(8, '0')}` },
    command: 'kb bench',
    lockWaitMs: 10_000,
  };
}

function documentCommit(ctx: KbContext, i: number): Changeset {
  const name = `doc-${String(i).padStart(5, '0')}`;
  const staged = path.join(ctx.paths.staging, `${process.pid}-bench`, `${name}.txt`);
  fs.mkdirSync(path.dirname(staged), { recursive: true });
  fs.writeFileSync(staged, `raw bytes of ${name}\n`.repeat(50));
  const body = `# ${name}\n\n${'Some converted text. '.repeat(200)}\n`;
  return {
    op: 'add',
    detail: name,
    writes: [
      { path: `wiki/sources/${name}.md`, content: body },
      { path: `wiki/summaries/${name}.md`, content: body.slice(0, 600) },
      { path: `wiki/concepts/concept-${i % 50}.md`, content: `# concept ${i % 50}\n\nlast touched by ${name}\n` },
    ],
    publishes: [{ path: `raw/${name}.txt`, from: staged }],
    deletes: [],
    registry: [
      {
        kind: 'upsertDocument',
        doc: {
          name, title: name, hash: `h${i}`, original_path: `/in/${name}.txt`, raw_path: `raw/${name}.txt`,
          source_path: `wiki/sources/${name}.md`, summary_path: `wiki/summaries/${name}.md`, size: 1000,
          added_at: new Date().toISOString(), updated_at: new Date().toISOString(),
        },
      },
    ],
  };
}

async function commitLatencies(ctx: KbContext, from: number, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = from; i < from + count; i++) {
    const changeset = documentCommit(ctx, i);
    const started = process.hrtime.bigint();
    await withKbLock(ctx, 'exclusive', () => applyChangeset(ctx, changeset));
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'));
  try {
    initKb(root, new Date());
    const ctx = makeContext(root);
    console.log(`kb bench — ${os.cpus().length} cores, node ${process.version}, ${os.platform()}`);

    await commitLatencies(ctx, 0, 10);
    const small = await commitLatencies(ctx, 10, SAMPLES);
    process.stderr.write('filling the KB to 2,000 documents…\n');
    await commitLatencies(ctx, 10 + SAMPLES, 2000 - 10 - SAMPLES);
    const large = await commitLatencies(ctx, 2000, SAMPLES);
    const p50s = percentile(small, 50);
    const p50l = percentile(large, 50);
    console.log('\ncommit latency (applyChangeset: 3 pages + 1 raw publish + registry row)');
    console.log(`  with ~10 docs     p50 ${p50s.toFixed(2)} ms   p95 ${percentile(small, 95).toFixed(2)} ms`);
    console.log(`  with ~2,000 docs  p50 ${p50l.toFixed(2)} ms   p95 ${percentile(large, 95).toFixed(2)} ms`);
    console.log(`  ratio p50 2,000/10: ${(p50l / p50s).toFixed(2)}  (target ≤ 1.5)`);

    const lockTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = process.hrtime.bigint();
      const lock = await acquireFileLock(ctx.paths.lock, 'exclusive', { waitMs: 1000 });
      lock.release();
      lockTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    console.log(`\nlock acquire+release (uncontended)  p50 ${percentile(lockTimes, 50).toFixed(3)} ms   p95 ${percentile(lockTimes, 95).toFixed(3)} ms`);
    ctx.store.close();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
