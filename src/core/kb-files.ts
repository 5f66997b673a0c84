import fs from 'node:fs';
import path from 'node:path';
import { hashFile, sha256 } from './hash-file.js';

/** KB-relative paths of files under `folder`, sorted; dot files only when asked. */
export function listFiles(root: string, folder: string, includeDotFiles = false): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirTyped(path.join(root, rel))) {
      if (!includeDotFiles && entry.name.startsWith('.')) continue;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk(folder);
  return out.sort();
}

/**
 * Read-only access to a KB's files by KB-relative path. Checks that read the wiki (doctor,
 * lint) take this rather than a root, so they can be fed a snapshot in tests.
 */
export interface KbFiles {
  list: (folder: string) => string[];
  exists: (relPath: string) => boolean;
  read: (relPath: string) => string | undefined;
  size: (relPath: string) => number;
  hash: (relPath: string) => Promise<string>;
}

export function kbFiles(root: string): KbFiles {
  const abs = (rel: string): string => path.join(root, ...rel.split('/'));
  return {
    list: (folder) => listFiles(root, folder),
    exists: (rel) => fs.existsSync(abs(rel)),
    read: (rel) => {
      try {
        return fs.readFileSync(abs(rel), 'utf8');
      } catch {
        return undefined;
      }
    },
    size: (rel) => fs.statSync(abs(rel)).size,
    hash: (rel) => hashSmallFileAtOnce(abs(rel)),
  };
}

/**
 * Files up to this size are hashed from one synchronous read. doctor and lint hash every raw
 * file: a stream per file costs four thread-pool round trips and a fresh 1 MiB buffer per
 * read, which at 20,000 small files was seconds of waiting and of collecting garbage.
 */
const READ_AT_ONCE_BYTES = 4 << 20;

async function hashSmallFileAtOnce(file: string): Promise<string> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return hashFile(file);
  }
  return size <= READ_AT_ONCE_BYTES ? sha256(fs.readFileSync(file)) : hashFile(file);
}

export function readdirTyped(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
