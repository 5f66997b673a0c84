import type { ConvertedDocument } from '../../model/converted-document.js';
import type { PageText } from './pdf-page-text.js';

/** What converters produce is a model type, shared with the engines that read it. */
export type { ConvertedDocument, SectionNode } from '../../model/converted-document.js';

export interface ConvertInput {
  /** The original file name, for the fallback title and messages. */
  fileName: string;
  /** Lower-case extension with the dot, e.g. ".pdf". */
  ext: string;
  /** How a PDF's pages are read: all by this thread unless given (prepare shares ranges out). */
  pdfPages?: PdfPageReading;
  /** How a long HTML page's chunks are converted: all by this thread unless given (prepare shares them out). */
  htmlChunks?: HtmlChunkConversion;
  /** Tests only (KB_TEST_HTML_CHUNK_CHARS): a long HTML page's chunk size, so that a small page is cut. */
  htmlChunkChars?: number;
  /** OCR for images and scanned PDF pages; undefined when it is off (config ocr.enabled). */
  ocr?: OcrOptions;
  /** The file's bytes on disk (the staged copy), for tools that read a file (pdftoppm). */
  file?: string;
}

/** How OCR runs (ocr.ts): through the system's tesseract and pdftoppm. */
export interface OcrOptions {
  /** Tesseract language codes joined by `+` (config ocr.languages), e.g. `eng+deu`. */
  languages: string;
  /** A tool run longer than this is killed (the per-file prepare timeout). */
  timeoutMs: number;
  /** Tesseract processes at once for one file's pages (the worker pool's size). */
  concurrency?: number;
}

/** Reads pages `first` to `last` (1-based, inclusive) of the PDF being converted, in order. */
export type ReadPageRange = (first: number, last: number) => Promise<PageText[]>;

/**
 * Reads all `pageCount` pages of a PDF, in page order; `readHere` reads a range on this
 * thread. Whatever reads them, each page's text must be what `readHere` gives for it.
 */
export type PdfPageReading = (pageCount: number, readHere: ReadPageRange) => Promise<PageText[]>;

/** One chunk of a long HTML page as Markdown (not trimmed at its end), and its first <h1>'s text if it has one. */
export interface HtmlChunk {
  markdown: string;
  h1: string | undefined;
  /** Chunk 0 only: the page's <title>, whitespace collapsed. */
  pageTitle?: string;
}

/**
 * Converts the `chunks` chunks of the long HTML page `html` (html-chunks.ts), returning them in
 * chunk order; `runHere` converts one on this thread. Whatever converts a chunk, its result must
 * be what `runHere` gives for it.
 */
export type HtmlChunkConversion = (html: string, chunks: number, runHere: (chunk: number) => HtmlChunk) => Promise<HtmlChunk[]>;

/**
 * The input file cannot be converted: corrupt, encrypted, empty, binary behind a text
 * extension, invalid UTF-8 … `message` is one line a user can act on; the batch goes on.
 */
export class ConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversionError';
  }
}

export type Converter = (bytes: Uint8Array, input: ConvertInput) => Promise<ConvertedDocument>;
