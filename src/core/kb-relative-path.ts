import path from 'node:path';
import { KbError, ExitCode } from './errors.js';

/** The only top-level folders a changeset may touch; `.kb/` is kb's own bookkeeping. */
const WRITABLE_ROOTS = new Set(['raw', 'wiki']);

/**
 * Checks a KB-relative path before anything is written there: POSIX separators, no `..`, no
 * absolute paths, no empty or dot segments, and under raw/ or wiki/. Whatever a file name or
 * an LLM produced, nothing kb writes lands outside the KB root.
 */
export function assertKbRelativePath(relPath: string): string {
  const segments = relPath.split('/');
  const bad =
    relPath.length === 0 ||
    relPath.includes('\\') ||
    relPath.includes('\0') ||
    path.isAbsolute(relPath) ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    !WRITABLE_ROOTS.has(segments[0] ?? '') ||
    segments.length < 2;
  if (bad) {
    throw new KbError('KB_UNSAFE_PATH', ExitCode.internal, `refusing to write outside raw/ or wiki/: ${JSON.stringify(relPath)}`);
  }
  return relPath;
}

export function resolveInKb(root: string, relPath: string): string {
  return path.join(root, ...assertKbRelativePath(relPath).split('/'));
}
