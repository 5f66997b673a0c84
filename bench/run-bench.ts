/**
 * `npm run bench [-- <corpus> …]`: measurements side by side in one run, because absolute
 * times drift on shared machines. Without a corpus it generates one. Prints ratios; the
 * targets are those of the issues, shown next to each figure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initKb } from '../src/commands/init.js';
import { acquireFileLock } from '../src/core/file-lock.js';
import { kbPaths } from '../src/core/kb-paths.js';
import { conceptKey } from '../src/analyze/concept-key.js';
import { Store } from '../src/store/store.js';
import { generateCorpus, generateSmallFiles, SHARED_CONCEPT } from './generate-corpus.js';
import { benchReferenceManual, hasPdftotext, joinPdfs, measureLongPdf, measureManyPdfs, type PdfSpeed } from './pdf-speed.js';
import { benchConvertSpeed } from './convert-speed.js';
import { benchLongHtml } from './long-html-add.js';
import { benchMachineCeiling } from './machine-ceiling.js';
import { benchSearchLatency } from './search-latency.js';
import { benchSynthesisCost } from './synthesis-cost.js';
import { fmt, percentile } from './stats.js';

interface AddRun {
  wallMs: number;
  userMs: number;
  sysMs: number;
  maxRssKb: number;
  fdsAtStart: number;
  maxFds: number;
  commitMs: number[];
  compileMs: number[];
  applyMs: number[];
  added: number;
  skipped: number;
  failed: number;
}

const ADD_CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'add-child.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'));

function freshKb(name: string): string {
  const root = path.join(work, name);
  initKb(root, new Date());
  return root;
}

function runAdd(root: string, jobs: number, inputs: string[]): AddRun {
  const child = spawnSync(process.execPath, [ADD_CHILD, root, String(jobs), ...inputs], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (child.status !== 0) throw new Error(`add-child failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as AddRun;
}

function listFiles(dir: string, ext?: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && (!ext || entry.name.toLowerCase().endsWith(ext))) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/**
 * `--jobs 1/2/4` on one corpus, `reps` rounds, the three interleaved within each round so
 * that drift on a shared machine hits them alike. Medians per jobs value; the utilisation
 * ratio is also shown per round, to show how much the machine moved.
 */
function benchJobs(corpus: string, reps: number): void {
  const files = listFiles(corpus).length;
  console.log(`\n## kb add --jobs 1/2/4 on ${corpus} (${files} files), median of ${reps} interleaved round(s)`);
  const runs = new Map<number, AddRun[]>([[1, []], [2, []], [4, []]]);
  // The yardstick: two pdftotext processes on such PDFs. Measured in the same rounds,
  // so that the figure shows what the machine allows at the moment ours is measured.
  const pdfs = hasPdftotext() ? listFiles(corpus, '.pdf') : [];
  const pdftotext: { one: PoolRun; two: PoolRun }[] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const [jobs, list] of runs) list.push(runAdd(freshKb(`jobs${jobs}-${path.basename(corpus)}-${rep}`), jobs, [corpus]));
    const one = pdfs.length > 0 ? pdftotextPool(pdfs, 1) : undefined;
    const two = one ? pdftotextPool(pdfs, 2) : undefined;
    if (one && two) pdftotext.push({ one, two });
  }
  const median = (jobs: number, pick: (run: AddRun) => number): number => percentile((runs.get(jobs) ?? []).map(pick), 50);
  const wall = (jobs: number) => median(jobs, (r) => r.wallMs);
  const cpu = (jobs: number) => median(jobs, (r) => r.userMs + r.sysMs);
  console.log('jobs   wall s   speedup   files/s   cpu s (user+sys)   peak RSS MB   added/skipped/failed');
  for (const [jobs, list] of runs) {
    const last = list.at(-1) as AddRun;
    console.log(
      `${String(jobs).padEnd(6)} ${fmt(wall(jobs) / 1000).padStart(6)}   ${fmt(wall(1) / wall(jobs)).padStart(7)}   ${fmt((files * 1000) / wall(jobs), 1).padStart(7)}   ${fmt(cpu(jobs) / 1000).padStart(16)}   ${fmt(median(jobs, (r) => r.maxRssKb) / 1024, 0).padStart(11)}   ${last.added}/${last.skipped}/${last.failed}`,
    );
  }
  const perRound = (runs.get(1) ?? []).map((one, i) => {
    const two = (runs.get(2) ?? [])[i] as AddRun;
    return (one.userMs + one.sysMs) / (2 * two.wallMs);
  });
  console.log(
    `both cores busy: cpu(jobs 1) / (2 × wall(jobs 2)) = ${fmt(cpu(1) / (2 * wall(2)))} from the medians, ` +
      `${fmt(percentile(perRound, 50))} median of the rounds (rounds: ${perRound.map((r) => fmt(r)).join(', ')})  (target ≥ 0.9)`,
  );
  if (pdftotext.length > 0) {
    const ratios = pdftotext.map((round) => round.one.cpuMs / (2 * round.two.wallMs));
    console.log(
      `  the same ratio for pdftotext on the ${pdfs.length} PDF(s), 1 vs 2 processes at a time, in the same rounds: ` +
        `${fmt(percentile(ratios, 50))} median (rounds: ${ratios.map((r) => fmt(r)).join(', ')}): what this machine gives a native tool right now`,
    );
  }
}

