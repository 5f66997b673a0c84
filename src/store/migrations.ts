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
  // 3: concept and entity pages (issue 4). Document frequencies are kept as counts per key
  // plus the keys each document counted, so re-adding or removing a document decrements
  // exactly what it added. Memberships are indexed by (page key, score) for the top sections
  // of a page and by document for its own contributions: every per-commit query is a point
  // lookup or an index range bounded by LIMIT, whatever the size of the knowledge base.
  `
  CREATE TABLE concept_df (
    key TEXT PRIMARY KEY,
    df  INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE document_df_keys (
    doc TEXT NOT NULL REFERENCES documents(name) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (doc, key)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE concepts (
    key         TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    docs        INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    catalog_page INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX concepts_by_docs ON concepts(docs DESC, key);
  CREATE INDEX concepts_by_catalog_page ON concepts(catalog_page, key);
  CREATE TABLE concept_docs (
    concept   TEXT NOT NULL,
    doc       TEXT NOT NULL REFERENCES documents(name) ON DELETE CASCADE,
    score     REAL NOT NULL,
    mentions  INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    PRIMARY KEY (concept, doc)
  ) STRICT;
  CREATE INDEX concept_docs_by_score ON concept_docs(concept, score DESC, doc);
  CREATE INDEX concept_docs_by_doc ON concept_docs(doc);
  CREATE TABLE entities (
    key         TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    docs        INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    catalog_page INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX entities_by_docs ON entities(docs DESC, key);
  CREATE INDEX entities_by_catalog_page ON entities(catalog_page, key);
  CREATE TABLE entity_docs (
    entity    TEXT NOT NULL,
    doc       TEXT NOT NULL REFERENCES documents(name) ON DELETE CASCADE,
    score     REAL NOT NULL,
    mentions  INTEGER NOT NULL,
    sentences TEXT NOT NULL,
    PRIMARY KEY (entity, doc)
  ) STRICT;
  CREATE INDEX entity_docs_by_score ON entity_docs(entity, score DESC, doc);
  CREATE INDEX entity_docs_by_doc ON entity_docs(doc);
  `,
  // 4: a document's concepts no longer depend on the KB's document frequencies (rank-concepts.ts
  // localStrength), so their tables go. Each membership keeps what that document calls the topic
  // (and, for entities, what it takes it for): a page is named after its best section, so the
  // name is the same whatever order the documents arrived in. Earlier rows take the page's name.
  // page_links records the links of free text (LLM-written summaries) by KB-relative path, so
  // that a commit deleting a page can find and unlink the pages that link it (backlinks.ts).
  `
  DROP TABLE concept_df;
  DROP TABLE document_df_keys;
  ALTER TABLE concept_docs ADD COLUMN name TEXT NOT NULL DEFAULT '';
  ALTER TABLE entity_docs ADD COLUMN name TEXT NOT NULL DEFAULT '';
  ALTER TABLE entity_docs ADD COLUMN type TEXT NOT NULL DEFAULT '';
  UPDATE concept_docs SET name = (SELECT name FROM concepts WHERE key = concept_docs.concept);
  UPDATE entity_docs SET name = (SELECT name FROM entities WHERE key = entity_docs.entity), type = (SELECT type FROM entities WHERE key = entity_docs.entity);
  CREATE TABLE page_links (
    from_page TEXT NOT NULL,
    to_page   TEXT NOT NULL,
    PRIMARY KEY (from_page, to_page)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX page_links_by_target ON page_links(to_page, from_page);
  `,
  // 5: the full-text index (search-rows.ts): search_rows holds where each row comes from,
  // indexed by page so a commit replaces a page's rows with index lookups; search_text is the
  // FTS5 index over title, headings and body (Porter stemming, diacritics folded). A KB from
  // before has pages but no rows: search_state says so until the first rebuild fills it.
  // explorations registers saved answers and chats (wiki/explorations/<slug>.md) for index.md.
  `
  CREATE TABLE search_rows (
    id         INTEGER PRIMARY KEY,
    page       TEXT NOT NULL,
    section    INTEGER,
    page_start INTEGER,
    page_end   INTEGER
  ) STRICT;
  CREATE INDEX search_rows_by_page ON search_rows(page);
  CREATE VIRTUAL TABLE search_text USING fts5(title, headings, body, tokenize = 'porter unicode61 remove_diacritics 2');
  CREATE TABLE search_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  INSERT INTO search_state (key, value) SELECT 'index', CASE WHEN EXISTS (SELECT 1 FROM documents) THEN 'missing' ELSE 'built' END;
  CREATE TABLE explorations (
    slug       TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX explorations_by_time ON explorations(created_at DESC, slug);
  `,
  // 6: kb chat sessions (chat-sessions.ts). Not derived from documents and not pages: they
  // are written outside changesets, one transaction per answered turn (see chat-sessions.ts
  // for why that is safe), and no recompile, lint or doctor check reads them.
  `
  CREATE TABLE chats (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX chats_by_update ON chats(updated_at DESC, id);
  CREATE TABLE chat_messages (
    chat       TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    text       TEXT NOT NULL,
    citations  TEXT NOT NULL DEFAULT '[]',
    engine     TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat, seq)
  ) STRICT;
  `,
  // 7: what kb wrote at each wiki page (commit/live-page.ts, guard-user-words.ts), so that no command takes a
  // user's words for kb's: the whole file's sha256, its size and mtime (a cheap first look
  // for `kb status`), and how many of its first bytes are kb's own text (the rest: the
  // user's notes kb carried over) with their sha256, and the frontmatter keys kb wrote.
  // A KB made before this has pages with no record; kb_meta says so ('since-upgrade'), and such
  // pages are taken for kb's until it next writes them. `kb init` sets 'complete': from then on
  // a page with no record is one kb never wrote, the user's.
  `
  CREATE TABLE page_records (
    path        TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    mtime_ms    REAL NOT NULL,
    body_bytes  INTEGER NOT NULL,
    body_sha256 TEXT NOT NULL,
    kb_keys     TEXT NOT NULL DEFAULT ''
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE kb_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  INSERT INTO kb_meta (key, value) VALUES ('page_records', 'since-upgrade');
  `,
  // 8: a concept page only where a concept connects documents (issue 17, compile/concept-pages.ts).
  // concept_docs now holds every ranked term of a document (the concepts its summary names:
  // concept-pages.ts rankDocumentTerms), with the rank it has there (0: the best); a concepts
  // row and page exist only for the terms that deserve one. So "how many documents rank this term, and does
  // one rank it among its most salient" is an index range, whatever the size of the KB. Rows
  // from before are the page concepts of their document: ranked by score, as rank-concepts.ts
  // ranks them. Their next terms are not stored yet: `kb recompile --all` stores them.
  `
  ALTER TABLE concept_docs ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
  UPDATE concept_docs SET rank = (
    SELECT count(*) FROM concept_docs o
    WHERE o.doc = concept_docs.doc AND (o.score > concept_docs.score OR (o.score = concept_docs.score AND o.concept < concept_docs.concept))
  );
  CREATE INDEX concept_docs_by_rank ON concept_docs(concept, rank);
  `,
  // 9: commits that cost the same with 1,000 or 100,000 documents (issue 19). The catalogue
  // pages of documents (how many each lists, its first and last names) and the number of
  // documents, concepts, entities and explorations are kept up to date by triggers in the transaction that
  // changes them, so a commit reads them instead of counting or grouping every row. The
  // catalogue-page index gets the name, so refreshing one page's row reads that page only.
  `
  DROP INDEX documents_catalog_page;
  CREATE INDEX documents_by_catalog_page ON documents(catalog_page, name);
  CREATE TABLE document_catalog (
    page  INTEGER PRIMARY KEY,
    count INTEGER NOT NULL,
    first TEXT NOT NULL,
    last  TEXT NOT NULL
  ) STRICT;
  INSERT INTO document_catalog (page, count, first, last) SELECT catalog_page, count(*), min(name), max(name) FROM documents GROUP BY catalog_page;
  CREATE TRIGGER document_catalog_after_insert AFTER INSERT ON documents BEGIN
    DELETE FROM document_catalog WHERE page = NEW.catalog_page;
    INSERT INTO document_catalog (page, count, first, last) SELECT NEW.catalog_page, count(*), min(name), max(name) FROM documents WHERE catalog_page = NEW.catalog_page;
  END;
  CREATE TRIGGER document_catalog_after_delete AFTER DELETE ON documents BEGIN
    DELETE FROM document_catalog WHERE page = OLD.catalog_page;
    INSERT INTO document_catalog (page, count, first, last) SELECT OLD.catalog_page, count(*), min(name), max(name) FROM documents WHERE catalog_page = OLD.catalog_page HAVING count(*) > 0;
  END;
  CREATE TRIGGER document_catalog_after_move AFTER UPDATE OF catalog_page, name ON documents WHEN OLD.catalog_page IS NOT NEW.catalog_page OR OLD.name IS NOT NEW.name BEGIN
    DELETE FROM document_catalog WHERE page IN (OLD.catalog_page, NEW.catalog_page);
    INSERT INTO document_catalog (page, count, first, last) SELECT catalog_page, count(*), min(name), max(name) FROM documents WHERE catalog_page IN (OLD.catalog_page, NEW.catalog_page) GROUP BY catalog_page;
  END;
  CREATE TABLE row_counts (
    tbl TEXT PRIMARY KEY,
    n   INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  INSERT INTO row_counts (tbl, n) VALUES ('documents', (SELECT count(*) FROM documents)), ('concepts', (SELECT count(*) FROM concepts)), ('entities', (SELECT count(*) FROM entities)), ('explorations', (SELECT count(*) FROM explorations));
  CREATE TRIGGER row_counts_documents_insert AFTER INSERT ON documents BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'documents'; END;
  CREATE TRIGGER row_counts_documents_delete AFTER DELETE ON documents BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'documents'; END;
  CREATE TRIGGER row_counts_concepts_insert AFTER INSERT ON concepts BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'concepts'; END;
  CREATE TRIGGER row_counts_concepts_delete AFTER DELETE ON concepts BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'concepts'; END;
  CREATE TRIGGER row_counts_entities_insert AFTER INSERT ON entities BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'entities'; END;
  CREATE TRIGGER row_counts_entities_delete AFTER DELETE ON entities BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'entities'; END;
  CREATE TRIGGER row_counts_explorations_insert AFTER INSERT ON explorations BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'explorations'; END;
  CREATE TRIGGER row_counts_explorations_delete AFTER DELETE ON explorations BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'explorations'; END;
  `,
  // 10: overviews an LLM wrote for concept and entity pages (issue 22, compile/topic-synthesis.ts),
  // with the basis they were written from: a hash of the page's top sections, so a call is
  // due only when those change. A table of its own, not columns of concepts and entities: it
  // is not derived from the documents, so \`kb recompile --all\` (which rebuilds those tables)
  // carries it over instead of dropping every overview the user paid for.
  `
  CREATE TABLE topic_overviews (
    topic TEXT NOT NULL,
    key   TEXT NOT NULL,
    basis TEXT NOT NULL,
    text  TEXT NOT NULL,
    PRIMARY KEY (topic, key)
  ) STRICT, WITHOUT ROWID;
  `,
  // 11: one document per content (issue 24). `kb add` skips bytes already registered and checks
  // again under the lock before it commits; a UNIQUE index on documents.hash makes a commit that
  // would still register them twice fail and roll back. A KB from an older kb may hold two
  // documents with one hash, and an upgrade must not fail on them: so this only marks the index
  // as due, and unique-hash-index.ts builds it at the first open that finds no duplicates
  // (`kb doctor` names them until then, each with the `kb remove` that resolves it).
  `
  INSERT OR REPLACE INTO kb_meta (key, value) VALUES ('unique_hash_index', 'due');
  `,
  // 12: the sha256 of the last line of kb's text at each page (commit/live-page.ts). When a user
  // edits kb's text and also writes notes after it, the edit moves where kb's text ends; that
  // line, found again, tells where the notes start, so a rewrite carries them over instead of
  // leaving them only in the copy of the page. '' for records from before: no notes are looked for.
  `
  ALTER TABLE page_records ADD COLUMN body_tail_sha256 TEXT NOT NULL DEFAULT '';
  `,
];
