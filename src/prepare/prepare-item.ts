import fs from 'node:fs';
import path from 'node:path';
import { analyzeDocument, unitSource, type AnalysisLimits, type DocumentAnalysis } from '../analyze/analyze-document.js';
import { renderSourcePage } from '../compile/document-pages.js';
import { fsyncPathAsync, renameIntoPlace, writeTempFile } from '../core/atomic-write.js';
import { describeDiskFailure, findDiskFailure } from '../core/disk-error.js';
import { sha256 } from '../core/hash-file.js';
import { ConversionError, type SectionNode } from './converters/converted-document.js';
import { converterFor } from './converters/convert-document.js';
import type { OcrOptions } from './converters/converted-document.js';
import type { AskForHelp } from './serve-worker-tasks.js';
import type { Helpers } from './share-work.js';
import { sharedHtmlChunks } from './shared-html-chunks.js';
import { sharedPdfPages } from './shared-pdf-pages.js';
import { sharedTagging } from './shared-tagging.js';
import { bylineOf } from '../analyze/byline.js';

/** One file to prepare; everything it writes goes under `itemDir` (its staging folder). */
export interface PrepareTask {
  input: string;
  fileName: string;
  ext: string;
  /** The converter to read the file with when it is not its extension's (plain text: read-as.ts). */
  readAs?: string;
  hash: string;
  doc: string;
  itemDir: string;
  limits: AnalysisLimits;
  /**
   * How many other workers may help with a long document (page ranges of a big PDF, sections
   * of a long HTML page): the pool's size less one, 0 for `--jobs 1`, where one worker does all.
   */
  helpers?: number;
  /**
   * Whether the helpers also take a long HTML page's sections and a long document's tagging,
   * which pay only with a core to spare (share-work.ts hasSpareCore); else this worker does
   * them, and helpers take only a long PDF's pages.
   */
  spareCore?: boolean;
  /** Tests only: a long HTML page's chunk size (html-chunks.ts HTML_CHUNK_CHARS), so that a small page is cut. */
  htmlChunkChars?: number;
  /** Tests only: the asker of shared work waits until a helper claims a chunk (share-work.ts). */
  waitForHelp?: boolean;
  /** OCR for images and scanned PDF pages; absent when config ocr.enabled is false. */
  ocr?: OcrOptions;
}

export type PrepareResult =
  | {
      ok: true;
      /** Staged files, ready to publish by rename. */
      rawFile: string;
      sourceFile: string;
      analysis: DocumentAnalysis;
      /** Offsets count in the converted Markdown, i.e. the source page's body. */
      sections: SectionNode[];
      /** Text not in UTF-8: the encoding it was read in. */
      encoding?: string;
      /**
       * helpedChunks: chunks of a long document's work other workers did (share-work.ts);
       * helpedConvertChunks: those of its conversion (a PDF's page ranges, an HTML page's sections).
       */
      timings: { convertMs: number; totalMs: number; helpedChunks?: number; helpedConvertChunks?: number };
      /** What the file's outcome should warn about (an incomplete LLM answer, offline fallback). */
      warnings?: string[];
    }
  | { ok: false; reason: string };

export const RAW_NAME = 'raw';
export const SOURCE_NAME = 'source.md';

/**
 * Copy → convert → analyse → stage. Runs in a worker thread; touches nothing but its own
 * staging folder. The raw copy is re-hashed: if the file changed after the batch hashed it,
 * we would otherwise register bytes under the wrong hash.
 *
 * The staged files' fsyncs run on libuv's pool while this thread converts and analyses, and
 * are awaited before the result goes back: a worker blocked in fsync leaves its core idle
 * (about 5 ms a fsync here, two per file: a tenth of the time of a small file).
 */
export async function prepareItem(task: PrepareTask, ask?: AskForHelp): Promise<PrepareResult> {
  const started = Date.now();
  const syncs: Promise<void>[] = [];
  // Handled at once: a fsync that fails while the conversion still runs must not count as an
  // unhandled rejection (that would end the worker); Promise.all below still sees it.
  const inBackground = (sync: Promise<void>): void => {
    sync.catch(() => undefined);
    syncs.push(sync);
  };
  try {
    const result = await stageItem(task, inBackground, ask);
    await Promise.all(syncs);
    if (result.ok) result.timings.totalMs = Date.now() - started;
    return result;
  } catch (error) {
    // A failed item's staging is thrown away; its fsyncs must not outlive it unanswered.
    await Promise.allSettled(syncs);
    return failureOf(error);
  }
}

