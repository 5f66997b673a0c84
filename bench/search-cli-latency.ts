/**
 * `kb search` as a user meets it: one CLI process per query, start-up included. The issue's
 * target (#18) is a p50 under 300 ms per call at 10,000 pages. Next to it, two floors: a bare
 * `node -e ''` (what no CLI can beat) and `kb --version` (kb's own start-up: loading its
 * modules and parsing argv, no KB opened). All five series alternate call by call, so that
 * drift on a shared machine hits them alike.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, percentile } from './stats.js';

const KB_BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin', 'kb.js');
const TARGET_P50_MS = 300;

export interface CliKb {
  label: string;
  root: string;
}

interface Series {
  label: string;
  args: (query: string) => string[];
  ms: number[];
}

/** Times `queries.length` calls of each series; every call must exit 0 (and searches find something). */
export function benchSearchCli(small: CliKb, large: CliKb, queries: readonly string[]): void {
  console.log(`\n## kb search latency per CLI call, start-up included (node ${KB_BIN} --kb <dir> search <query>)`);
  const search = (kb: CliKb, json: boolean): Series => ({
    label: `${kb.label}${json ? ' --json' : ''}`,
    args: (q) => [KB_BIN, '--kb', kb.root, ...(json ? ['--json'] : []), 'search', q],
    ms: [],
  });
  const floors: Series[] = [
    { label: "node -e ''", args: () => ['-e', ''], ms: [] },
    { label: 'kb --version', args: () => [KB_BIN, '--version'], ms: [] },
  ];
  const searches = [search(small, false), search(large, false), search(small, true), search(large, true)];
  // One warm-up round: the first spawn pays for cold file caches that no later call sees.
  for (const series of [...floors, ...searches]) run(series.args(queries[0] ?? 'x'));
  let found = 0;
  for (const q of queries) {
    for (const series of [...floors, ...searches]) {
      const { ms, stdout } = run(series.args(q));
      series.ms.push(ms);
      if (searches.includes(series) && !stdout.startsWith('no match')) found++;
    }
  }
  if (found === 0) throw new Error('no CLI search found anything: the generated KBs are not searchable from the CLI');
  // Start-up is CPU-bound: on a shared machine the load says more about the figures than the core count.
  const load = os.loadavg()[0]!;
  console.log(`  ${queries.length} queries, each once per series, the series alternating call by call (${found} of ${queries.length * searches.length} searches found something; load average ${fmt(load, 1)} on ${os.cpus().length} cores):`);
  const line = (s: Series): string => `  ${s.label.padEnd(21)} p50 ${fmt(percentile(s.ms, 50)).padStart(7)} ms   p95 ${fmt(percentile(s.ms, 95)).padStart(7)} ms   max ${fmt(Math.max(...s.ms)).padStart(7)} ms`;
  for (const s of [...floors, ...searches]) console.log(line(s));
  const [nodeFloor, kbFloor] = floors.map((s) => percentile(s.ms, 50)) as [number, number];
  const largeP50 = percentile(searches[1]!.ms, 50);
  console.log(`  10,000 pages: p50 ${fmt(largeP50)} ms (target < ${TARGET_P50_MS} ms: ${largeP50 < TARGET_P50_MS ? 'met' : 'NOT met'}); of it node start-up ${fmt(nodeFloor)} ms, kb's own start-up (kb --version less that) ${fmt(kbFloor - nodeFloor)} ms, loading search, opening the KB and searching ${fmt(largeP50 - kbFloor)} ms`);
}

function run(args: string[]): { ms: number; stdout: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { ms, stdout: child.stdout };
}
