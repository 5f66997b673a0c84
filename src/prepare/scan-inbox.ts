import fs from 'node:fs';
import path from 'node:path';
import { scanInputs } from './scan-inputs.js';

export interface InboxFile {
  /** Absolute path, as `kb add` would record it for the same file. */
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Names browsers and office programs give files they are still writing; the finished file
 * appears under its real name (a rename), which the next scan picks up.
 */
const PARTIAL_SUFFIXES = ['.part', '.partial', '.crdownload', '.download', '.tmp'];

export function isPartialDownload(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('~$') || lower.endsWith('~') || PARTIAL_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/**
 * The files of a watched folder, recursively, in `kb add`'s scan order and with its rules
 * (dot files and folders, so `.kb/`, and the KB's raw/ and wiki/ are skipped; symlinks only
 * inside the folder), minus partial downloads, each with the size and mtime that tell
 * whether it is still being written. Entries `kb add` would report as problems are left
 * out: a watcher looks every few seconds and must not repeat a complaint each time.
 */
export function scanInbox(dir: string, kbRoot: string): InboxFile[] {
  const files: InboxFile[] = [];
  for (const file of scanInputs([dir], { cwd: dir, kbRoot }).files) {
    if (isPartialDownload(path.basename(file.path))) continue;
    try {
      const stat = fs.statSync(file.path);
      files.push({ path: file.path, size: stat.size, mtimeMs: stat.mtimeMs });
    } catch {
      // Gone since the listing: the next scan no longer sees it either.
    }
  }
  return files;
}
