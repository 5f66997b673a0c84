import path from 'node:path';
import { NameReservations } from './doc-name.js';
import type { ScannedFile } from './scan-inputs.js';

/** What the registry can tell the planner; passed in so prepare/ stays independent of store/. */
export interface RegistryLookups {
  byHash(hash: string): { name: string; raw_path: string; original_path: string } | undefined;
  byOriginalPath(originalPath: string): { name: string } | undefined;
  existingNames(): Iterable<string>;
}

export type PlannedFile =
  | { index: number; file: ScannedFile; status: 'skipped' | 'failed'; reason: string; doc?: string }
  | {
      index: number;
      file: ScannedFile;
      status: 'prepare';
      ext: string;
      /** The converter the file is read with: its extension's, or plain text (read-as.ts). */
      readAs: string;
      hash: string;
      doc: string;
      /** Set when this path was added before with other bytes: that document is replaced. */
      replaces?: string;
    };

export interface PrecheckOptions {
  /** The converter key the file is read with, undefined when kb does not read it (read-as.ts). */
  readAs: (file: string) => string | undefined;
  maxFileBytes: number;
  /** Why a converter cannot run on this machine (OCR off, tesseract missing), by converter key. */
  unavailable?: (readAs: string) => string | undefined;
}

export type Precheck = { status: 'skipped' | 'failed'; reason: string } | { readAs: string };

/** Cheap checks before the file is hashed: type (a file with no extension is sniffed), size. */
export function precheck(file: ScannedFile, options: PrecheckOptions): Precheck {
  const ext = extensionOf(file.path);
  const readAs = options.readAs(file.path);
  // A folder holds all sorts of files and skipping the others is expected; a file the user
  // named and kb cannot add is a failure the exit status must show.
  if (readAs === undefined) return { status: file.named ? 'failed' : 'skipped', reason: `unsupported type ${ext || '(no extension, not text)'}` };
  if (file.size === 0) return { status: 'failed', reason: 'empty file' };
  if (file.size > options.maxFileBytes) {
    return { status: 'failed', reason: `file too large (${formatMb(file.size)} MB; the limit is ${formatMb(options.maxFileBytes)} MB, config limits.max_file_mb)` };
  }
  const unavailable = options.unavailable?.(readAs);
  if (unavailable !== undefined) return { status: file.named ? 'failed' : 'skipped', reason: unavailable };
  return { readAs };
}

/**
 * The prefilter and name reservation, in scan order, before any conversion starts: a hash
 * already registered or repeated earlier in this batch is skipped; every other file gets its
 * doc name now, so names never depend on which worker finishes first. With `reconvert`, a
 * registered hash is converted again and replaces its document, under its name, when the file
 * has the extension it was added with (its raw copy keeps its path).
 */
export function planBatch(
  files: readonly ScannedFile[],
  hashes: ReadonlyMap<number, string | { error: string }>,
  prechecks: ReadonlyMap<number, Precheck>,
  registry: RegistryLookups,
  options: { reconvert?: boolean } = {},
): PlannedFile[] {
  const names = new NameReservations(registry.existingNames());
  const seen = new Map<string, ScannedFile>();
  return files.map((file, index): PlannedFile => {
    const pre = prechecks.get(index);
    if (pre && 'status' in pre) return { index, file, ...pre };
    const hash = hashes.get(index);
    if (hash === undefined || typeof hash !== 'string') return { index, file, status: 'failed', reason: typeof hash === 'object' ? hash.error : 'not hashed' };
    const registered = registry.byHash(hash);
    const ext = extensionOf(file.path);
    // A file in the KB's raw/ is converted again only as the stored original of its document.
    if (file.stored && (registered === undefined || !file.path.endsWith(`${path.sep}${registered.raw_path.split('/').join(path.sep)}`))) {
      return { index, file, status: 'skipped', reason: 'not the stored original of any document in raw/' };
    }
    const again = registered !== undefined && options.reconvert === true && extensionOf(registered.raw_path) === ext;
    if (registered && !again) {
      const why = options.reconvert ? ` (added as ${extensionOf(registered.raw_path) || 'a file with no extension'}: --reconvert takes the same type)` : '';
      return { index, file, status: 'skipped', reason: `already in knowledge base as ${registered.name}${why}`, doc: registered.name };
    }
    const earlier = seen.get(hash);
    if (earlier) return { index, file, status: 'skipped', reason: `duplicate of ${earlier.display}` };
    seen.set(hash, file);
    if (registered) {
      const stored = file.stored ? { file: { ...file, original: registered.original_path } } : {};
      return { index, file, status: 'prepare', ext, readAs: pre?.readAs ?? ext, hash, doc: registered.name, replaces: registered.name, ...stored };
    }
    const previous = registry.byOriginalPath(file.path);
    const doc = previous?.name ?? names.reserve(path.parse(file.path).name);
    return { index, file, status: 'prepare', ext, readAs: pre?.readAs ?? ext, hash, doc, ...(previous ? { replaces: previous.name } : {}) };
  });
}

export function extensionOf(file: string): string {
  return path.extname(file).toLowerCase();
}

function formatMb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}
