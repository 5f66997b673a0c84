import type Database from 'better-sqlite3';

/**
 * Makes migration 11's UNIQUE index on documents.hash once no two documents share a hash. Until
 * then documents_hash stays migration 1's plain index (lookups by hash are the same) and each
 * open reads it for duplicates: a cost only KBs holding some pay; once the index is made, the
 * check is one point lookup. Checked again in an IMMEDIATE transaction: another process may be
 * opening the KB too, and a KB with duplicates never takes the write lock for it.
 */
export function createUniqueHashIndex(db: Database.Database): void {
  const indexCanBeMade = (): boolean =>
    db.prepare("SELECT 1 FROM kb_meta WHERE key = 'unique_hash_index'").get() !== undefined &&
    db.prepare('SELECT 1 FROM documents GROUP BY hash HAVING count(*) > 1 LIMIT 1').get() === undefined;
  if (!indexCanBeMade()) return;
  db.transaction(() => {
    if (!indexCanBeMade()) return;
    db.exec(`
      DROP INDEX documents_hash;
      CREATE UNIQUE INDEX documents_hash ON documents(hash);
      DELETE FROM kb_meta WHERE key = 'unique_hash_index';
    `);
  }).immediate();
}
