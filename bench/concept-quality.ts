/**
 * `npm run bench:concepts [-- <corpus-dir>] [--show page.html,…|all]`: the offline engine's
 * concept extraction against the PostgreSQL manual's back-of-book index, next to a plain
 * TF-IDF n-gram baseline, in one run, and the engine's scores weighted by corpus document frequencies. For every manual page the index links to: convert it
 * with kb's HTML converter, count document frequencies over those pages, take each method's
 * top k concepts and match them with the index terms of that page by canonical key
 * (pg-book-index.ts says how terms are read). Precision, recall and F1 are micro-averaged
 * over pages. The corpus is not on users' machines: without it the bench says so and exits 0.
 *
 * Tuning half and test half (issue 17): a page is in the tuning half when the first hex digit of
 * sha1 of its corpus file name ("pg-arrays.html") is below 8, else in the test half. The split is
 * fixed by the name alone, so it never moves when pages are added. Tune on the tuning half
 * only; every figure is reported on both halves and on all pages.
 *
 * Then the junk report (concept-junk.ts) for the README's samples/: the concept pages kb add
 * writes and the share of their titles that are no concept. The whole corpus's is printed by
 * whole-corpus-reports.ts, next in `npm run bench:concepts`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectCandidates, type DocumentCandidates } from '../src/analyze/collect-candidates.js';
import { conceptKey } from '../src/analyze/concept-key.js';
import { InMemoryDocumentFrequencies } from '../src/analyze/document-frequencies.js';
import { rankCandidates, rankConcepts, rankConceptsAgainstFrequencies, salientConcepts, type Concept } from '../src/analyze/rank-concepts.js';
import { collectNgrams, scoreTfidf } from '../src/analyze/tfidf-baseline.js';
import { sha256 } from '../src/core/hash-file.js';
import { convertHtml } from '../src/prepare/converters/html.js';
import { junkReport, printJunkReport } from './concept-junk.js';
import { addPage, emptyCounts, lenientScores, macroRecall, strictScores, type MatchCounts } from './concept-metrics.js';
import { parseBookIndex } from './pg-book-index.js';
import { fmt } from './stats.js';

const KS = process.env.KS ? process.env.KS.split(",").map(Number) : [10, 20];
const METHODS = [['offline engine', 'ours'], ['engine × corpus DF', 'oursDf'], ['tf-idf baseline', 'base']] as const;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Half = 'tuning' | 'test';
const HALVES = ['tuning', 'test', 'all'] as const;

/** The fixed split by file name: sha1(fileName)'s first hex digit < 8 is the tuning half. */
export function halfOf(fileName: string): Half {
  return parseInt(createHash('sha1').update(fileName).digest('hex')[0]!, 16) < 8 ? 'tuning' : 'test';
}

interface Page {
  file: string;
  half: Half;
  /** Canonical keys of the index terms pointing at the page. */
  truth: string[];
  ours: DocumentCandidates;
  baseline: DocumentCandidates;
}

