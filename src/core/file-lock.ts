import fs from 'node:fs';
import Database from 'better-sqlite3';
import { ExitCode, KbError } from './errors.js';

export type LockKind = 'shared' | 'exclusive';

export interface FileLockOptions {
  /** Give up after this long (exit 4). */
  waitMs: number;
  /** Called once, the first time the lock turns out to be busy. */
  onWait?: () => void;
  signal?: AbortSignal;
}

export interface FileLockHandle {
  kind: LockKind;
  release(): void;
}

const POLL_MS = 25;

/**
 * An OS-level reader/writer lock on `.kb/lock`, built on SQLite's own file locking (POSIX
 * fcntl locks in rollback-journal mode): a read transaction holds SHARED, `BEGIN EXCLUSIVE`
 * holds EXCLUSIVE. The kernel drops fcntl locks when the holder dies, so after `kill -9` the
 * next process gets the lock at once: no stale-lock timeouts, no preempting a live holder.
 *
 * We poll with busy_timeout 0 instead of letting SQLite sleep, because better-sqlite3 blocks
 * the event loop while it waits and kb add's prepare workers must keep being fed meanwhile.
 * Nothing else in this process may open the lock file: closing any fd on it would drop the
 * fcntl locks (SQLite itself takes care of its own descriptors).
 */
export async function acquireFileLock(lockFile: string, kind: LockKind, options: FileLockOptions): Promise<FileLockHandle> {
  const db = openLockDb(lockFile);
  const deadline = Date.now() + options.waitMs;
  let waited = false;
  for (;;) {
    if (tryLock(db, kind)) {
      return {
        kind,
        release: () => {
          if (db.inTransaction) db.exec('COMMIT');
          db.close();
        },
      };
    }
    if (options.signal?.aborted) {
      db.close();
      throw new KbError('INTERRUPTED', ExitCode.interrupted, 'interrupted while waiting for the knowledge-base lock');
    }
    if (Date.now() >= deadline) {
      db.close();
      throw new KbError('LOCK_TIMEOUT', ExitCode.lockTimeout, `timed out after ${(options.waitMs / 1000).toFixed(1)} s waiting for the knowledge-base lock`, {
        hint: 'another kb command is still working on this knowledge base; retry later or pass a longer --wait <seconds>',
      });
    }
    if (!waited) {
      waited = true;
      options.onWait?.();
    }
    await sleep(Math.min(POLL_MS + Math.random() * POLL_MS, Math.max(1, deadline - Date.now())), options.signal);
  }
}

/** Creates the lock database with one table, so taking a lock never has to write to it. */
export function createLockFile(lockFile: string): void {
  const db = new Database(lockFile);
  try {
    db.exec('CREATE TABLE IF NOT EXISTS lock_marker (note TEXT)');
  } finally {
    db.close();
  }
}

function openLockDb(lockFile: string): Database.Database {
  if (!fs.existsSync(lockFile)) createLockFile(lockFile);
  const db = new Database(lockFile, { timeout: 0, fileMustExist: true });
  return db;
}

function tryLock(db: Database.Database, kind: LockKind): boolean {
  try {
    if (kind === 'exclusive') {
      db.exec('BEGIN EXCLUSIVE');
    } else {
      db.exec('BEGIN');
      // A read inside the transaction is what takes (and keeps) the SHARED lock.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    }
    return true;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return false;
    throw error;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
