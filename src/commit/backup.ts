import fs from 'node:fs';
import path from 'node:path';
import { fsyncPath } from '../core/atomic-write.js';
import { durableFs } from '../core/durable-fs.js';
import { errnoCode } from '../core/errors.js';

/**
 * How a backup is taken. A hardlink is O(1) and exact, because kb never writes a file in
 * place: the live path gets a new inode and the backup keeps the old bytes. Where links are
 * not possible (EXDEV, EPERM, filesystems without them) we copy. Tests swap `link` to prove
 * the fallback.
 */
export interface LinkSeam {
  link(existing: string, newPath: string): void;
}

export const osLink: LinkSeam = { link: (a, b) => durableFs().link(a, b) };

const FALLBACK_CODES = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS']);

/** Makes `copy` hold the bytes of `original`, by link or, failing that, by a synced copy. */
export function linkOrCopy(original: string, copy: string, seam: LinkSeam = osLink): void {
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  try {
    seam.link(original, copy);
    return;
  } catch (error) {
    if (!FALLBACK_CODES.has(errnoCode(error) ?? '')) throw error;
  }
  durableFs().copyFile(original, copy);
  fsyncPath(copy);
}

/**
 * Backups of one journal lie flat in `.kb/backup/<id>/`, each named after its target's
 * KB-relative path with `/` escaped, so taking them costs one directory fsync however deep
 * the targets are, and a journal we cannot read still tells where each backup belongs.
 */
export function backupName(relPath: string): string {
  return relPath.replaceAll('%', '%25').replaceAll('/', '%2F');
}

/** The KB-relative path a backup file stands for (also reads the older nested layout). */
export function targetOfBackup(name: string): string {
  return name.split(path.sep).join('/').replaceAll('%2F', '/').replaceAll('%25', '%');
}
