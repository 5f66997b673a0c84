import Database from 'better-sqlite3';
import { ExitCode, KbError } from '../core/errors.js';
import { migrations } from './migrations.js';

export interface DocumentRow {
  name: string;
  title: string;
  hash: string;
  original_path: string;
  raw_path: string;
  source_path: string;
  summary_path: string;
  size: number;
  added_at: string;
  updated_at: string;
  /** Page count of paged formats. */
  pages?: number | null;
  /** One line saying what the document is, for index and catalogue entries. */
  description?: string;
  /** Which `wiki/catalog/documents-NNN.md` lists this document (see compile/catalog). */
  catalog_page?: number;
}

export interface SectionRow {
  idx: number;
  title: string;
  level: number;
  start_offset: number;
  end_offset: number;
  page_start: number | null;
  page_end: number | null;
}

/** Concept and entity pages share one shape: a page per key, documents contributing to it. */
export type TopicKind = 'concept' | 'entity';

/** A concept or entity page registered in kb.db. `type` is set for entities only. */
export interface TopicRow {
  key: string;
  slug: string;
  name: string;
  type?: string;
  /** How many documents contribute to the page. */
  docs: number;
  /** One line for index.md: the page's overview, clipped. */
  description: string;
  /** Which `wiki/catalog/<concepts|entities>-NNN.md` lists it (set when the page is created). */
  catalog_page: number;
}

/** One document's contribution to a concept or entity page. */
export interface TopicMember {
  doc: string;
  score: number;
  mentions: number;
  /** Key sentences of the document about the topic (at most 3). */
  sentences: string[];
}

/** Row changes a changeset makes; applied inside the commit transaction. */
export type RegistryOp =
  | { kind: 'upsertDocument'; doc: DocumentRow }
  | { kind: 'deleteDocument'; name: string }
  | { kind: 'replaceSections'; doc: string; sections: SectionRow[] }
  /** Counts the document towards the document frequency of each key (it must count none yet). */
  | { kind: 'countDocumentFrequencies'; doc: string; keys: string[] }
  /** Takes back what countDocumentFrequencies counted for the document. Before deleteDocument. */
  | { kind: 'uncountDocumentFrequencies'; doc: string }
  | { kind: 'upsertTopic'; topic: TopicKind; row: TopicRow }
  | { kind: 'deleteTopic'; topic: TopicKind; key: string }
  | { kind: 'setTopicMember'; topic: TopicKind; key: string; member: TopicMember }
  | { kind: 'removeTopicMember'; topic: TopicKind; key: string; doc: string };

/** Table and column names per topic kind: fixed strings, never user input. */
const TOPIC_TABLES = {
  concept: { table: 'concepts', members: 'concept_docs', column: 'concept' },
  entity: { table: 'entities', members: 'entity_docs', column: 'entity' },
} as const;

export interface CommitRecord {
  journalId: string;
  op: string;
  detail: string;
  committedAt: string;
}

/**
 * A narrow interface over kb.db. All writes happen in `commit`, one synchronous transaction:
 * nothing is awaited inside it, so no other code interleaves with a half-done transaction.
 */
