import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { ConversionError } from './converted-document.js';
import { readPdfiumOutline, type OutlineEntry } from './pdf-outline.js';
import { pageText, type PageText, type TextRun } from './pdf-page-text.js';
import { PDFIUM_ERROR, pdfium, readUtf16 } from './pdfium.js';
import { texSymbol } from './tex-symbol-font.js';

/**
 * An open PDF in this thread's PDFium. Its bytes live in PDFium's memory until `close`, which
 * every caller must reach (try/finally): a worker reads many PDFs with one PDFium.
 */
export interface OpenPdf {
  pageCount: number;
  /** One page's text, 1-based; a page PDFium cannot load makes the whole file fail, naming the page. */
  readPage(n: number): PageText;
  /** The Info dictionary's non-empty entries by their PDF names (Title, Author, CreationDate, …). */
  info(keys: readonly string[]): Record<string, string>;
  /** The bookmarks that point at a page of this document, depth first. */
  outline(): OutlineEntry[];
  /** Whether page `n` paints an image (a page with no text that does is a scan). */
  paintsImage(n: number): boolean;
  close(): void;
}

/** FPDF_PAGEOBJ_IMAGE and FPDF_PAGEOBJ_FORM (fpdf_edit.h): an image, and a group that may hold one. */
const IMAGE_OBJECT = 3;
const FORM_OBJECT = 5;

/**
 * Opens a PDF with PDFium, mapping its failures to one-line reasons (encrypted, corrupt).
 * PDFium reads the bytes where they are put, so they are copied into its memory first; the
 * caller's array stays untouched.
 */
