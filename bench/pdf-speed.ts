import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertPdf } from '../src/prepare/converters/pdf.js';
import { fmt, percentile } from './stats.js';

const PDF_CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pdf-child.js');

export interface PdfSpeed {
  file: string;
  pages: number;
  rounds: number;
  /** PDFium loaded and used before in this process: a kb add worker after its first PDF. */
  oursWarmPagesPerS: number;
  /** A process of its own (Node, PDFium and its cold start included), as pdftotext is. */
  oursFreshPagesPerS: number;
  pdftotextPagesPerS?: number;
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

export function hasPdftotext(): boolean {
  return spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
}

function pdftotextMs(file: string): number | undefined {
  const run = time(() => spawnSync('pdftotext', ['-q', file, '-'], { stdio: ['ignore', 'ignore', 'ignore'] }));
  return run.value.status === 0 ? run.ms : undefined;
}

function freshProcessMs(file: string): number {
  const run = time(() => spawnSync(process.execPath, [PDF_CHILD, file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' }));
  if (run.value.status !== 0) throw new Error(`pdf-child failed on ${file}: ${run.value.stderr}`);
  return run.ms;
}

/**
 * Text extraction of one PDF, `rounds` interleaved rounds (ours warm, ours in a fresh
 * process, pdftotext), so that drift on a shared machine hits all three alike; medians.
 */
export async function measureLongPdf(file: string, rounds: number): Promise<PdfSpeed> {
  const bytes = fs.readFileSync(file);
  const input = { fileName: file, ext: '.pdf' };
  const pages = (await convertPdf(bytes, input)).pages ?? 0; // also warms this process up
  const warm: number[] = [];
  const fresh: number[] = [];
  const theirs: number[] = [];
  let theirsOk = hasPdftotext();
  for (let round = 0; round < rounds; round++) {
    warm.push((await timeAsync(() => convertPdf(bytes, input))).ms);
    fresh.push(freshProcessMs(file));
    if (!theirsOk) continue;
    const ms = pdftotextMs(file);
    if (ms === undefined) theirsOk = false;
    else theirs.push(ms);
  }
  const perS = (runs: number[]): number => (pages * 1000) / percentile(runs, 50);
  return {
    file,
    pages,
    rounds,
    oursWarmPagesPerS: perS(warm),
    oursFreshPagesPerS: perS(fresh),
    ...(theirsOk ? { pdftotextPagesPerS: perS(theirs) } : {}),
  };
}

/**
 * Many small PDFs: pages/s over all of them, ours in a warm process vs one pdftotext process
 * each. Also names the PDF with the most pages, for measureLongPdf.
 */
export async function measureManyPdfs(files: readonly string[]): Promise<{ files: number; pages: number; oursPagesPerS: number; pdftotextPagesPerS?: number; longest?: string }> {
  let pages = 0;
  let longest: { file: string; pages: number } | undefined;
  let oursMs = 0;
  let theirsMs = 0;
  let theirsOk = hasPdftotext();
  for (const file of files) {
    try {
      const run = await timeAsync(() => convertPdf(fs.readFileSync(file), { fileName: file, ext: '.pdf' }));
      pages += run.value.pages ?? 0;
      if (!longest || (run.value.pages ?? 0) > longest.pages) longest = { file, pages: run.value.pages ?? 0 };
      oursMs += run.ms;
    } catch {
      continue; // an unreadable PDF counts for neither side
    }
    if (theirsOk) {
      const ms = pdftotextMs(file);
      if (ms === undefined) theirsOk = false;
      else theirsMs += ms;
    }
  }
  return {
    files: files.length,
    pages,
    oursPagesPerS: (pages * 1000) / oursMs,
    ...(theirsOk ? { pdftotextPagesPerS: (pages * 1000) / theirsMs } : {}),
    ...(longest ? { longest: longest.file } : {}),
  };
}

/**
 * A PDF of hundreds of pages made of the corpus's own PDFs, joined by poppler's pdfunite
 * (installed with pdftotext), for when the corpus holds no long one. Undefined without
 * pdfunite or when joining fails (an encrypted input, say): then it is left out.
 */
export function joinPdfs(files: readonly string[], out: string): string | undefined {
  const readable = files.filter((file) => spawnSync('pdftotext', ['-q', '-l', '1', file, '-'], { stdio: 'ignore' }).status === 0);
  const joined = spawnSync('pdfunite', [...readable, out], { stdio: 'ignore' });
  return joined.status === 0 && fs.existsSync(out) ? out : undefined;
}

/** Where Debian's r-doc-pdf puts the R reference manual (2,415 pages): issue 19's long PDF. */
export const R_REFERENCE_MANUAL = ['/usr/share/R/doc/manual/fullrefman.pdf', '/usr/share/doc/r-doc-pdf/fullrefman.pdf'].find((file) => fs.existsSync(file));

const KB_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin', 'kb.js');

export interface LongPdfAdd {
  file: string;
  rounds: number;
  pdftotextMs: number[];
  /** Wall time of `kb --offline add --jobs N <file>` into a fresh KB, CLI start-up included, per round. */
  addMs: Map<number, number[]>;
  /** Peak RSS of those runs in KB (from /usr/bin/time), per round; empty without /usr/bin/time. */
  rssKb: Map<number, number[]>;
}

/**
 * `kb add` of one long PDF next to pdftotext, the issue's yardstick (pdftotext time / kb time):
 * `rounds` rounds, pdftotext and each `jobs` value interleaved within a round so that drift on
 * a shared machine hits all alike. `initKb` makes a fresh KB for each run.
 */
export function measureLongPdfAdd(file: string, rounds: number, jobs: readonly number[], initKb: (name: string) => string): LongPdfAdd {
  const timeTool = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const result: LongPdfAdd = { file, rounds, pdftotextMs: [], addMs: new Map(jobs.map((j) => [j, []])), rssKb: new Map(jobs.map((j) => [j, []])) };
  for (let round = 0; round < rounds; round++) {
    const theirs = pdftotextMs(file);
    if (theirs !== undefined) result.pdftotextMs.push(theirs);
    for (const n of jobs) {
      const root = initKb(`long-pdf-${n}-${round}`);
      const usage = path.join(root, '..', `usage-${n}-${round}.txt`);
      const args = [KB_CLI, '--kb', root, '--offline', 'add', '--jobs', String(n), file];
      const run = time(() =>
        timeTool
          ? spawnSync(timeTool, ['-f', '%M', '-o', usage, process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
          : spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' }),
      );
      if (run.value.status !== 0) throw new Error(`kb add --jobs ${n} ${file} failed: ${run.value.stderr}`);
      result.addMs.get(n)!.push(run.ms);
      if (timeTool) result.rssKb.get(n)!.push(Number(fs.readFileSync(usage, 'utf8').trim().split('\n').at(-1)));
    }
  }
  return result;
}

/**
 * Issue 19: `kb add` of the R reference manual (2,415 pages; Debian's r-doc-pdf, skipped when
 * absent) against pdftotext, --jobs 2 and --jobs 1, medians of interleaved rounds.
 */
export function benchReferenceManual(reps: number, freshKb: (name: string) => string): void {
  if (!R_REFERENCE_MANUAL || !hasPdftotext()) {
    console.log('\n## kb add of the R reference manual: skipped (needs r-doc-pdf and poppler-utils)');
    return;
  }
  const rounds = Math.max(3, reps);
  const run = measureLongPdfAdd(R_REFERENCE_MANUAL, rounds, [2, 1], freshKb);
  const theirs = percentile(run.pdftotextMs, 50);
  console.log(`\n## kb --offline add of ${R_REFERENCE_MANUAL} vs pdftotext, medians of ${rounds} interleaved rounds`);
  console.log(`pdftotext ${fmt(theirs / 1000)} s (rounds: ${run.pdftotextMs.map((ms) => fmt(ms / 1000)).join(', ')})`);
  for (const [jobs, times] of run.addMs) {
    const rss = run.rssKb.get(jobs) ?? [];
    const ratios = times.map((ms, i) => (run.pdftotextMs[i] ?? theirs) / ms);
    console.log(
      `kb add --jobs ${jobs}: ${fmt(percentile(times, 50) / 1000)} s (rounds: ${times.map((ms) => fmt(ms / 1000)).join(', ')}); ` +
        `pdftotext / kb = ${fmt(theirs / percentile(times, 50))} from the medians, ${fmt(percentile(ratios, 50))} median of the rounds` +
        `${jobs === 2 ? '  (target ≥ 1.0, ≥ 0.9 at least)' : ''}; peak RSS ${rss.length ? `${fmt(Math.max(...rss) / 1024, 0)} MB (max of rounds; target < 1024)` : 'n/a'}`,
    );
  }
}
