import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { convertPdf } from '../src/prepare/converters/pdf.js';

export interface PdfSpeed {
  file: string;
  pages: number;
  oursColdPagesPerS: number;
  oursWarmPagesPerS: number;
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

/** Text extraction of one PDF: ours cold (first PDF in this process), ours warm, pdftotext. */
export async function measureLongPdf(file: string): Promise<PdfSpeed> {
  const bytes = fs.readFileSync(file);
  const input = { fileName: file, ext: '.pdf' };
  const cold = await timeAsync(() => convertPdf(bytes, input));
  const warmRuns: number[] = [];
  for (let i = 0; i < 3; i++) warmRuns.push((await timeAsync(() => convertPdf(bytes, input))).ms);
  const pages = cold.value.pages ?? 0;
  const warmMs = Math.min(...warmRuns);
  const result: PdfSpeed = {
    file,
    pages,
    oursColdPagesPerS: (pages * 1000) / cold.ms,
    oursWarmPagesPerS: (pages * 1000) / warmMs,
  };
  if (hasPdftotext()) {
    const runs = [0, 1, 2].map(() => pdftotextMs(file)).filter((ms): ms is number => ms !== undefined);
    if (runs.length > 0) result.pdftotextPagesPerS = (pages * 1000) / Math.min(...runs);
  }
  return result;
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
