import { createRequire } from 'node:module';
import path from 'node:path';
import { copyLoopbackMessagesInJs } from './pdfjs-plain-clone.js';
import { importPdfjsWorker } from './pdfjs-worker-source.js';

export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<Pdfjs> | undefined;

/**
 * pdf.js, loaded once per thread on first use (a batch without PDFs never pays for it) and
 * reused for every document. Prepare runs in worker threads, so pdf.js runs its parser on
 * the calling thread ("fake worker") rather than starting a worker of its own.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= importPdfjs();
  return loading;
}

async function importPdfjs(): Promise<Pdfjs> {
  // The legacy build (the one for Node) installs core-js polyfills that replace these
  // built-ins for the whole thread; the replacement Array#push alone costs pdf.js ~15% of
  // its text-extraction time. Node's own versions are what pdf.js's modern build uses.
  const natives = { push: Array.prototype.push, parse: JSON.parse, toString: Function.prototype.toString };
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // Handing pdf.js its parser module up front keeps it from importing one by URL.
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await importPdfjsWorker();
  Array.prototype.push = natives.push;
  JSON.parse = natives.parse;
  Function.prototype.toString = natives.toString;
  await copyLoopbackMessagesInJs(pdfjs);
  return pdfjs;
}

/** Local directory of pdf.js's CMaps: CJK text in PDFs needs them, and nothing is fetched. */
export const CMAP_DIR = `${path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps')}/`;
