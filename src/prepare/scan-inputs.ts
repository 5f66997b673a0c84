import fs from 'node:fs';
import path from 'node:path';
import { KEPT_RAW_DIR } from '../core/kb-paths.js';

export interface ScannedFile {
  /** Absolute path as reached (through symlinks if any). */
  path: string;
  /** The path as the user will see it: relative to the working directory when inside it. */
  display: string;
  size: number;
  /** Named on the command line, not found by walking a folder: an unsupported type then fails. */
  named?: boolean;
  /** A copy of an original the KB stores in raw/, given to `kb add --reconvert` to convert again. */
  stored?: boolean;
  /** Where the stored copy's document was added from (plan-batch.ts): its name and path stay the document's. */
  original?: string;
}

export interface ScanProblem {
  display: string;
  reason: string;
}

export interface ScanResult {
  files: ScannedFile[];
  problems: ScanProblem[];
}

/**
 * Lists the files to add, in the one order every run uses: inputs in the order given, each
 * folder walked depth-first with entries sorted by name (code point order, the same on every
 * machine). Dot files and dot folders are skipped (that includes `.kb/`), and so is the KB's
 * own raw/ and wiki/ when a folder containing the KB is added. A symlink is followed only while
 * its target stays inside the input folder it was found in; a folder reached twice (a loop) is
 * walked once.
 */
export function scanInputs(inputs: readonly string[], options: { cwd: string; kbRoot: string; reconvert?: boolean }): ScanResult {
  const result: ScanResult = { files: [], problems: [] };
  const [raw, kept, wiki] = ['raw', KEPT_RAW_DIR, 'wiki'].map((d) => realpathOrSelf(path.join(options.kbRoot, d))) as [string, string, string];
  const kbOwn = new Set([raw, wiki]);
  const display = (p: string): string => {
    const rel = path.relative(options.cwd, p);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
  };
  for (const input of inputs) {
    const abs = path.resolve(options.cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (error) {
      result.problems.push({ display: input, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message });
      continue;
    }
    const real = realpathOrSelf(abs);
    const refusal = ownFolderRefusal(real, { raw, kept, wiki }, input, options.reconvert === true);
    if (refusal !== undefined) {
      result.problems.push({ display: input, reason: refusal });
      continue;
    }
    const stored = isInside(raw, real) ? { stored: true } : {};
    if (stat.isFile()) result.files.push({ path: abs, display: display(abs), size: stat.size, named: true, ...stored });
    else if (stat.isDirectory()) {
      const from = result.files.length;
      walk(abs, real, new Set(), stored.stored ? new Set([kept, wiki]) : kbOwn, display, result);
      if (stored.stored) for (const file of result.files.slice(from)) file.stored = true;
    } else result.problems.push({ display: input, reason: 'not a regular file or folder' });
  }
  return result;
}

/**
 * Why an input inside the KB's own folders is no input: wiki/ is kb's output; raw/ holds the
 * stored originals, which only `--reconvert` takes (to convert them again, say after an upgrade,
 * when the user's files have moved); raw/kept/ holds originals that belong to no document.
 */
function ownFolderRefusal(real: string, own: { raw: string; kept: string; wiki: string }, input: string, reconvert: boolean): string | undefined {
  if (isInside(own.wiki, real)) return "the knowledge base's own pages (wiki/) are what kb writes, not files to add";
  if (isInside(own.kept, real)) return 'originals kb set aside (raw/kept/) belong to no document; copy one out of the knowledge base to add it';
  if (isInside(own.raw, real) && !reconvert) return `the knowledge base's stored originals (raw/): kb add --reconvert ${input} converts them again`;
  return undefined;
}

function walk(dir: string, rootReal: string, visited: Set<string>, skip: Set<string>, display: (p: string) => string, result: ScanResult): void {
  const real = realpathOrSelf(dir);
  if (visited.has(real) || skip.has(real)) return;
  visited.add(real);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    result.problems.push({ display: display(dir), reason: `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    return;
  }
  for (const name of names.sort(compareCodePoints)) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    let stat: fs.Stats;
    try {
      const link = fs.lstatSync(full);
      if (link.isSymbolicLink()) {
        const target = fs.realpathSync(full);
        if (!isInside(rootReal, target)) {
          result.problems.push({ display: display(full), reason: 'symlink points outside the folder being added; skipped' });
          continue;
        }
      }
      stat = fs.statSync(full);
    } catch {
      result.problems.push({ display: display(full), reason: 'broken symlink or unreadable entry' });
      continue;
    }
    if (stat.isDirectory()) walk(full, rootReal, visited, skip, display, result);
    else if (stat.isFile()) result.files.push({ path: full, display: display(full), size: stat.size });
  }
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** True when `target` is `root` or below it (both absolute). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
