/**
 * Numbered schema migrations, applied in order and tracked in PRAGMA user_version.
 * Never edit a released migration: add the next one.
 */
export const migrations: readonly string[] = [
  // 1: the documents registry and the commit log that marks journals as committed.
  `
  CREATE TABLE documents (
    name          TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    hash          TEXT NOT NULL,
    original_path TEXT NOT NULL,
    raw_path      TEXT NOT NULL,
    source_path   TEXT NOT NULL,
    summary_path  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    added_at      TEXT NOT NULL,
    updated_at    TEXT NOT NULL
  ) STRICT;
  CREATE INDEX documents_hash ON documents(hash);
  CREATE TABLE commits (
    journal_id   TEXT PRIMARY KEY,
    op           TEXT NOT NULL,
    detail       TEXT NOT NULL,
    committed_at TEXT NOT NULL
  ) STRICT;
  `,
];