interface Timings {
  convert: number;
  ours: number;
  baseline: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showAt = args.indexOf('--show');
  const show = new Set(showAt >= 0 ? (args.splice(showAt, 2)[1] ?? '').split(',') : []);
  const corpus = path.resolve(args[0] ?? path.join(REPO, '../shared/corpus'));
  const indexFile = path.join(corpus, 'ground-truth/pg-bookindex.html');
  if (!fs.existsSync(indexFile) || !fs.existsSync(path.join(corpus, 'html'))) {
    console.log(`concept-quality: no corpus at ${corpus} (needs ground-truth/pg-bookindex.html and html/); nothing to measure.`);
    return;
  }
  const started = performance.now();
  const timings: Timings = { convert: 0, ours: 0, baseline: 0 };
  const pages = await loadPages(corpus, parseBookIndex(fs.readFileSync(indexFile, 'utf8')), timings);
  const counts = measure(pages, timings, show);
  report(corpus, pages, counts);
  const kbStarted = performance.now();
  reportSummaries(summaryLinks(corpus, pages));
  console.log(`(kb add of the ${pages.length} pages and reading the summaries: ${fmt((performance.now() - kbStarted) / 1000)} s)`);
  const junkStarted = performance.now();
  // The whole corpus's junk report comes later, from the one add whole-corpus-reports.ts shares.
  console.log('\n# Junk concept titles (kb add, offline engine)');
  printJunkReport(junkReport(path.join(REPO, 'dist/src/bin/kb.js'), 'samples/', [path.join(REPO, 'samples')]));
  console.log(`(junk report: ${fmt((performance.now() - junkStarted) / 1000)} s)`);
  console.log(`time: convert ${fmt(timings.convert / 1000)} s, offline engine ${fmt(timings.ours / 1000)} s (candidates + ranking at both k), baseline ${fmt(timings.baseline / 1000)} s, total ${fmt((performance.now() - started) / 1000)} s`);
}

/** Converts each indexed page and collects both methods' candidates (file-local work). */
async function loadPages(corpus: string, index: Map<string, string[]>, timings: Timings): Promise<Page[]> {
  const pages: Page[] = [];
  for (const file of fs.readdirSync(path.join(corpus, 'html')).sort()) {
    // The corpus names the manual's page x.html "pg-x.html".
    const terms = index.get(file.replace(/^pg-/, ''));
    if (!terms || !file.endsWith('.html')) continue;
    let t = performance.now();
    const doc = await convertHtml(fs.readFileSync(path.join(corpus, 'html', file)), { fileName: file, ext: '.html' });
    timings.convert += performance.now() - t;
    t = performance.now();
    const ours = collectCandidates({ title: doc.title, markdown: doc.markdown, sectionTitles: doc.sections.map((s) => s.title) });
    timings.ours += performance.now() - t;
    t = performance.now();
    const baseline = collectNgrams(doc);
    timings.baseline += performance.now() - t;
    const truth = [...new Set(terms.map(conceptKey).filter((k) => k.length > 0))].sort();
    pages.push({ file, half: halfOf(file), truth, ours, baseline });
  }
  return pages;
}

/**
 * Ranks every page with each method at each k. The engine ranks by the document alone; the
 * "× corpus DF" row weights the same scores by document frequencies over all the pages, the
 * reference that shows what order independence costs (rank-concepts.ts localStrength).
 */
function measure(pages: readonly Page[], timings: Timings, show: ReadonlySet<string>): Map<string, MatchCounts> {
  const oursDf = InMemoryDocumentFrequencies.fromDocuments(pages.map((p) => p.ours.candidates.map((c) => c.key)));
  const baseDf = InMemoryDocumentFrequencies.fromDocuments(pages.map((p) => p.baseline.candidates.map((c) => c.key)));
  const counts = new Map<string, MatchCounts>();
  const at = (half: string, id: string, k: number): MatchCounts => {
    const key = `${half}:${id}@${k}`;
    let c = counts.get(key);
    if (!c) counts.set(key, (c = emptyCounts()));
    return c;
  };
  for (const k of KS) {
    for (const page of pages) {
      const add = (id: string, predicted: string[]): void => {
        for (const half of [page.half, 'all']) addPage(at(half, id, k), predicted, page.truth);
      };
      let t = performance.now();
      const oursTop = rankConcepts(page.ours, { max: k });
      timings.ours += performance.now() - t;
      add('oursDf', rankConceptsAgainstFrequencies(page.ours, oursDf, { max: k }).map((c) => c.key));
      t = performance.now();
      const baseTop = rankCandidates(page.baseline, { max: k }, (c) => scoreTfidf(c, baseDf));
      timings.baseline += performance.now() - t;
      add('ours', oursTop.map((c) => c.key));
      add('base', baseTop.map((c) => c.key));
      if (k === KS[KS.length - 1] && (show.has(page.file) || show.has('all'))) showPage(page, oursTop, baseTop);
    }
  }
  // What kb names on a summary: the document's own concepts, as many as it has (SALIENT_SHARE).
  for (const page of pages) {
    const t = performance.now();
    const named = salientConcepts(page.ours).map((c) => c.key);
    timings.ours += performance.now() - t;
    for (const half of [page.half, 'all']) addPage(at(half, 'named', 0), named, page.truth);
  }
  return counts;
}

