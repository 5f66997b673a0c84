import type { DocumentRow } from '../model/registry.js';
import type { OpHandlers, SqliteConnection } from './sqlite-connection.js';

/** A catalogue page of documents: how many it lists, and the first and last names on it. */
export interface DocumentCatalogPage {
  page: number;
  count: number;
  first: string;
  last: string;
}

/** The documents table: one row per source document, and the catalogue pages that list them. */
export class DocumentsRepository {
  constructor(private readonly connection: SqliteConnection) {}

  get(name: string): DocumentRow | undefined {
    return this.connection.statement('SELECT * FROM documents WHERE name = ?').get(name) as DocumentRow | undefined;
  }

  /** Every document, by name. */
  list(): DocumentRow[] {
    return this.connection.statement('SELECT * FROM documents ORDER BY name').all() as DocumentRow[];
  }

  /** Every document's name, in no particular order. */
  names(): string[] {
    return this.connection.statement('SELECT name FROM documents').pluck().all() as string[];
  }

  /** Kept by triggers (migration 9): a count(*) would read every row on every commit. */
  count(): number {
    return this.connection.statement("SELECT n FROM row_counts WHERE tbl = 'documents'").pluck().get() as number;
  }

  byHash(hash: string): DocumentRow | undefined {
    return this.connection.statement('SELECT * FROM documents WHERE hash = ? ORDER BY name LIMIT 1').get(hash) as DocumentRow | undefined;
  }

  /**
   * Documents that share their hash with another, by hash, the earliest added first: what an
   * older kb could leave before documents.hash was UNIQUE (migration 11). Scans the hash index.
   */
  sameContent(): DocumentRow[] {
    return this.connection
      .statement('SELECT * FROM documents WHERE hash IN (SELECT hash FROM documents GROUP BY hash HAVING count(*) > 1) ORDER BY hash, added_at, rowid')
      .all() as DocumentRow[];
  }

  byOriginalPath(originalPath: string): DocumentRow | undefined {
    return this.connection.statement('SELECT * FROM documents WHERE original_path = ? ORDER BY name LIMIT 1').get(originalPath) as DocumentRow | undefined;
  }

  /** The first `limit` documents by name: what index.md lists while the KB is small. */
  first(limit: number): DocumentRow[] {
    return this.connection.statement('SELECT * FROM documents ORDER BY name LIMIT ?').all(limit) as DocumentRow[];
  }

  /** Documents listed on one catalogue page, by name. Bounded by the page size. */
  catalogPage(page: number): DocumentRow[] {
    return this.connection.statement('SELECT * FROM documents WHERE catalog_page = ? ORDER BY name').all(page) as DocumentRow[];
  }

  /** The highest catalogue page in use and how many documents it lists (0, 0 when empty). */
  lastCatalogPage(): { page: number; count: number } {
    const row = this.connection.statement('SELECT page, count FROM document_catalog ORDER BY page DESC LIMIT 1').get() as { page: number; count: number } | undefined;
    return row ?? { page: 0, count: 0 };
  }

  /**
   * Catalogue pages in use from `from` to `to` (all by default), with their document counts and
   * first/last names: rows of document_catalog, which triggers keep (migration 9), one per page.
   */
  catalogPages(from = 1, to = Number.MAX_SAFE_INTEGER): DocumentCatalogPage[] {
    return this.connection.statement('SELECT page, count, first, last FROM document_catalog WHERE page BETWEEN ? AND ? ORDER BY page').all(from, to) as DocumentCatalogPage[];
  }
}

/** Writes documents rows in the commit transaction. */
export function documentOps(connection: SqliteConnection): OpHandlers<'upsertDocument' | 'deleteDocument'> {
  return {
    upsertDocument: (op) =>
      connection
        .statement(
          `INSERT INTO documents (name, title, hash, original_path, raw_path, source_path, summary_path, size, added_at, updated_at, pages, description, catalog_page)
       VALUES (@name, @title, @hash, @original_path, @raw_path, @source_path, @summary_path, @size, @added_at, @updated_at, @pages, @description, @catalog_page)
       ON CONFLICT(name) DO UPDATE SET title=excluded.title, hash=excluded.hash, original_path=excluded.original_path,
         raw_path=excluded.raw_path, source_path=excluded.source_path, summary_path=excluded.summary_path,
         size=excluded.size, updated_at=excluded.updated_at, pages=excluded.pages, description=excluded.description, catalog_page=excluded.catalog_page`,
        )
        .run({ pages: null, description: '', catalog_page: 1, ...op.doc }),
    // A document's sections go with it (the same statement replaceSections clears them with).
    deleteDocument: (op) => {
      connection.statement('DELETE FROM sections WHERE doc = ?').run(op.name);
      connection.statement('DELETE FROM documents WHERE name = ?').run(op.name);
    },
  };
}