/** prepareItem's steps; `inBackground` takes the fsyncs that prepareItem awaits before answering. */
async function stageItem(task: PrepareTask, inBackground: (sync: Promise<void>) => void, ask?: AskForHelp): Promise<PrepareResult> {
  fs.mkdirSync(task.itemDir, { recursive: true });
  const rawFile = path.join(task.itemDir, RAW_NAME + task.ext);
  fs.copyFileSync(task.input, rawFile);
  // Published into the KB later by rename: its bytes must be on disk before the commit.
  inBackground(fsyncPathAsync(rawFile));
  // Read once: the bytes are hashed and converted from memory (converters need them whole).
  const bytes = fs.readFileSync(rawFile);
  if (sha256(bytes) !== task.hash) return { ok: false, reason: 'file changed while being added; add it again' };
  const converter = converterFor(task.readAs ?? task.ext);
  if (!converter) return { ok: false, reason: `unsupported type ${task.ext || '(no extension)'}` };
  const convertStarted = Date.now();
  const helpers: Helpers = { ask, count: task.helpers ?? 0, helpedChunks: 0, ...(task.waitForHelp ? { waitForHelp: true } : {}) };
  const pdfPages = sharedPdfPages(helpers, rawFile);
  const htmlChunks = sharedHtmlChunks(helpers, task.spareCore ?? false, task.htmlChunkChars);
  const htmlChunkChars = task.htmlChunkChars !== undefined ? { htmlChunkChars: task.htmlChunkChars } : {};
  const converted = await converter(bytes, { fileName: task.fileName, ext: task.ext, pdfPages, htmlChunks, ...htmlChunkChars, file: rawFile, ...(task.ocr ? { ocr: task.ocr } : {}) });
  const convertMs = Date.now() - convertStarted;
  const helpedConvertChunks = helpers.helpedChunks;
  // Contents fsynced, staging directory not: staged files reach the KB by a rename whose
  // target directory the commit fsyncs, and a crash before that discards staging anyway.
  // Written before the analysis, so that its fsync runs while the analysis does.
  const sourceFile = path.join(task.itemDir, SOURCE_NAME);
  // Who wrote it: the file's metadata, else the byline under its title (a paper's authors).
  const author = converted.metadata.author ?? bylineOf(converted);
  const page = renderSourcePage({ doc: task.doc, fileName: task.fileName }, author === undefined ? converted : { ...converted, metadata: { ...converted.metadata, author } });
  const pageTemp = writeTempFile(sourceFile, page, { durable: false });
  inBackground(fsyncPathAsync(pageTemp).then(() => renameIntoPlace(pageTemp, sourceFile)));
  // A long document's tagging and candidate collection, the larger part of its analysis, are shared out like its pages, with a core to spare.
  const { tagged, collected } = await sharedTagging(helpers, unitSource(converted), task.spareCore ?? false);
  const analysis = analyzeDocument(converted, task.limits, task.fileName, tagged, collected);
  const encoding = converted.encoding !== undefined ? { encoding: converted.encoding } : {};
  return { ok: true, rawFile, sourceFile, analysis, sections: converted.sections, ...encoding, timings: { convertMs, totalMs: 0, helpedChunks: helpers.helpedChunks, helpedConvertChunks } };
}

function failureOf(error: unknown): Extract<PrepareResult, { ok: false }> {
  if (error instanceof ConversionError) return { ok: false, reason: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { ok: false, reason: 'file disappeared while being added' };
  if (code === 'EACCES' || code === 'EPERM') return { ok: false, reason: 'permission denied' };
  // A full or failing disk under .kb/staging: the user's to fix, so say where and why.
  const disk = findDiskFailure(error);
  if (disk) return { ok: false, reason: describeDiskFailure(disk) };
  return { ok: false, reason: `could not convert: ${(error as Error).message.split('\n')[0]}` };
}