function report(corpus: string, pages: readonly Page[], counts: Map<string, MatchCounts>): void {
  const truthTerms = pages.reduce((n, p) => n + p.truth.length, 0);
  const inHalf = (half: string): Page[] => pages.filter((p) => half === 'all' || p.half === half);
  console.log(`# Concept extraction vs the PostgreSQL back-of-book index`);
  console.log(`corpus ${corpus}: ${pages.length} pages referenced by the index, ${truthTerms} distinct index terms on them (${fmt(truthTerms / Math.max(1, pages.length), 1)} per page)`);
  console.log(`halves by file name (sha1(fileName)'s first hex digit < 8 = tuning): tuning ${inHalf('tuning').length} pages, test ${inHalf('test').length} pages; tune on the tuning half only`);
  console.log('micro-averaged over pages; strict = equal canonical keys, lenient = one key contains the other as whole words\n');
  console.log('half    method             k   strict P   R      F1     lenient P   R      F1');
  for (const half of HALVES) {
    for (const k of KS) {
      for (const [label, id] of METHODS) {
        const c = counts.get(`${half}:${id}@${k}`) ?? emptyCounts();
        console.log(`${half.padEnd(7)} ${label.padEnd(18)} ${String(k).padStart(2)}  ${scoreColumns(c)}`);
      }
    }
    const named = counts.get(`${half}:named@0`) ?? emptyCounts();
    console.log(`${half.padEnd(7)} ${'its own concepts'.padEnd(18)} ${fmt(named.predicted / Math.max(1, named.pages), 1).padStart(2)}  ${scoreColumns(named)}`);
  }
  console.log("\n'its own concepts': what kb add names on a summary, the concepts the engine picks for the document (rank-concepts.ts selectSalient), as many as it has; k is their mean number a page.");
  for (const half of HALVES) {
    const group = inHalf(half);
    const terms = group.reduce((n, p) => n + p.truth.length, 0);
    const macro = (id: string): string => KS.map((k) => `${fmt(macroRecall(counts.get(`${half}:${id}@${k}`) ?? emptyCounts()), 3)} at k=${k}`).join(', ');
    const ceiling = (k: number): string => fmt(group.reduce((n, p) => n + Math.min(k, p.truth.length), 0) / Math.max(1, terms), 3);
    // Exactly k a page: even with every index term ranked first, precision is at most (terms that fit) / (k × pages).
    const bestF1 = (k: number): string => fmt((2 * group.reduce((n, p) => n + Math.min(k, p.truth.length), 0)) / Math.max(1, k * group.length + terms), 3);
    const reachable = (pick: (p: Page) => DocumentCandidates): number =>
      group.reduce((n, p) => n + p.truth.filter((t) => pick(p).candidates.some((c) => c.key === t)).length, 0);
    console.log(`\n${half}: strict recall macro-averaged over pages: offline engine ${macro('ours')}; baseline ${macro('base')}`);
    console.log(`${half}: best strict F1 possible with exactly k concepts a page: ${KS.map((k) => `${bestF1(k)} at k=${k}`).join(', ')}`);
    console.log(`${half}: best micro recall possible with k concepts a page: ${KS.map((k) => `${ceiling(k)} at k=${k}`).join(', ')}; index terms that are a candidate at all: offline engine ${reachable((p) => p.ours)}, baseline ${reachable((p) => p.baseline)} of ${terms}`);
  }
}

