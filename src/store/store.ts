import Database from 'better-sqlite3';
import { ExitCode, KbError } from '../core/errors.js';
import { migrations } from './migrations.js';
import { openReadOnlyDatabase } from './open-read-only-db.js';
import type { CommitRecord, DocumentRow, ExplorationRow, PageRecord, RegistryOp, SearchHit, SearchRow, SectionRow, TopicKind, TopicMember, TopicNaming, TopicRow } from '../model/registry.js';

/** Table and column names per topic kind: fixed strings, never user input. */
const TOPIC_TABLES = {
  concept: { table: 'concepts', members: 'concept_docs', column: 'concept' },
  entity: { table: 'entities', members: 'entity_docs', column: 'entity' },
} as const;


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

  /** `readOnly`: for readers that cannot write the KB (open-read-only-db.ts); every write fails. */
  static open(file: string, options: { readOnly?: boolean } = {}): Store {
    let db: Database.Database;
    try {
      if (options.readOnly) return new Store(openReadOnlyDatabase(file, { isCurrent: (d) => d.pragma('user_version', { simple: true }) === migrations.length, upgrade: migrate }));
      db = new Database(file, { timeout: 10_000 });
      db.pragma('journal_mode = WAL');
      // FULL: the commit record is the commit point; it must be on disk before journals go.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (error) {
      if (error instanceof KbError) throw error;
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

  /**
   * The commit point: registry rows and the journal's commit record, all or nothing. Only
   * `kb init`, which writes its first rows before any journal can exist, passes no record.
   */
  commit(ops: readonly RegistryOp[], record: CommitRecord | null): void {
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
      if (record) insertCommit.run(record.journalId, record.op, record.detail, record.committedAt);
    })();
  }

  /** Registry ops of concept and entity pages and of recorded page links. */
  private applyTopicOp(op: Exclude<RegistryOp, { kind: 'upsertDocument' | 'deleteDocument' | 'replaceSections' }>): void {
    switch (op.kind) {
      case 'indexPage':
        this.indexPage(op.page, op.rows);
        return;
      case 'recordPage':
        this.statement(
          `INSERT INTO page_records (path, sha256, size, mtime_ms, body_bytes, body_sha256, kb_keys) VALUES (@path, @sha256, @size, @mtime_ms, @body_bytes, @body_sha256, @kb_keys)
           ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms, body_bytes = excluded.body_bytes, body_sha256 = excluded.body_sha256, kb_keys = excluded.kb_keys`,
        ).run(op.record);
        return;
      case 'forgetPage':
        this.statement('DELETE FROM page_records WHERE path = ?').run(op.path);
        return;
      case 'setMeta':
        this.statement('INSERT INTO kb_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(op.key, op.value);
        return;
      case 'upsertExploration':
        this.statement('INSERT INTO explorations (slug, title, created_at) VALUES (@slug, @title, @created_at) ON CONFLICT(slug) DO UPDATE SET title = excluded.title').run(op.exploration);
        return;
      case 'deleteExploration':
        this.statement('DELETE FROM explorations WHERE slug = ?').run(op.slug);
        return;
      case 'setPageLinks': {
        this.statement('DELETE FROM page_links WHERE from_page = ?').run(op.page);
        const insert = this.statement('INSERT OR IGNORE INTO page_links (from_page, to_page) VALUES (?, ?)');
        for (const target of op.targets) insert.run(op.page, target);
        return;
      }
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
        // Only entity memberships have a type column.
        const typed = op.topic === 'entity';
        this.statement(
          `INSERT INTO ${members} (${column}, doc, name, score, mentions, sentences${typed ? ', type' : ''}) VALUES (@key, @doc, @name, @score, @mentions, @sentences${typed ? ', @type' : ''})
           ON CONFLICT(${column}, doc) DO UPDATE SET name = excluded.name, score = excluded.score, mentions = excluded.mentions, sentences = excluded.sentences${typed ? ', type = excluded.type' : ''}`,
        ).run({ key: op.key, doc: op.member.doc, name: op.member.name, score: op.member.score, mentions: op.member.mentions, sentences: JSON.stringify(op.member.sentences), ...(typed ? { type: op.member.type ?? 'other' } : {}) });
        return;
      }
      case 'removeTopicMember': {
        const { members, column } = TOPIC_TABLES[op.topic];
        this.statement(`DELETE FROM ${members} WHERE ${column} = ? AND doc = ?`).run(op.key, op.doc);
        return;
      }
      case 'replaceRows':
        this.replaceRows(op);
        return;
    }
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

  /** The pages whose recorded free-text links point at any of `targets` (KB-relative paths), by path. */
  pagesLinkingTo(targets: readonly string[]): string[] {
    const query = this.statement('SELECT from_page FROM page_links WHERE to_page = ?').pluck();
    return [...new Set(targets.flatMap((t) => query.all(t) as string[]))].sort();
  }

  /** Replaces a page's rows in the full-text index: index lookups by page, whatever the KB's size. */
  private indexPage(page: string, rows: readonly SearchRow[]): void {
    const ids = this.statement('SELECT id FROM search_rows WHERE page = ?').pluck().all(page) as number[];
    const deleteText = this.statement('DELETE FROM search_text WHERE rowid = ?');
    for (const id of ids) deleteText.run(id);
    this.statement('DELETE FROM search_rows WHERE page = ?').run(page);
    for (const row of rows) this.insertSearchRow(row);
  }

  private insertSearchRow(row: SearchRow): void {
    const id = Number(this.statement('INSERT INTO search_rows (page, section, page_start, page_end) VALUES (?, ?, ?, ?)').run(row.page, row.section, row.pageStart, row.pageEnd).lastInsertRowid);
    this.statement('INSERT INTO search_text (rowid, title, headings, body) VALUES (?, ?, ?, ?)').run(id, row.title, row.headings, row.body);
  }

  /**
   * The best `limit` rows for an FTS5 match expression (search-query.ts builds it from user
   * text), by BM25 with the title weighted 10×, headings 4×, body 1×.
   */
  search(match: string, limit: number): SearchHit[] {
    return this.statement(
      `SELECT r.page, r.section, r.page_start AS pageStart, r.page_end AS pageEnd, t.title,
              -bm25(search_text, 10.0, 4.0, 1.0) AS score,
              snippet(search_text, -1, '[', ']', '…', 16) AS snippet
       FROM search_text t JOIN search_rows r ON r.id = t.rowid
       WHERE search_text MATCH ? ORDER BY bm25(search_text, 10.0, 4.0, 1.0), r.page, r.section LIMIT ?`,
    ).all(match, limit) as SearchHit[];
  }

  /** The indexed text of one row: a page (section null) or one section of a source page. */
  passageText(page: string, section: number | null): string {
    const row = this.statement('SELECT t.body FROM search_rows r JOIN search_text t ON t.rowid = r.id WHERE r.page = ? AND r.section IS ? LIMIT 1').get(page, section) as { body: string } | undefined;
    return row?.body ?? '';
  }

  /** Replaces the whole full-text index with these rows (kb doctor --repair, first search after an upgrade). */
  rebuildSearchIndex(rows: Iterable<SearchRow>): number {
    let count = 0;
    this.db.transaction(() => {
      this.db.exec('DELETE FROM search_rows; DELETE FROM search_text;');
      for (const row of rows) {
        this.insertSearchRow(row);
        count++;
      }
      this.statement("UPDATE search_state SET value = 'built' WHERE key = 'index'").run();
    })();
    return count;
  }

  /** False for a KB created before the index existed, until its first rebuild. */
  searchIndexBuilt(): boolean {
    return this.statement("SELECT value FROM search_state WHERE key = 'index'").pluck().get() === 'built';
  }

  /** Pages in the full-text index, by path. */
  searchIndexedPages(): string[] {
    return this.statement('SELECT DISTINCT page FROM search_rows ORDER BY page').pluck().all() as string[];
  }

  /** What kb last wrote at a page; undefined for a page it never wrote (or, before records, did not record). */
  pageRecord(path: string): PageRecord | undefined {
    return this.statement('SELECT * FROM page_records WHERE path = ?').get(path) as PageRecord | undefined;
  }

  /** Every page record, by path (kb status and doctor look for hand edits). */
  pageRecords(): PageRecord[] {
    return this.statement('SELECT * FROM page_records ORDER BY path').all() as PageRecord[];
  }

  /**
   * True when every page kb wrote has a record (a KB made by `kb init` since records exist):
   * then a page without one is the user's. False for a KB from before, until init-time state.
   */
  pageRecordsComplete(): boolean {
    return this.statement("SELECT value FROM kb_meta WHERE key = 'page_records'").pluck().get() === 'complete';
  }

  getExploration(slug: string): ExplorationRow | undefined {
    return this.statement('SELECT * FROM explorations WHERE slug = ?').get(slug) as ExplorationRow | undefined;
  }

  /** How many explorations there are, and the `limit` newest, for index.md. */
  recentExplorations(limit: number): { total: number; recent: ExplorationRow[] } {
    const total = this.statement('SELECT count(*) FROM explorations').pluck().get() as number;
    return { total, recent: this.statement('SELECT * FROM explorations ORDER BY created_at DESC, slug LIMIT ?').all(limit) as ExplorationRow[] };
  }

  /** The recorded free-text links of a page (KB-relative paths), sorted. */
  linksOfPage(page: string): string[] {
    return this.statement('SELECT to_page FROM page_links WHERE from_page = ? ORDER BY to_page').pluck().all(page) as string[];
  }

  /** How the document names each of its topics (bounded by the per-document limit), by key. */
  topicNamesOfDocument(topic: TopicKind, doc: string): TopicNaming[] {
    const { members, column } = TOPIC_TABLES[topic];
    return this.statement(`SELECT ${column} AS key, name, score FROM ${members} WHERE doc = ? ORDER BY ${column}`).all(doc) as TopicNaming[];
  }

  /** The best `limit` contributions to a topic other than `exceptDoc`'s, by score then name. */
  topMembers(topic: TopicKind, key: string, exceptDoc: string, limit: number): (TopicMember & { title: string })[] {
    const { members, column } = TOPIC_TABLES[topic];
    const rows = this.statement(
      `SELECT m.doc, m.name, ${topic === 'entity' ? 'm.type' : "'' AS type"}, m.score, m.mentions, m.sentences, d.title FROM ${members} m JOIN documents d ON d.name = m.doc
       WHERE m.${column} = ? AND m.doc != ? ORDER BY m.score DESC, m.doc LIMIT ?`,
    ).all(key, exceptDoc, limit) as { doc: string; name: string; type: string; score: number; mentions: number; sentences: string; title: string }[];
    return rows.map(({ type, ...r }) => ({ ...r, ...(topic === 'entity' ? { type } : {}), sentences: JSON.parse(r.sentences) as string[] }));
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

  /**
   * Applies a replaceRows op, inside the commit transaction. A table no foreign key points at
   * loses the changed rows and gets them back whole, so a unique column (a topic's slug) may
   * move between rows. A table others reference (documents) is updated in place: deleting a
   * row there would cascade to rows the op does not carry.
   */
  private replaceRows(op: Extract<RegistryOp, { kind: 'replaceRows' }>): void {
    const table = this.tableName(op.table);
    const key = (this.db.pragma(`table_info("${table}")`) as { name: string; pk: number }[]).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (key.length === 0) throw new Error(`replaceRows: table ${table} has no primary key`);
    const where = key.map((k) => `"${k}" = @${k}`).join(' AND ');
    const referenced = (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).some((t) =>
      (this.db.pragma(`foreign_key_list("${t}")`) as { table: string }[]).some((fk) => fk.table === table),
    );
    const remove = this.statement(`DELETE FROM "${table}" WHERE ${where}`);
    for (const row of op.deletes) remove.run(pick(row, key));
    // All changed rows go before any comes back: a unique column may move between them.
    if (!referenced) for (const row of op.upserts) remove.run(pick(row, key));
    for (const row of op.upserts) {
      const columns = Object.keys(row);
      const insert = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
      const updates = columns.filter((c) => !key.includes(c)).map((c) => `"${c}" = excluded."${c}"`);
      const upsert = `${insert} ON CONFLICT(${key.map((k) => `"${k}"`).join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
      this.statement(referenced ? upsert : insert).run(row);
    }
  }

  /** A table of this database, by its exact name: what replaceRows may interpolate into SQL. */
  private tableName(name: string): string {
    const found = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as string | undefined;
    if (found === undefined) throw new Error(`no table ${name} in kb.db`);
    return found;
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

function pick(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, row[c]]));
}
