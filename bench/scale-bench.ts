/**
 * `npm run bench:scale -- [--docs=1000,20000] [--keep=<dir>] [--max-add=<n>] [--jobs=2]
 * [--rounds=5] [--skip=lint,recompile] [--seed=1]`: how kb behaves as a knowledge base grows.
 *
 * A generated corpus (scale-corpus.ts) is added with the real `kb add` CLI up to each point
 * N, and at each point the bench times what a user runs, each in a child process: commit p50
 * and p95 (kb's own per-commit timings, from its debug log), `kb status`, `kb search`, `kb list
 * --json`, `kb doctor`, `kb lint`, `kb recompile --all`, peak RSS, sizes on disk and the pages
 * that must stay bounded. The smallest point's KB is kept as a copy; at each later point the
 * last PROBE_DOCS documents go into both KBs in alternating batches, and every read command
 * alternates between the two, so the ratios (figure at N / figure at the smallest point) are
 * measured side by side, as drift on a shared machine moves absolute times by 2× or more.
 *
 * `--keep=<dir>` keeps the KB and the figures (scale-results.json) there, so a later run goes
 * on from the documents it holds: the 100,000 point can be built in stages (`--max-add` caps
 * the documents one run adds). On a shared machine run it niced: `nice -n 10 npm run …`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runKb } from './scale-cli.js';
import { scaleQueries, scaleVocabulary } from './scale-corpus.js';
import { addGenerated, countDocs, describePoint, logCommitTimings, probeSideBySide, PROBE_DOCS, type PointResult } from './scale-point.js';
import { measureReads } from './scale-reads.js';
import { printPoint, printSummary } from './scale-report.js';

interface Options {
  docs: number[];
  keep?: string;
  maxAdd: number;
  jobs: number;
  rounds: number;
  skip: Set<string>;
  seed: number;
}

const USAGE = 'usage: npm run bench:scale -- [--docs=1000,20000] [--keep=<dir>] [--max-add=<n>] [--jobs=2] [--rounds=5] [--skip=lint,recompile] [--seed=1]';

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { docs: [1000, 20000], maxAdd: Infinity, jobs: 2, rounds: 5, skip: new Set(), seed: 1 };
  for (const arg of argv) {
    const [, key, value] = /^--([a-z-]+)=(.+)$/.exec(arg) ?? [];
    const count = (text: string): number => {
      const n = Number(text.replaceAll('_', ''));
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg}: not a positive whole number (${USAGE})`);
      return n;
    };
    if (key === 'docs') options.docs = [...new Set(value!.split(',').map(count))].sort((a, b) => a - b);
    else if (key === 'keep') options.keep = path.resolve(value!);
    else if (key === 'max-add') options.maxAdd = count(value!);
    else if (key === 'jobs') options.jobs = count(value!);
    else if (key === 'rounds') options.rounds = count(value!);
    else if (key === 'seed') options.seed = count(value!);
    else if (key === 'skip') options.skip = new Set(value!.split(','));
    else throw new Error(`unknown option ${arg} (${USAGE})`);
  }
  return options;
}

/**
 * A copy that kb takes for the same KB: kb takes a page whose size and mtime match its record as
 * unchanged and reads and hashes any other (find-hand-edits.ts), so a copy with new mtimes (as
 * fs.cpSync makes) would make status, doctor and every commit slower on the copy. `cp -a` keeps
 * mtimes to the nanosecond; utimes from Node rounds them.
 */
function copyKb(from: string, to: string): void {
  const copy = spawnSync('cp', ['-a', from, to], { encoding: 'utf8' });
  if (copy.status !== 0) throw new Error(`cp -a ${from} ${to} failed: ${copy.stderr || copy.error?.message}`);
}

function loadResults(file: string): Record<string, PointResult> {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, PointResult>) : {};
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const work = options.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kb-scale-'));
  const root = path.join(work, 'kb');
  const baseRoot = path.join(work, 'kb-base');
  const resultsFile = path.join(work, 'scale-results.json');
  console.log(`kb scale bench — ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; points ${options.docs.join(', ')}; --jobs ${options.jobs}; ${work}`);
  if (!fs.existsSync(path.join(root, '.kb'))) {
    const init = runKb(root, ['init', root]);
    if (init.status !== 0) throw new Error(`kb init failed: ${init.stderr}`);
  }
  logCommitTimings(root);
  const results = loadResults(resultsFile);
  const vocab = scaleVocabulary(options.seed);
  const readOptions = { rounds: options.rounds, queries: scaleQueries(vocab), skip: options.skip };
  let budget = options.maxAdd;
  try {
    for (const target of options.docs) {
      let docs = countDocs(root).docs;
      if (docs > target) {
        console.log(`\n## ${target} documents: the KB already holds ${docs}; ${results[target] ? 'figures from an earlier run below' : 'not measured'}`);
        continue;
      }
      // Past the first point, the last documents go in side by side with the first point's KB.
      const base = fs.existsSync(baseRoot) ? baseRoot : undefined;
      const mainTarget = base ? target - PROBE_DOCS : target;
      let add: ReturnType<typeof addGenerated> | undefined;
      if (docs < mainTarget) {
        const to = Math.min(mainTarget, docs + budget);
        if (to > docs) {
          process.stderr.write(`adding documents ${docs}..${to - 1}…\n`);
          add = addGenerated(work, root, vocab, options.seed, docs, to, options.jobs);
          budget -= add.added;
          docs = countDocs(root).docs;
        }
        if (docs < mainTarget) {
          console.log(`\n## stopped at ${docs} of ${target} documents (--max-add ${options.maxAdd}); run again with --keep=${work} to go on`);
          break;
        }
      }
      let probe: PointResult['probe'];
      if (base && docs < target) {
        process.stderr.write(`adding documents ${docs}..${target - 1} here and to the ${path.basename(base)} KB, alternating…\n`);
        probe = probeSideBySide(work, root, base, vocab, options.seed, docs, target, options.jobs);
      }
      if (!add && !probe && results[target]) continue;
      process.stderr.write(`measuring at ${target} documents…\n`);
      const kbs = [{ root, docs: target }, ...(base ? [{ root: base, docs: countDocs(base).docs }] : [])];
      const [reads, baseReads] = measureReads(kbs, readOptions);
      const point = describePoint(root, reads!, { ...(add ? { add } : {}), ...(probe ? { probe } : {}), ...(baseReads ? { baseReads } : {}) });
      results[target] = point;
      fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
      if (!base) copyKb(root, baseRoot);
      printPoint(point);
    }
    printSummary(Object.values(results).sort((a, b) => a.docs - b.docs));
  } finally {
    if (!options.keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
