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
  // 2: kb add — lookups by original path (re-adding an edited file updates its document),
  // section trees of documents, and the catalogue page each document is listed on.
  `
  CREATE INDEX documents_original_path ON documents(original_path);
  ALTER TABLE documents ADD COLUMN pages INTEGER;
  ALTER TABLE documents ADD COLUMN description TEXT NOT NULL DEFAULT '';
  ALTER TABLE documents ADD COLUMN catalog_page INTEGER NOT NULL DEFAULT 1;
  CREATE INDEX documents_catalog_page ON documents(catalog_page);
  CREATE TABLE sections (
    doc          TEXT NOT NULL REFERENCES documents(name) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    title        TEXT NOT NULL,
    level        INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    page_start   INTEGER,
    page_end     INTEGER,
    PRIMARY KEY (doc, idx)
  ) STRICT;
  `,
];
