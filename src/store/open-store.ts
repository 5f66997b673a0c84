import { toDiskError } from '../core/disk-error.js';
import { ExitCode, KbError } from '../core/errors.js';
import { findUnwritable } from '../core/find-unwritable.js';
import type { KbPaths } from '../core/kb-paths.js';
import type { Logger } from '../core/logger.js';
import { Store } from './store.js';

/**
 * What a command does to the KB. `read`: it works on a KB it cannot write (docs/safety.md, "Read-only
 * knowledge bases"); `write`: on such a KB it stops before it starts, exit 1.
 */
export type KbAccess = 'read' | 'write';

/**
 * kb.db for a command. A writer on a KB it cannot write stops before anything changes, with
 * one line naming the path (exit 1). A reader opens it read-write when it may (recovery and a
 * first search's index need that), else — no permission, read-only media, or a disk too full
 * for SQLite's -shm file — read-only, and says so at -v.
 */
export function openStore(paths: KbPaths, access: KbAccess, logger: Logger): { store: Store; readOnly: boolean } {
  if (access === 'write') {
    const denied = findUnwritable([paths.raw, paths.wiki, paths.meta, paths.db, paths.journal, paths.backup]);
    if (denied) throw writeDenied(denied);
    try {
      return { store: Store.open(paths.db), readOnly: false };
    } catch (error) {
      throw toDiskError(error instanceof KbError ? error.cause : error, { root: paths.root, fallbackPath: paths.db }) ?? error;
    }
  }
  const denied = findUnwritable([paths.meta, paths.db]);
  if (!denied) {
    try {
      return { store: Store.open(paths.db), readOnly: false };
    } catch (error) {
      const disk = toDiskError(error instanceof KbError ? error.cause : error, { root: paths.root, fallbackPath: paths.db });
      if (!disk) throw error;
      logger.info({ event: 'store.read_only' }, `reading the knowledge base read-only: ${disk.message}`);
    }
  } else {
    logger.info({ event: 'store.read_only' }, `reading the knowledge base read-only: ${describe(denied)}`);
  }
  return { store: Store.open(paths.db, { readOnly: true }), readOnly: true };
}

function writeDenied(denied: { path: string; code: string }): KbError {
  return new KbError('KB_READ_ONLY', ExitCode.someFailed, describe(denied));
}

function describe(denied: { path: string; code: string }): string {
  return toDiskError(Object.assign(new Error(denied.code), { code: denied.code, path: denied.path }))?.message ?? `cannot write ${denied.path} (${denied.code})`;
}