interface PoolRun {
  wallMs: number;
  cpuMs: number;
}

/**
 * pdftotext over `files` with `parallel` processes at a time (xargs -P), output discarded.
 * CPU is the children's user + sys as the shell's `times` reports them, which counts every
 * process it waited for, xargs's children included. A file pdftotext cannot read still counts
 * the time it took to say so, as a failed file counts in `kb add`.
 */
function pdftotextPool(files: readonly string[], parallel: number): PoolRun | undefined {
  const script = `printf '%s\\0' "$@" | xargs -0 -P ${parallel} -I{} pdftotext -q {} /dev/null; times`;
  const started = process.hrtime.bigint();
  const run = spawnSync('sh', ['-c', script, 'sh', ...files], { encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  // `times`: the shell's own user and sys on the first line, its children's on the second.
  const children = (run.stdout ?? '').trim().split('\n').at(-1)?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (!children) return undefined;
  const [, um, us, sm, ss] = children.map(Number) as [number, number, number, number, number];
  return { wallMs, cpuMs: (um * 60 + us + sm * 60 + ss) * 1000 };
}

async function benchPdf(corpus: string, reps: number): Promise<void> {
  const pdfs = listFiles(corpus, '.pdf');
  if (pdfs.length === 0) return;
  console.log(`\n## PDF text extraction in ${corpus}${hasPdftotext() ? ' vs pdftotext' : ' (pdftotext not installed: no comparison)'}`);
  const many = await measureManyPdfs(pdfs);
  const manyRatio = many.pdftotextPagesPerS ? ` → ${fmt(many.oursPagesPerS / many.pdftotextPagesPerS)}×` : '';
  console.log(`all ${many.files} PDFs (${many.pages} pages): ours ${fmt(many.oursPagesPerS, 0)} p/s in one warm process; pdftotext ${many.pdftotextPagesPerS ? fmt(many.pdftotextPagesPerS, 0) : 'n/a'} p/s, one process per file${manyRatio}`);
  if (!many.longest) return;
  const rounds = Math.max(5, reps);
  printLongPdf('most pages', await measureLongPdf(many.longest, rounds));
  const joined = hasPdftotext() && pdfs.length > 1 ? joinPdfs(pdfs, path.join(work, 'joined.pdf')) : undefined;
  if (joined) printLongPdf(`the ${pdfs.length} PDFs joined into one by pdfunite`, await measureLongPdf(joined, rounds));
}

function printLongPdf(label: string, long: PdfSpeed): void {
  const ratio = (ours: number): string => (long.pdftotextPagesPerS ? ` (${fmt(ours / long.pdftotextPagesPerS)}× pdftotext)` : '');
  console.log(
    `${label}: ${path.basename(long.file)}, ${long.pages} pages, medians of ${long.rounds} interleaved rounds: pdftotext ${long.pdftotextPagesPerS ? fmt(long.pdftotextPagesPerS, 0) : 'n/a'} p/s; ` +
      `ours in a worker that has read a PDF before ${fmt(long.oursWarmPagesPerS, 0)} p/s${ratio(long.oursWarmPagesPerS)}  (target ≥ 0.8×), ` +
      `in a fresh process (Node and PDFium start-up included) ${fmt(long.oursFreshPagesPerS, 0)} p/s${ratio(long.oursFreshPagesPerS)}`,
  );
}

/**
 * Commit latency with 10, 1,070 and 2,000 documents in the KB, side by side. The KB is copied
 * as it passes 10 and 1,070 documents; then the three copies take the same 60 documents in
 * alternating batches of 20, so that drift on a shared machine hits all three alike (measured
 * one after the other, minutes apart, the ratio moved between 1.3 and 1.6 from run to run).
 */
function benchCommitLatency(): void {
  console.log('\n## commit latency (lock + compile + apply of one added document), the three sizes interleaved');
  const root = freshKb('latency');
  const dir = path.join(work, 'small');
  generateSmallFiles(path.join(dir, 'a'), 10, 0);
  generateSmallFiles(path.join(dir, 'c1'), 1060, 10);
  generateSmallFiles(path.join(dir, 'c2'), 930, 1070);
  // Batches of 20: each `kb add` process's first commits run colder code, and smaller batches
  // would let those set the median.
  const BATCHES = 3;
  const PER_BATCH = 20;
  for (let batch = 0; batch < BATCHES; batch++) generateSmallFiles(path.join(dir, 'probe', String(batch)), PER_BATCH, 2000 + batch * PER_BATCH);

  runAdd(root, 2, [path.join(dir, 'a')]);
  const smallKb = copyKb(root, 'latency-10');
  const pageAt10 = sharedConceptPage(smallKb);
  process.stderr.write('filling the KB to 1,070 and then 2,000 documents…\n');
  const fill = runAdd(root, 2, [path.join(dir, 'c1')]);
  const middleKb = copyKb(root, 'latency-1070');
  runAdd(root, 2, [path.join(dir, 'c2')]);
  const pageAt2000 = sharedConceptPage(root);

  const sizes = [
    { label: '10–70 docs in KB', root: smallKb, runs: [] as AddRun[] },
    { label: '1,070–1,130 docs in KB', root: middleKb, runs: [] as AddRun[] },
    { label: '2,000–2,060 docs in KB', root, runs: [] as AddRun[] },
  ];
  for (let batch = 0; batch < BATCHES; batch++) {
    for (const size of sizes) size.runs.push(runAdd(size.root, 2, [path.join(dir, 'probe', String(batch))]));
  }
  const [small, middle, large] = sizes.map((size) => ({
    label: size.label,
    commitMs: size.runs.flatMap((r) => r.commitMs),
    compileMs: size.runs.flatMap((r) => r.compileMs),
    applyMs: size.runs.flatMap((r) => r.applyMs),
  })) as [LatencySample, LatencySample, LatencySample];
  for (const run of [small, middle, large]) {
    console.log(
      `  ${run.label.padEnd(22)} p50 ${fmt(percentile(run.commitMs, 50))} ms   p95 ${fmt(percentile(run.commitMs, 95))} ms   (compile p50 ${fmt(percentile(run.compileMs, 50))} ms, apply p50 ${fmt(percentile(run.applyMs, 50))} ms)`,
    );
  }
  console.log(`  ratio p50 2,000/10: ${fmt(percentile(large.commitMs, 50) / percentile(small.commitMs, 50))}  (target ≤ 1.5)`);
  // A small KB creates most concept pages; once they exist a commit replaces them (with backups),
  // so the cost steps up early and must then stay flat: compare the two large points.
  console.log(`  ratio p50 2,000/1,070: ${fmt(percentile(large.commitMs, 50) / percentile(middle.commitMs, 50))}  (flat ≈ 1)`);
  console.log(
    `  page of the concept every document shares (${SHARED_CONCEPT}): ${pageAt10.bytes} bytes with ${pageAt10.docs} documents, ` +
      `${pageAt2000.bytes} bytes with ${pageAt2000.docs} (bounded: sections capped, further documents linked up to a fixed count)`,
  );
  console.log(`  concept pages: ${pageAt10.concepts} with 10 documents, ${pageAt2000.concepts} with 2,000`);
  console.log(`\n## descriptors over a ${fill.added}-file batch: ${fill.fdsAtStart} at start, ${fill.maxFds} at most (flat = no leak)`);
}

interface LatencySample {
  label: string;
  commitMs: number[];
  compileMs: number[];
  applyMs: number[];
}

/** A copy of a KB (no kb process is running on it): the same registry and pages under another root. */
function copyKb(root: string, name: string): string {
  const copy = path.join(work, name);
  fs.cpSync(root, copy, { recursive: true });
  return copy;
}

/** Size of the shared concept's page, how many documents it counts, and how many concept pages exist. */
function sharedConceptPage(root: string): { bytes: number; docs: number; concepts: number } {
  const store = Store.open(kbPaths(root).db);
  try {
    const key = conceptKey(SHARED_CONCEPT);
    const row = store.topics.get('concept', key);
    if (!row) throw new Error(`no concept page for ${SHARED_CONCEPT} (key ${key})`);
    return { bytes: fs.statSync(path.join(root, 'wiki/concepts', `${row.slug}.md`)).size, docs: row.docs, concepts: store.topics.count('concept') };
  } finally {
    store.close();
  }
}

async function benchLock(): Promise<void> {
  const root = freshKb('lock');
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = process.hrtime.bigint();
    const lock = await acquireFileLock(kbPaths(root).lock, 'exclusive', { waitMs: 1000 });
    lock.release();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  console.log(`\n## lock acquire+release, uncontended: p50 ${fmt(percentile(times, 50), 3)} ms, p95 ${fmt(percentile(times, 95), 3)} ms`);
}

const PARTS = ['jobs', 'pdf', 'html', 'types', 'commit', 'lock', 'search', 'synthesis'] as const;
type Part = (typeof PARTS)[number];

function parseArgs(argv: readonly string[]): { corpora: string[]; reps: number; only: ReadonlySet<Part> } {
  let reps = 3;
  let only = new Set<Part>(PARTS);
  const corpora: string[] = [];
  const usage = `usage: npm run bench -- [--reps=N] [--only=${PARTS.join(',')}] [corpus…]`;
  for (const arg of argv) {
    const repsMatch = /^--reps=(\d+)$/.exec(arg);
    const onlyMatch = /^--only=(.+)$/.exec(arg);
    if (repsMatch) reps = Math.max(1, Number(repsMatch[1]));
    else if (onlyMatch) {
      const parts = onlyMatch[1]!.split(',');
      const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
      if (unknown.length > 0) throw new Error(`unknown bench part ${unknown.join(', ')} (${usage})`);
      only = new Set(parts as Part[]);
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg} (${usage})`);
    else corpora.push(path.resolve(arg));
  }
  return { corpora, reps, only };
}

async function main(): Promise<void> {
  console.log(`kb bench — ${os.cpus().length} cores, node ${process.version}, ${os.platform()}`);
  const { corpora, reps, only } = parseArgs(process.argv.slice(2));
  if (corpora.length === 0 && (only.has('jobs') || only.has('pdf'))) {
    const generated = path.join(work, 'corpus');
    generateCorpus(generated, 150);
    console.log(`(no corpus given: generated 150 files in ${generated}; pass folders to measure others)`);
    corpora.push(generated);
  }
  try {
    if (only.has('jobs')) for (const corpus of corpora) benchJobs(corpus, reps);
    if (only.has('jobs')) await benchMachineCeiling(Math.max(3, reps));
    if (only.has('pdf')) for (const corpus of corpora) await benchPdf(corpus, reps);
    if (only.has('pdf')) benchReferenceManual(reps, freshKb);
    if (only.has('html')) await benchLongHtml(reps, work, freshKb);
    if (only.has('types')) await benchConvertSpeed(reps);
    if (only.has('commit')) benchCommitLatency();
    if (only.has('lock')) await benchLock();
    if (only.has('search')) await benchSearchLatency(work);
    if (only.has('synthesis')) await benchSynthesisCost(work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