export class Store {
  /** Prepared once per connection: preparing costs more than running these small queries. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(readonly db: Database.Database) {}

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  static open(file: string): Store {
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: 10_000 });
      db.pragma('journal_mode = WAL');
      // FULL: the commit record is the commit point; it must be on disk before journals go.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (error) {
      throw new KbError('STORE_OPEN_FAILED', ExitCode.noKbOrBadConfig, `cannot open ${file}: ${(error as Error).message}`, {
        cause: error,
        hint: 'run `kb doctor` to check the knowledge base',
      });
    }
    return new Store(db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The commit point: registry rows and the journal's commit record, all or nothing. */
  commit(ops: readonly RegistryOp[], record: CommitRecord): void {
    const upsert = this.statement(
      `INSERT INTO documents (name, title, hash, original_path, raw_path, source_path, summary_path, size, added_at, updated_at, pages, description, catalog_page)
       VALUES (@name, @title, @hash, @original_path, @raw_path, @source_path, @summary_path, @size, @added_at, @updated_at, @pages, @description, @catalog_page)
       ON CONFLICT(name) DO UPDATE SET title=excluded.title, hash=excluded.hash, original_path=excluded.original_path,
         raw_path=excluded.raw_path, source_path=excluded.source_path, summary_path=excluded.summary_path,
         size=excluded.size, updated_at=excluded.updated_at, pages=excluded.pages, description=excluded.description, catalog_page=excluded.catalog_page`,
    );
    const remove = this.statement('DELETE FROM documents WHERE name = ?');
    const clearSections = this.statement('DELETE FROM sections WHERE doc = ?');
    const insertSection = this.statement(
      `INSERT INTO sections (doc, idx, title, level, start_offset, end_offset, page_start, page_end)
       VALUES (@doc, @idx, @title, @level, @start_offset, @end_offset, @page_start, @page_end)`,
    );
    const insertCommit = this.statement('INSERT INTO commits (journal_id, op, detail, committed_at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const op of ops) {
        if (op.kind === 'upsertDocument') upsert.run({ pages: null, description: '', catalog_page: 1, ...op.doc });
        else if (op.kind === 'deleteDocument') {
          clearSections.run(op.name);
          remove.run(op.name);
        }
        else if (op.kind === 'replaceSections') {
          clearSections.run(op.doc);
          for (const section of op.sections) insertSection.run({ doc: op.doc, ...section });
        } else this.applyTopicOp(op);
      }
      insertCommit.run(record.journalId, record.op, record.detail, record.committedAt);
    })();
  }

  /** Registry ops of concept and entity pages and document frequencies. */
  private applyTopicOp(op: Exclude<RegistryOp, { kind: 'upsertDocument' | 'deleteDocument' | 'replaceSections' }>): void {
    switch (op.kind) {
      case 'countDocumentFrequencies': {
        const insertKey = this.statement('INSERT INTO document_df_keys (doc, key) VALUES (?, ?)');
        const increment = this.statement('INSERT INTO concept_df (key, df) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET df = df + 1');
        for (const key of new Set(op.keys)) {
          insertKey.run(op.doc, key);
          increment.run(key);
        }
        return;
      }
      case 'uncountDocumentFrequencies':
        this.statement('UPDATE concept_df SET df = df - 1 WHERE key IN (SELECT key FROM document_df_keys WHERE doc = ?)').run(op.doc);
        this.statement('DELETE FROM concept_df WHERE df <= 0 AND key IN (SELECT key FROM document_df_keys WHERE doc = ?)').run(op.doc);
        this.statement('DELETE FROM document_df_keys WHERE doc = ?').run(op.doc);
        return;
      case 'upsertTopic': {
        const { table } = TOPIC_TABLES[op.topic];
        const typeColumn = op.topic === 'entity' ? ', type' : '';
        const typeValue = op.topic === 'entity' ? ', @type' : '';
        this.statement(
          `INSERT INTO ${table} (key, slug, name, docs, description, catalog_page${typeColumn}) VALUES (@key, @slug, @name, @docs, @description, @catalog_page${typeValue})
           ON CONFLICT(key) DO UPDATE SET slug = excluded.slug, name = excluded.name, docs = excluded.docs, description = excluded.description, catalog_page = excluded.catalog_page${op.topic === 'entity' ? ', type = excluded.type' : ''}`,
        ).run({ ...op.row, type: op.row.type ?? 'other' });
        return;
      }
      case 'deleteTopic': {
        const { table, members, column } = TOPIC_TABLES[op.topic];
        this.statement(`DELETE FROM ${members} WHERE ${column} = ?`).run(op.key);
        this.statement(`DELETE FROM ${table} WHERE key = ?`).run(op.key);
        return;
      }
      case 'setTopicMember': {
        const { members, column } = TOPIC_TABLES[op.topic];
        this.statement(
          `INSERT INTO ${members} (${column}, doc, score, mentions, sentences) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(${column}, doc) DO UPDATE SET score = excluded.score, mentions = excluded.mentions, sentences = excluded.sentences`,
        ).run(op.key, op.member.doc, op.member.score, op.member.mentions, JSON.stringify(op.member.sentences));
        return;
      }
      case 'removeTopicMember': {
        const { members, column } = TOPIC_TABLES[op.topic];
        this.statement(`DELETE FROM ${members} WHERE ${column} = ? AND doc = ?`).run(op.key, op.doc);
        return;
      }
    }
  }

  /** Document frequency of a concept key: how many documents counted it. */
  documentFrequency(key: string): number {
    const row = this.statement('SELECT df FROM concept_df WHERE key = ?').get(key) as { df: number } | undefined;
    return row?.df ?? 0;
  }

  /** Whether the document's DF keys are counted (a document added before migration 3 has none). */
  hasDocumentFrequencies(doc: string): boolean {
    return this.statement('SELECT 1 FROM document_df_keys WHERE doc = ? LIMIT 1').get(doc) !== undefined;
  }

  /** Whether `key` is one the document counted. */
  documentCountsKey(doc: string, key: string): boolean {
    return this.statement('SELECT 1 FROM document_df_keys WHERE doc = ? AND key = ?').get(doc, key) !== undefined;
  }

  getTopic(topic: TopicKind, key: string): TopicRow | undefined {
    return this.statement(`SELECT * FROM ${TOPIC_TABLES[topic].table} WHERE key = ?`).get(key) as TopicRow | undefined;
  }

  topicBySlug(topic: TopicKind, slug: string): TopicRow | undefined {
    return this.statement(`SELECT * FROM ${TOPIC_TABLES[topic].table} WHERE slug = ?`).get(slug) as TopicRow | undefined;
  }

  /** The topics a document contributes to (bounded by the per-document limit), by key. */
  topicsOfDocument(topic: TopicKind, doc: string): string[] {
    const { members, column } = TOPIC_TABLES[topic];
    return this.statement(`SELECT ${column} FROM ${members} WHERE doc = ? ORDER BY ${column}`).pluck().all(doc) as string[];
  }

  /** The best `limit` contributions to a topic other than `exceptDoc`'s, by score then name. */
  topMembers(topic: TopicKind, key: string, exceptDoc: string, limit: number): (TopicMember & { title: string })[] {
    const { members, column } = TOPIC_TABLES[topic];
    const rows = this.statement(
      `SELECT m.doc, m.score, m.mentions, m.sentences, d.title FROM ${members} m JOIN documents d ON d.name = m.doc
       WHERE m.${column} = ? AND m.doc != ? ORDER BY m.score DESC, m.doc LIMIT ?`,
    ).all(key, exceptDoc, limit) as { doc: string; score: number; mentions: number; sentences: string; title: string }[];
    return rows.map((r) => ({ ...r, sentences: JSON.parse(r.sentences) as string[] }));
  }

  /** The `limit` topics with most documents, for index.md. */
  largestTopics(topic: TopicKind, limit: number): TopicRow[] {
    return this.statement(`SELECT * FROM ${TOPIC_TABLES[topic].table} ORDER BY docs DESC, key LIMIT ?`).all(limit) as TopicRow[];
  }

  /** Topics listed on one catalogue page, by key. Bounded by the page size. */
  topicCatalogPage(topic: TopicKind, page: number): TopicRow[] {
    return this.statement(`SELECT * FROM ${TOPIC_TABLES[topic].table} WHERE catalog_page = ? ORDER BY key`).all(page) as TopicRow[];
  }

  /** The highest catalogue page of a topic kind and how many it lists (0, 0 when none): two index lookups. */
  lastTopicCatalogPage(topic: TopicKind): { page: number; count: number } {
    const { table } = TOPIC_TABLES[topic];
    const page = this.statement(`SELECT catalog_page FROM ${table} ORDER BY catalog_page DESC LIMIT 1`).pluck().get() as number | undefined;
    if (page === undefined) return { page: 0, count: 0 };
    return { page, count: this.statement(`SELECT count(*) FROM ${table} WHERE catalog_page = ?`).pluck().get(page) as number };
  }

  countTopics(topic: TopicKind): number {
    return (this.statement(`SELECT count(*) AS n FROM ${TOPIC_TABLES[topic].table}`).get() as { n: number }).n;
  }

  isCommitted(journalId: string): boolean {
    return this.statement('SELECT 1 FROM commits WHERE journal_id = ?').get(journalId) !== undefined;
  }

  listDocuments(): DocumentRow[] {
    return this.statement('SELECT * FROM documents ORDER BY name').all() as DocumentRow[];
  }

  getDocument(name: string): DocumentRow | undefined {
    return this.statement('SELECT * FROM documents WHERE name = ?').get(name) as DocumentRow | undefined;
  }

  findByHash(hash: string): DocumentRow | undefined {
    return this.statement('SELECT * FROM documents WHERE hash = ? ORDER BY name LIMIT 1').get(hash) as DocumentRow | undefined;
  }

  findByOriginalPath(originalPath: string): DocumentRow | undefined {
    return this.statement('SELECT * FROM documents WHERE original_path = ? ORDER BY name LIMIT 1').get(originalPath) as DocumentRow | undefined;
  }

  documentNames(): string[] {
    return (this.statement('SELECT name FROM documents').pluck().all() as string[]);
  }

  /** Documents listed on one catalogue page, by name. Bounded by the page size. */
  catalogPage(page: number): DocumentRow[] {
    return this.statement('SELECT * FROM documents WHERE catalog_page = ? ORDER BY name').all(page) as DocumentRow[];
  }

  /** The highest catalogue page in use and how many documents it lists (0, 0 when empty). */
  lastCatalogPage(): { page: number; count: number } {
    const row = this.statement('SELECT catalog_page AS page, count(*) AS count FROM documents GROUP BY catalog_page ORDER BY catalog_page DESC LIMIT 1').get() as
      | { page: number; count: number }
      | undefined;
    return row ?? { page: 0, count: 0 };
  }

  /** The first `limit` documents by name: what index.md lists while the KB is small. */
  firstDocuments(limit: number): DocumentRow[] {
    return this.statement('SELECT * FROM documents ORDER BY name LIMIT ?').all(limit) as DocumentRow[];
  }

  /** Catalogue pages in use with their document counts and first/last names. */
  catalogPages(): { page: number; count: number; first: string; last: string }[] {
    return this.statement('SELECT catalog_page AS page, count(*) AS count, min(name) AS first, max(name) AS last FROM documents GROUP BY catalog_page ORDER BY catalog_page')
      .all() as { page: number; count: number; first: string; last: string }[];
  }

  sections(doc: string): SectionRow[] {
    return this.statement('SELECT idx, title, level, start_offset, end_offset, page_start, page_end FROM sections WHERE doc = ? ORDER BY idx').all(doc) as SectionRow[];
  }

  countDocuments(): number {
    return (this.statement('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** Every document contributing to a topic, best first. Unbounded: for kb lint --fix merging two pages. */
  allTopicMembers(topic: TopicKind, key: string): (TopicMember & { title: string })[] {
    const { members, column } = TOPIC_TABLES[topic];
    const rows = this.statement(
      `SELECT m.doc, m.score, m.mentions, m.sentences, d.title FROM ${members} m JOIN documents d ON d.name = m.doc WHERE m.${column} = ? ORDER BY m.score DESC, m.doc`,
    ).all(key) as { doc: string; score: number; mentions: number; sentences: string; title: string }[];
    return rows.map((r) => ({ ...r, sentences: JSON.parse(r.sentences) as string[] }));
  }
}

function migrate(db: Database.Database): void {
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
}
