import fs from 'node:fs';
import Database from 'better-sqlite3';
import { ExitCode, KbError } from '../core/errors.js';

export interface SchemaSteps {
  isCurrent(db: Database.Database): boolean;
  upgrade(db: Database.Database): void;
}

/** Tries to read a snapshot before giving up on a kb.db that writers keep changing. */
const SNAPSHOT_ATTEMPTS = 5;

/**
 * kb.db for a reader that cannot write next to it (read-only media, a user without write
 * permission, a full disk). SQLite reads a WAL database read-only only when its -wal and -shm
 * files exist or can be created; kb closes cleanly, which deletes both, so on read-only media
 * they are usually absent. Then the whole of kb.db holds the last committed state, and we read
 * it into memory (marked as a rollback-journal database, bytes 18–19 of the header, since a
 * WAL database cannot be deserialized) — an O(size of kb.db) read, paid only in this case.
 * The copy in memory is upgraded to the current schema if it is older, then made query-only.
 */
export function openReadOnlyDatabase(file: string, schema: SchemaSteps): Database.Database {
  const direct = tryOpenInPlace(file);
  if (direct && schema.isCurrent(direct)) return direct;
  direct?.close();
  const db = new Database(readSnapshot(file));
  schema.upgrade(db);
  db.pragma('query_only = ON');
  return db;
}

function tryOpenInPlace(file: string): Database.Database | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // SQLite opens lazily: the first read is what finds out whether -wal/-shm can be used.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch {
    db?.close();
    return undefined;
  }
}

/**
 * kb.db's bytes, taken while no -wal file holds changes (a writer with permission may be at
 * work meanwhile): the file must look the same before and after the read.
 */
function readSnapshot(file: string): Buffer {
  for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
    const before = fingerprint(file);
    const bytes = fs.readFileSync(file);
    if (before === fingerprint(file)) {
      if (bytes.length >= 100 && bytes[18] === 2) bytes[18] = bytes[19] = 1;
      return bytes;
    }
  }
  throw new KbError('STORE_BUSY', ExitCode.noKbOrBadConfig, `cannot read ${file}: it kept changing while read`, { hint: 'retry when the kb command writing to it has finished' });
}

function fingerprint(file: string): string {
  const walSize = sizeOf(`${file}-wal`);
  if (walSize > 0) {
    throw new KbError('STORE_WAL_UNREADABLE', ExitCode.noKbOrBadConfig, `cannot read ${file}: ${file}-wal holds changes that only a process allowed to write ${file}-shm can read`, {
      hint: 'run any kb command once as a user who can write the .kb folder (it merges the changes), or make that folder writable',
    });
  }
  const stat = fs.statSync(file, { bigint: true });
  return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
