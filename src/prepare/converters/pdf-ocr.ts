import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConvertInput, OcrOptions } from './converted-document.js';
import pLimit from 'p-limit';
import { missingOcrTools, recogniseImage, renderPdfPage } from './ocr.js';
import { ocrLines } from './ocr-text.js';
import type { OpenPdf } from './pdf-open.js';
import type { PageText } from './pdf-page-text.js';

export interface ScannedPages {
  texts: PageText[];
  /** 1-based numbers of the pages whose text is tesseract's. */
  recognised: number[];
  /** Why scanned pages were left without text (OCR off, tools missing), when some were. */
  notRead?: string;
}

/**
 * Pages with no text layer that show an image are rendered (pdftoppm) and read (tesseract),
 * up to `ocr.concurrency` at once; the others keep the text PDFium read. A page's text depends on
 * that page alone, so the result is the same at any concurrency. Blank pages (no image) are
 * not sent to OCR: a separator page costs nothing.
 */
export async function recogniseScannedPages(pdf: OpenPdf, texts: PageText[], bytes: Uint8Array, input: ConvertInput): Promise<ScannedPages> {
  const blank = texts.flatMap((text, i) => (text.lines.some((line) => line.trim() !== '') ? [] : [i + 1]));
  const notRead = input.ocr ? missingOcrTools(true) : 'OCR is off: config ocr.enabled';
  // Without OCR, which blank pages are scans matters only for the reason a textless PDF fails.
  if (notRead && blank.length < texts.length) return { texts, recognised: [] };
  const scanned: number[] = [];
  for (const n of blank) if (pdf.paintsImage(n)) scanned.push(n);
  if (scanned.length === 0) return { texts, recognised: [] };
  if (notRead || !input.ocr) return { texts, recognised: [], ...(notRead ? { notRead } : {}) };
  const ocr: OcrOptions = input.ocr;
  const limit = pLimit(Math.max(1, ocr.concurrency ?? 1));
  const read = await withPdfOnDisk(bytes, input.file, (file) => Promise.all(scanned.map((n) => limit(async () => ocrLines(await recogniseImage(await renderPdfPage(file, n, ocr), ocr))))));
  const result = [...texts];
  scanned.forEach((n, i) => (result[n - 1] = { lines: read[i]!, largest: undefined }));
  return { texts: result, recognised: scanned };
}

/** pdftoppm reads a file: the staged copy when there is one, else the bytes written to a scratch file. */
async function withPdfOnDisk<T>(bytes: Uint8Array, file: string | undefined, use: (file: string) => Promise<T>): Promise<T> {
  if (file) return use(file);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-ocr-'));
  try {
    const copy = path.join(scratch, 'document.pdf');
    fs.writeFileSync(copy, bytes);
    return await use(copy);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
