import type Database from 'better-sqlite3';
import { migrations } from './migrations.js';
import { createUniqueHashIndex } from './unique-hash-index.js';

/** Brings kb.db to the current schema, one transaction per migration. */
export function migrateSchema(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`kb.db has schema version ${current}, newer than this kb understands (${migrations.length}); upgrade kb`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  // Not a migration: it waits for the user to resolve what an older kb left (migration 11).
  createUniqueHashIndex(db);
}

/** True when kb.db has every migration this kb knows. */
export function schemaIsCurrent(db: Database.Database): boolean {
  return db.pragma('user_version', { simple: true }) === migrations.length;
}
