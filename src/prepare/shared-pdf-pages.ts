import fs from 'node:fs';
import type { PdfPageReading } from './converters/converted-document.js';
import { readPages } from './converters/pdf.js';
import { openPdf } from './converters/pdf-open.js';
import type { PageText } from './converters/pdf-page-text.js';
import { helpWith, shareWork, type HelpAnswer, type Helpers, type HelpTask } from './share-work.js';

/**
 * Pages per chunk of a long PDF. Small enough that the workers finish together (the R
 * reference manual's 2,415 pages make 61 chunks), large enough that a chunk is worth a claim.
 */
export const PAGES_PER_CHUNK = 40;
/** A PDF of fewer pages is read by one worker: a helper's opening of the file would not pay. */
export const SPLIT_MIN_PAGES = 3 * PAGES_PER_CHUNK;

/** A helper's job: read page ranges of the PDF in `file` (the staged copy, hash checked). */
export interface PdfPagesJob {
  kind: 'pdf-pages';
  file: string;
  pages: number;
}

/**
 * How prepare reads a long PDF's pages: in ranges of PAGES_PER_CHUNK, shared with up to
 * `helpers.count` idle workers (share-work.ts), joined in page order. Each page's text depends on
 * that page alone (pdf-page-text.ts), so the pages are those one worker would read.
 */
export function sharedPdfPages(helpers: Helpers, file: string): PdfPageReading {
  return async (pageCount, readHere) => {
    if (!helpers.ask || helpers.count < 1 || pageCount < SPLIT_MIN_PAGES) return readHere(1, pageCount);
    const job: PdfPagesJob = { kind: 'pdf-pages', file, pages: pageCount };
    const ranges = await shareWork(helpers, job, Math.ceil(pageCount / PAGES_PER_CHUNK), (chunk) => readHere(...chunkRange(chunk, pageCount)));
    return ranges.flat();
  };
}

/** A helper's side: opens the PDF once, then reads the ranges it claims. */
export function helpReadPdfPages(task: HelpTask<PdfPagesJob>): Promise<HelpAnswer<PageText[]>> {
  return helpWith(task, async (job) => {
    const pdf = await openPdf(fs.readFileSync(job.file));
    if (pdf.pageCount !== job.pages) {
      pdf.close();
      throw new Error(`the PDF has ${pdf.pageCount} pages here, ${job.pages} for the asker`);
    }
    return { run: async (chunk) => readPages(pdf, ...chunkRange(chunk, job.pages)), close: async () => pdf.close() };
  });
}

function chunkRange(chunk: number, pageCount: number): [first: number, last: number] {
  return [chunk * PAGES_PER_CHUNK + 1, Math.min(pageCount, (chunk + 1) * PAGES_PER_CHUNK)];
}
