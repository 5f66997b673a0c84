import path from 'node:path';
import { ExitCode, KbError, errnoCode } from './errors.js';

/**
 * Failures of the disk or of permissions, not of kb: a full disk, a read-only mount, a folder
 * the user may not write, a dying drive. They are reported as one line naming the path and
 * the cause, with exit 1 — never as "a bug in kb" (exit 70).
 */
const ERRNO_CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
};

/** better-sqlite3 raises these (extended codes start with them) when kb.db cannot be written. */
const SQLITE_CAUSES: Record<string, string> = {
  // Checked before SQLITE_IOERR: on a full disk SQLite cannot size kb.db-shm, before it writes anything.
  SQLITE_IOERR_SHMSIZE: 'no space for its -shm file',
  SQLITE_FULL: 'database or disk is full',
  SQLITE_IOERR: 'disk I/O error',
  SQLITE_READONLY: 'attempt to write a read-only database',
  SQLITE_CANTOPEN: 'unable to open database file',
};

export interface DiskFailure {
  /** The file or folder that could not be written, when the error says which. */
  path: string | undefined;
  /** "no space left on device (ENOSPC)" */
  cause: string;
  code: string;
}

/** The disk failure behind `error` (or behind its causes), or undefined for anything else. */
export function findDiskFailure(error: unknown): DiskFailure | undefined {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = errnoCode(e);
    if (code === undefined) continue;
    const errnoCause = ERRNO_CAUSES[code];
    const sqlite = Object.keys(SQLITE_CAUSES).find((prefix) => code === prefix || code.startsWith(`${prefix}_`));
    if (errnoCause === undefined && sqlite === undefined) continue;
    const at = e as { path?: unknown; dest?: unknown; file?: unknown };
    const where = [at.path, at.file].find((p): p is string => typeof p === 'string');
    return { path: where, cause: `${errnoCause ?? SQLITE_CAUSES[sqlite as string]} (${code})`, code };
  }
  return undefined;
}

export interface DescribeOptions {
  /** Names the file when the error does not (SQLite's errors carry no path). */
  fallbackPath?: string;
  /** Paths inside it are shown relative to it, as the user knows them (wiki/concepts/x.md). */
  root?: string;
}

/** `cannot write <path>: <cause>`. */
export function describeDiskFailure(failure: DiskFailure, options: DescribeOptions = {}): string {
  const where = failure.path ?? options.fallbackPath;
  if (where === undefined) return `cannot write: ${failure.cause}`;
  const rel = options.root === undefined ? where : path.relative(options.root, where);
  const shown = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : where;
  return `cannot write ${shown}: ${failure.cause}`;
}

/** A disk failure as the KbError the CLI reports (exit 1), or undefined when it is not one. */
export function toDiskError(error: unknown, options: DescribeOptions = {}): KbError | undefined {
  const failure = findDiskFailure(error);
  if (!failure) return undefined;
  return new KbError('DISK_WRITE_FAILED', ExitCode.someFailed, describeDiskFailure(failure, options), { cause: error });
}
