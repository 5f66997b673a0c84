import { Worker } from 'node:worker_threads';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { ConversionError } from './converted-document.js';
import { loadPdfjs } from './load-pdfjs.js';
import { openPdf, readPage } from './pdf-open.js';
import type { PageText } from './pdf-page-text.js';

/**
 * Long PDFs are read by two threads: pdf.js extracts text at about half the pages/s of
 * poppler's pdftotext on one core, so a long document read alone (typically the last one
 * of a batch) would otherwise keep one core busy while the other waits. The converting
 * thread reads the first half of the pages; a helper thread, started once per converting
 * thread and kept, reads the second half from its own copy of the bytes. Page texts do not
 * depend on which thread reads them, so the result is the same bytes either way.
 */

export interface PageRangeRequest {
  id: number;
  bytes: Uint8Array;
  /** 1-based, inclusive. */
  from: number;
  to: number;
}

export type PageRangeReply = { id: number; pages: PageText[] } | { id: number; error: { name: string; message: string } };

/** Pages [from, to] of a document, read in this thread. */
export async function readPageRange(bytes: Uint8Array, from: number, to: number): Promise<PageText[]> {
  const doc = await openPdf(await loadPdfjs(), bytes);
  try {
    return await readPages(doc, from, to);
  } finally {
    await doc.destroy();
  }
}

export async function readPages(doc: PDFDocumentProxy, from: number, to: number): Promise<PageText[]> {
  const pages: PageText[] = [];
  for (let n = from; n <= to; n++) pages.push(await readPage(doc, n));
  return pages;
}

let helper: { worker: Worker; pending: Map<number, (reply: PageRangeReply) => void>; nextId: number } | undefined;

/** Pages [from, to], read by this thread's helper thread (started on first use). */
export function readPageRangeElsewhere(bytes: Uint8Array, from: number, to: number): Promise<PageText[]> {
  helper ??= startHelper();
  const { worker, pending } = helper;
  const id = helper.nextId++;
  return new Promise<PageText[]>((resolve, reject) => {
    pending.set(id, (reply) => {
      if ('pages' in reply) resolve(reply.pages);
      else reject(reply.error.name === 'ConversionError' ? new ConversionError(reply.error.message) : new Error(reply.error.message));
    });
    // While a request is out, the helper must keep this thread's event loop alive.
    worker.ref();
    worker.postMessage({ id, bytes, from, to } satisfies PageRangeRequest);
  });
}

function startHelper(): NonNullable<typeof helper> {
  const worker = new Worker(new URL('./pdf-pages-worker.js', import.meta.url));
  const state = { worker, pending: new Map<number, (reply: PageRangeReply) => void>(), nextId: 1 };
  worker.on('message', (reply: PageRangeReply) => {
    state.pending.get(reply.id)?.(reply);
    state.pending.delete(reply.id);
    if (state.pending.size === 0) worker.unref();
  });
  const fail = (error: Error): void => {
    for (const settle of state.pending.values()) settle({ id: 0, error: { name: 'Error', message: `PDF page reader failed: ${error.message}` } });
    state.pending.clear();
    if (helper === state) helper = undefined;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
  worker.unref();
  return state;
}
