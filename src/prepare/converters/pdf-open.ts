import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
// Before pdf-parse: it records the built-ins that pdf.js's polyfills replace (native-builtins.ts).
import { putBackNativeBuiltins } from './native-builtins.js';
import { PDFParse, VerbosityLevel, type InfoResult } from 'pdf-parse';
import { ConversionError } from './converted-document.js';
import { firstLineOf } from './first-line-of.js';
import { pageText, type PageText } from './pdf-page-text.js';

putBackNativeBuiltins();

/** An open PDF: pdf-parse's parser, its document info, and the pdf.js document it loaded. */
export interface OpenPdf {
  parser: PDFParse;
  /** Info dictionary, XMP, bookmarks; undefined when the PDF's catalog cannot give them. */
  info: InfoResult | undefined;
  doc: PDFDocumentProxy;
}

// pdf-parse depends on the pdf.js it drives; its CMaps are the ones that pdf.js expects.
const pdfParseRequire = createRequire(createRequire(import.meta.url).resolve('pdf-parse'));
/** Local directory of pdf.js's CMaps: CJK text in PDFs needs them, and nothing is fetched. */
export const CMAP_DIR = `${path.join(path.dirname(pdfParseRequire.resolve('pdfjs-dist/package.json')), 'cmaps')}/`;

/**
 * Opens a PDF with pdf-parse, mapping its failures to one-line reasons (encrypted, corrupt).
 * pdf.js runs its parser on the calling thread (its "fake worker" in Node), so this works
 * alike in the main thread and in kb's prepare workers.
 */
export async function openPdf(bytes: Uint8Array, password?: string): Promise<OpenPdf> {
  const parser = new PDFParse({
    // A copy: pdf.js detaches the buffer it is given, and the caller's bytes must stay usable.
    data: new Uint8Array(bytes),
    ...(password === undefined ? {} : { password }),
    // Warnings would go to the console, which belongs to the CLI.
    verbosity: VerbosityLevel.ERRORS,
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await loadedDocument(parser);
  } catch (error) {
    putBackNativeBuiltins();
    await parser.destroy().catch(() => undefined);
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new ConversionError('encrypted PDF (password protected)');
    }
    throw new ConversionError(`corrupt PDF: ${firstLineOf(error)}`);
  }
  // pdf.js loads its parser bundle, with its own polyfills, on the first document.
  putBackNativeBuiltins();
  // A broken outline or info dictionary is the PDF's problem, not a reason to lose its text.
  const info = await parser.getInfo().catch(() => undefined);
  return { parser, info, doc };
}

/**
 * The pdf.js document pdf-parse opened. pdf-parse's public getText flattens a page to one
 * string, losing the glyph heights and baselines kb reads paragraphs and titles from, and
 * its getInfo gives bookmarks their destinations, not their pages; both need the document.
 * pdf-parse keeps it behind `load()` (private in its types, the call its own getText and
 * getInfo begin with); test/converters-pdf.test.ts fails if a release renames it.
 */
async function loadedDocument(parser: PDFParse): Promise<PDFDocumentProxy> {
  const load: unknown = (parser as unknown as { load?: unknown }).load;
  if (typeof load !== 'function') throw new Error('this pdf-parse has no load(): kb needs the 2.x API');
  return (await (load as () => Promise<PDFDocumentProxy>).call(parser)) as PDFDocumentProxy;
}

/** One page's text; a page pdf.js cannot read makes the whole file fail, naming the page. */
export async function readPage(doc: PDFDocumentProxy, n: number): Promise<PageText> {
  try {
    const page = await doc.getPage(n);
    const text = pageText(await page.getTextContent());
    page.cleanup();
    return text;
  } catch (error) {
    throw new ConversionError(`corrupt PDF: page ${n}: ${firstLineOf(error)}`);
  }
}

/**
 * Loads pdf-parse and pdf.js's parser now, by reading a one-page PDF: a prepare worker does
 * so at start, while the main thread is still hashing the batch, instead of on its first PDF.
 */
export async function warmUpPdfReader(): Promise<void> {
  const { doc, parser } = await openPdf(new TextEncoder().encode(TINY_PDF));
  try {
    await readPage(doc, 1);
  } finally {
    await parser.destroy();
  }
}

// The smallest PDF pdf.js reads without repairs: one empty page (no xref table, which pdf.js
// rebuilds by scanning the objects, as it does for any PDF whose xref is off).
const TINY_PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
