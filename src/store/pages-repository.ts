import type { PageRecord } from '../model/registry.js';
import type { OpHandlers, SqliteConnection } from './sqlite-connection.js';

/** A page record's path, size, mtime_ms and body_bytes (PagesRepository.stampBatches). */
export type PageStamp = [path: string, size: number, mtimeMs: number, bodyBytes: number];

/**
 * What kb knows of the wiki's pages: the record of what it last wrote at each (page_records),
 * the links recorded in pages' free text (page_links), and KB-wide facts (kb_meta).
 */
export class PagesRepository {
  constructor(private readonly connection: SqliteConnection) {}

  /** What kb last wrote at a page; undefined for a page it never wrote (or, before records, did not record). */
  record(path: string): PageRecord | undefined {
    return this.connection.statement('SELECT * FROM page_records WHERE path = ?').get(path) as PageRecord | undefined;
  }

  /**
   * What a first look for hand edits needs of every page record in `range` (from a path, and
   * before one), by path: its size and mtime as kb wrote it, and how many of its bytes are kb's
   * own text. Rows as arrays, without the hashes, in batches of `batchSize` (each batch one
   * query that starts after the last path of the one before): at 100,000 documents kb status
   * reads 200,000 of them, and one array of them all took 320 ms to read and to collect as
   * garbage, .iterate() 215 ms (a call into SQLite per row), batches of 1,024 150 ms. Between
   * batches the connection is free for other queries; callers hold the KB lock, so no commit
   * falls between two batches.
   */
  *stampBatches(range: { from?: string; before?: string } = {}, batchSize = 1024): Generator<PageStamp[]> {
    const columns = 'SELECT path, size, mtime_ms, body_bytes FROM page_records';
    const upTo = range.before === undefined ? [] : [range.before];
    const until = range.before === undefined ? '' : ' AND path < ?';
    const first = this.connection.statement(`${columns} WHERE path >= ?${until} ORDER BY path LIMIT ?`).raw();
    const after = this.connection.statement(`${columns} WHERE path > ?${until} ORDER BY path LIMIT ?`).raw();
    let batch = first.all(range.from ?? '', ...upTo, batchSize) as PageStamp[];
    for (;;) {
      yield batch;
      const last = batch[batch.length - 1];
      if (batch.length < batchSize || !last) return;
      batch = after.all(last[0], ...upTo, batchSize) as PageStamp[];
    }
  }

  /** The path of the page record at `index` in path order (from 0); undefined past the last. */
  pathAt(index: number): string | undefined {
    return this.connection.statement('SELECT path FROM page_records ORDER BY path LIMIT 1 OFFSET ?').pluck().get(index) as string | undefined;
  }

  /** The path of every page record, sorted. */
  recordedPaths(): string[] {
    return this.connection.statement('SELECT path FROM page_records ORDER BY path').pluck().all() as string[];
  }

  /** Every page record by path, read at once: for lint, which judges every page of the wiki. */
  recordsByPath(): Map<string, PageRecord> {
    const rows = this.connection.statement('SELECT * FROM page_records').all() as PageRecord[];
    return new Map(rows.map((row) => [row.path, row]));
  }

  /**
   * True when every page kb wrote has a record (a KB made by `kb init` since records exist):
   * then a page without one is the user's. False for a KB from before, until init-time state.
   */
  recordsComplete(): boolean {
    return this.connection.statement("SELECT value FROM kb_meta WHERE key = 'page_records'").pluck().get() === 'complete';
  }

  /** The recorded free-text links of a page (KB-relative paths), sorted. */
  linksOf(page: string): string[] {
    return this.connection.statement('SELECT to_page FROM page_links WHERE from_page = ? ORDER BY to_page').pluck().all(page) as string[];
  }

  /** The pages whose recorded free-text links point at any of `targets` (KB-relative paths), by path. */
  linkingTo(targets: readonly string[]): string[] {
    const query = this.connection.statement('SELECT from_page FROM page_links WHERE to_page = ?').pluck();
    return [...new Set(targets.flatMap((t) => query.all(t) as string[]))].sort();
  }
}

/** Writes page records, page links and KB facts in the commit transaction. */
export function pageOps(connection: SqliteConnection): OpHandlers<'recordPage' | 'forgetPage' | 'setMeta' | 'setPageLinks'> {
  return {
    recordPage: (op) =>
      connection
        .statement(
          `INSERT INTO page_records (path, sha256, size, mtime_ms, body_bytes, body_sha256, body_tail_sha256, kb_keys) VALUES (@path, @sha256, @size, @mtime_ms, @body_bytes, @body_sha256, @body_tail_sha256, @kb_keys)
           ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms, body_bytes = excluded.body_bytes, body_sha256 = excluded.body_sha256, body_tail_sha256 = excluded.body_tail_sha256, kb_keys = excluded.kb_keys`,
        )
        .run({ body_tail_sha256: '', ...op.record }),
    forgetPage: (op) => connection.statement('DELETE FROM page_records WHERE path = ?').run(op.path),
    setMeta: (op) => connection.statement('INSERT INTO kb_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(op.key, op.value),
    setPageLinks: (op) => {
      connection.statement('DELETE FROM page_links WHERE from_page = ?').run(op.page);
      const insert = connection.statement('INSERT OR IGNORE INTO page_links (from_page, to_page) VALUES (?, ?)');
      for (const target of op.targets) insert.run(op.page, target);
    },
  };
}