export async function openPdf(bytes: Uint8Array, password?: string): Promise<OpenPdf> {
  const module = await pdfium();
  const heap = module.pdfium.wasmExports.malloc(bytes.length);
  if (heap === 0) throw new ConversionError(`PDF too large to read (${bytes.length} bytes)`);
  // The heap's view is taken after malloc, which may have grown (and so replaced) it.
  (module.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8.set(bytes, heap);
  const doc = module.FPDF_LoadMemDocument(heap, bytes.length, password ?? '');
  if (doc === 0) {
    const error = module.FPDF_GetLastError();
    module.pdfium.wasmExports.free(heap);
    throw new ConversionError(openFailure(error));
  }
  let closed = false;
  return {
    pageCount: module.FPDF_GetPageCount(doc),
    readPage: (n) => readPage(module, doc, n),
    info: (keys) => readInfo(module, doc, keys),
    outline: () => readPdfiumOutline(module, doc),
    paintsImage: (n) => withPage(module, doc, n, (page) => holdsImage(module, module.FPDFPage_CountObjects(page), (i) => module.FPDFPage_GetObject(page, i), 0)),
    close: () => {
      if (closed) return;
      closed = true;
      module.FPDF_CloseDocument(doc);
      module.pdfium.wasmExports.free(heap);
    },
  };
}

function openFailure(error: number): string {
  if (error === PDFIUM_ERROR.PASSWORD) return 'encrypted PDF (password protected)';
  if (error === PDFIUM_ERROR.SECURITY) return 'encrypted PDF (unsupported security handler)';
  if (error === PDFIUM_ERROR.FORMAT) return 'corrupt PDF: not a PDF, or damaged beyond repair';
  return 'corrupt PDF: PDFium could not open it';
}

function withPage<T>(module: WrappedPdfiumModule, doc: number, n: number, use: (page: number) => T): T {
  const page = module.FPDF_LoadPage(doc, n - 1);
  if (page === 0) throw new ConversionError(`corrupt PDF: page ${n}: PDFium could not load it`);
  try {
    return use(page);
  } finally {
    module.FPDF_ClosePage(page);
  }
}

// Line breaks PDFium writes between the lines it finds on a page ("\r\n"), and what it puts in
// place of a hyphen at a line's end when a letter follows on the next line (FPDFText_IsHyphen
// tells it from the same code given for a glyph it cannot map, such as TeX's visible space).
const CR = 13;
const LF = 10;
const SOFT_HYPHEN = 2;
const SPACE = 32;
const TAB = 9;
/** Font weights above this are bold faces (cmbx12 is 545, a Bold 700); a Medium (500) is not. */
const BOLD_ABOVE = 500;

/**
 * A page's text as runs (pdf-page-text.ts): PDFium gives the characters in reading order with
 * the spaces and line breaks it infers from their positions; a run is the characters of one
 * text object on one line, with that object's baseline and type size.
 */
function readPage(module: WrappedPdfiumModule, doc: number, n: number): PageText {
  return withPage(module, doc, n, (page) => {
    const textPage = module.FPDFText_LoadPage(page);
    if (textPage === 0) throw new ConversionError(`corrupt PDF: page ${n}: PDFium could not read its text`);
    // Four doubles (a character's origin, or its box), six floats (its matrix, FS_MATRIX),
    // then its font's name.
    const scratch = module.pdfium.wasmExports.malloc(SCRATCH_BYTES);
    try {
      return pageText(textRuns(module, textPage, scratch));
    } finally {
      module.pdfium.wasmExports.free(scratch);
      module.FPDFText_ClosePage(textPage);
    }
  });
}

const FONT_NAME_AT = 32 + 24;
const FONT_NAME_BYTES = 128;
const SCRATCH_BYTES = FONT_NAME_AT + FONT_NAME_BYTES + 4;

/**
 * The text calls of the loop below, straight from the WebAssembly module. The package's
 * wrappers check and convert every argument of every call, and a page makes several calls
 * per character: through them, reading the R reference manual took 8.0 s instead of 4.3 s.
 * These are PDFium's C functions (fpdf_text.h) by their own names.
 */
interface RawTextCalls {
  FPDFText_GetUnicode(textPage: number, i: number): number;
  FPDFText_GetTextObject(textPage: number, i: number): number;
  FPDFText_HasUnicodeMapError(textPage: number, i: number): number;
  FPDFText_GetCharOrigin(textPage: number, i: number, x: number, y: number): number;
  FPDFText_GetCharBox(textPage: number, i: number, left: number, right: number, bottom: number, top: number): number;
  FPDFText_GetMatrix(textPage: number, i: number, matrix: number): number;
  FPDFText_GetFontSize(textPage: number, i: number): number;
  FPDFText_IsHyphen(textPage: number, i: number): number;
  FPDFText_GetFontWeight(textPage: number, i: number): number;
}

interface RuntimeHeaps {
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
}

/**
 * The page's runs. Two of PDFium's choices are undone, so that the lines are those a reader
 * sees:
 * - a break PDFium puts after a raised or lowered character (a footnote mark: "CTAN¹" then
 *   ":") is no break when the text goes on to the right on the line's baseline;
 * - a word hyphenated at a line's end keeps its hyphen and its two lines ("com-", "mand.").
 * A character PDFium could not map to Unicode is looked up in TeX's symbol font (tex-symbol-font.ts).
 */
function textRuns(module: WrappedPdfiumModule, textPage: number, scratch: number): TextRun[] {
  const raw = module.pdfium.wasmExports as unknown as RawTextCalls;
  // Views of PDFium's memory, taken after the last allocation (one that grows it replaces them).
  const { HEAPF32, HEAPF64 } = module.pdfium as unknown as RuntimeHeaps;
  const runs: TextRun[] = [];
  const count = module.FPDFText_CountChars(textPage);
  const origin = (i: number): { x: number; y: number } => {
    raw.FPDFText_GetCharOrigin(textPage, i, scratch, scratch + 8);
    return { x: HEAPF64[scratch >> 3]!, y: HEAPF64[(scratch + 8) >> 3]! };
  };
  const charRight = (i: number): number => {
    raw.FPDFText_GetCharBox(textPage, i, scratch, scratch + 8, scratch + 16, scratch + 24);
    return HEAPF64[(scratch + 8) >> 3]!;
  };
  const charAt = (i: number, code: number): string => {
    if (code >= SPACE && raw.FPDFText_HasUnicodeMapError(textPage, i) !== 1) return String.fromCodePoint(code);
    const named = module.FPDFText_GetFontInfo(textPage, i, scratch + FONT_NAME_AT, FONT_NAME_BYTES, scratch + FONT_NAME_AT + FONT_NAME_BYTES) > 0;
    const symbol = named ? texSymbol(module.pdfium.UTF8ToString(scratch + FONT_NAME_AT), code) : undefined;
    // A control character is a code no table maps: it stands for nothing a reader sees.
    return symbol ?? (code < SPACE && code !== TAB ? '' : String.fromCodePoint(code));
  };
  let run: TextRun | undefined;
  let lineStart: TextRun | undefined;
  let object = -1;
  /** After a break: the right edge of the line's last character. */
  let broken: { right: number } | undefined;
  for (let i = 0; i < count; i++) {
    const code = raw.FPDFText_GetUnicode(textPage, i);
    if (code === CR || code === LF) {
      if (run && !broken) broken = { right: charRight(i - 1) };
      continue;
    }
    if (code === SOFT_HYPHEN && raw.FPDFText_IsHyphen(textPage, i) === 1) {
      // PDFium joins a word hyphenated at a line's end; the page's lines keep it as printed,
      // for the residue pass that tells a broken word from a compound (pdf-page-residue.ts).
      if (run) {
        run.str += '-';
        run.hasEOL = true;
      }
      run = undefined;
      object = -1;
      continue;
    }
    const owner = raw.FPDFText_GetTextObject(textPage, i);
    // A space PDFium inferred belongs to no object: it joins the run it follows.
    if (run && !broken && (owner === 0 || owner === object)) {
      run.str += charAt(i, code);
      continue;
    }
    if (owner === 0 && code === SPACE) continue;
    object = owner;
    const at = origin(i);
    let lead = '';
    if (broken && run) {
      const continues = lineStart !== undefined && at.x >= broken.right - lineStart.height * 0.1 && Math.abs(at.y - lineStart.y) < lineStart.height * 0.6;
      if (!continues) run.hasEOL = true;
      // A gap wider than a thin space after a footnote mark is a word space.
      else if (at.x - broken.right > lineStart!.height * 0.15) lead = ' ';
    }
    raw.FPDFText_GetMatrix(textPage, i, scratch + 32);
    const m = (scratch + 32) >> 2;
    const [a, b, c, d] = [HEAPF32[m]!, HEAPF32[m + 1]!, HEAPF32[m + 2]!, HEAPF32[m + 3]!];
    const next: TextRun = {
      str: lead + charAt(i, code),
      y: at.y,
      height: raw.FPDFText_GetFontSize(textPage, i) * Math.hypot(c, d),
      upright: b === 0 && c === 0 && a > 0,
      hasEOL: false,
      bold: raw.FPDFText_GetFontWeight(textPage, i) > BOLD_ABOVE,
    };
    if (!run || run.hasEOL) lineStart = next;
    broken = undefined;
    run = next;
    runs.push(run);
  }
  return runs;
}

function readInfo(module: WrappedPdfiumModule, doc: number, keys: readonly string[]): Record<string, string> {
  const info: Record<string, string> = {};
  for (const key of keys) {
    const value = readUtf16(module, (buffer, size) => module.FPDF_GetMetaText(doc, key, buffer, size)).trim();
    if (value !== '') info[key] = value;
  }
  return info;
}

/** Whether the objects hold an image, looking into groups (form XObjects) a few levels deep. */
function holdsImage(module: WrappedPdfiumModule, count: number, object: (i: number) => number, depth: number): boolean {
  for (let i = 0; i < count; i++) {
    const item = object(i);
    const type = module.FPDFPageObj_GetType(item);
    if (type === IMAGE_OBJECT) return true;
    if (type === FORM_OBJECT && depth < 8 && holdsImage(module, module.FPDFFormObj_CountObjects(item), (j) => module.FPDFFormObj_GetObject(item, j), depth + 1)) return true;
  }
  return false;
}

/**
 * Loads PDFium now, by reading a one-page PDF: a prepare worker does so at start, while the
 * main thread is still hashing the batch, instead of on its first PDF.
 */
export async function warmUpPdfReader(): Promise<void> {
  const pdf = await openPdf(new TextEncoder().encode(TINY_PDF));
  try {
    pdf.readPage(1);
  } finally {
    pdf.close();
  }
}

// A tiny PDF: one empty page (no xref table, which PDFium rebuilds by scanning the objects).
const TINY_PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