function scoreColumns(c: MatchCounts): string {
  const s = strictScores(c);
  const l = lenientScores(c);
  return `${fmt(s.precision, 3).padStart(8)}   ${fmt(s.recall, 3)}  ${fmt(s.f1, 3)}  ${fmt(l.precision, 3).padStart(9)}   ${fmt(l.recall, 3)}  ${fmt(l.f1, 3)}`;
}

/**
 * What a user gets: the pages added with the real `kb add` (built CLI, offline engine) into a
 * fresh knowledge base, in scan order, and the concepts each summary page links. Unlike the
 * table above, each document is ranked against the document frequencies of the pages added
 * before it (an incremental KB), from the candidates prepare ships, as the commit does.
 */
function summaryLinks(corpus: string, pages: readonly Page[]): Map<string, MatchCounts> {
  const kbBin = path.join(REPO, 'dist/src/bin/kb.js');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-concept-quality-'));
  const kb = (args: string[]): string => {
    const run = spawnSync(process.execPath, [kbBin, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0) throw new Error(`kb ${args.slice(0, 4).join(' ')} … exited ${run.status}: ${run.stderr}`);
    return run.stdout;
  };
  try {
    const root = path.join(work, 'kb');
    const files = pages.map((p) => path.join(corpus, 'html', p.file));
    kb(['init', root]);
    kb(['--kb', root, '--offline', '--quiet', 'add', '--jobs', '2', ...files]);
    const listed = JSON.parse(kb(['--kb', root, 'list', '--json'])) as Array<{ hash: string; summary: string }>;
    const summaryOf = new Map(listed.map((d) => [d.hash, d.summary]));
    const counts = new Map<string, MatchCounts>(HALVES.map((h) => [h, emptyCounts()]));
    pages.forEach((page, i) => {
      const summary = summaryOf.get(sha256(fs.readFileSync(files[i]!)));
      if (summary === undefined) throw new Error(`${page.file} was not added`);
      const linked = linkedConcepts(fs.readFileSync(path.join(root, summary), 'utf8'));
      for (const half of [page.half, 'all']) addPage(counts.get(half)!, linked, page.truth);
    });
    return counts;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Canonical keys of the concepts a summary page links under "## Concepts", by their shown names. */
function linkedConcepts(summary: string): string[] {
  const section = summary.split(/^## Concepts$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...new Set([...section.matchAll(/\[\[concepts\/[^|\]]+\|([^\]]+)\]\]/g)].map((m) => conceptKey(m[1]!)))];
}

function reportSummaries(counts: Map<string, MatchCounts>): void {
  const all = counts.get('all')!;
  console.log(`\nkb add, concepts each summary links (${fmt(all.predicted / Math.max(1, all.pages), 1)} a page; config compile.concepts_per_document):`);
  for (const half of HALVES) console.log(`${half.padEnd(7)} ${'summaries'.padEnd(18)} ${'-'.padStart(2)}  ${scoreColumns(counts.get(half)!)}`);
}

/** `--show`: both rankings of a page side by side, index terms marked +. */
function showPage(page: Page, ours: Concept[], base: Concept[]): void {
  const truth = new Set(page.truth);
  const mark = (c: Concept): string => `${truth.has(c.key) ? '+' : ' '}${c.name} (${c.key}) ${fmt(c.score)}`;
  console.log(`\n## ${page.file}\ntruth: ${page.truth.join(' | ')}`);
  const ourKeys = new Set(ours.map((c) => c.key));
  const missed = page.truth.filter((t) => !ourKeys.has(t)).map((t) => `${t}${page.ours.candidates.some((c) => c.key === t) ? '' : ' [no candidate]'}`);
  console.log(`missed by ours: ${missed.join(' | ')}`);
  for (let i = 0; i < Math.max(ours.length, base.length); i++) {
    console.log(`${String(i + 1).padStart(2)}. ${(ours[i] ? mark(ours[i]!) : '').padEnd(60)} ${base[i] ? mark(base[i]!) : ''}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
