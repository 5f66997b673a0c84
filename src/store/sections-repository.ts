import type { SearchCandidate, SearchRow, SectionRow } from '../model/registry.js';
import type { OpHandlers, SqliteConnection } from './sqlite-connection.js';

/**
 * The sections of each source document and the full-text index over pages and sections
 * (search_rows with the FTS5 table search_text): what search and passages read.
 */

/**
 * How markedBody marks a match: two characters of Unicode's private use area, which text all
 * but never holds, so that a match is not taken for brackets the text has of its own (LaTeX's
 * `[label=foo]`, an array `[1 2 3]`). The snippet shows them as [ and ] (sentence-snippet.ts).
 */
export const MATCH_OPEN = '\uE000';
export const MATCH_CLOSE = '\uE001';

export class SectionsRepository {
  constructor(private readonly connection: SqliteConnection) {}

  /** A document's sections, in order. */
  ofDocument(doc: string): SectionRow[] {
    return this.connection.statement('SELECT idx, title, level, start_offset, end_offset, page_start, page_end FROM sections WHERE doc = ? ORDER BY idx').all(doc) as SectionRow[];
  }

  /**
   * Candidates for ranking (search/rank-passages.ts): the best `limit` rows for a match
   * expression by BM25 with these per-column weights (title, headings, body), ties by page and
   * section, each with its row id and its body-only score (0 when only the title or headings
   * match). No snippet: SQLite computes the select list for every matching row before it
   * sorts, and snippet() on thousands of rows was three quarters of a search at 10,000 pages;
   * `snippet` makes one for a row that is shown.
   *
   * In two steps, with the same result as one query: the scores come from the full-text index
   * alone, and only the best rows are then joined with search_rows for their page and
   * section. One query joined every matching row before sorting: at 100,000 documents a
   * query matching 50,000 sections spent 35–50 ms on that join (measured).
   */
  candidates(match: string, limit: number, weights: readonly [number, number, number]): SearchCandidate[] {
    const [title, headings, body] = weights.map((w) => Number(w)) as [number, number, number];
    // Twice as many as asked: the rows past `limit` hold back ties at the limit's score, which
    // page and section decide.
    const wanted = 2 * limit;
    const scored = this.connection
      .statement(
        `SELECT rowid AS id, -bm25(search_text, ?, ?, ?) AS score, -bm25(search_text, 0.0, 0.0, 1.0) AS bodyScore
       FROM search_text WHERE search_text MATCH ? ORDER BY score DESC LIMIT ?`,
      )
      .all(title, headings, body, match, wanted) as Array<Pick<SearchCandidate, 'id' | 'score' | 'bodyScore'>>;
    // Every row past those fetched scores at most the last one's: when that is below the
    // limit's own score, the best `limit` are among them whatever the ties. Else (a tie that
    // runs past them) the one query, which orders every matching row.
    if (scored.length === wanted && limit > 0 && !(scored[wanted - 1]!.score < scored[limit - 1]!.score)) return this.candidatesInOneQuery(match, limit, [title, headings, body]);
    // The best `limit` and any row tied with the last of them: only those need a place.
    const cutoff = scored[Math.min(limit, scored.length) - 1]?.score ?? Infinity;
    const placeOf = this.connection.statement('SELECT r.page, r.section, r.page_start AS pageStart, r.page_end AS pageEnd, t.title, t.headings FROM search_rows r JOIN search_text t ON t.rowid = r.id WHERE r.id = ?');
    // In the one query's column order, so that a row reads the same whichever way it came.
    const rows = scored
      .filter((row) => row.score >= cutoff)
      .map(({ id, score, bodyScore }): SearchCandidate => ({ id, ...(placeOf.get(id) as Omit<SearchCandidate, 'id' | 'score' | 'bodyScore'>), score, bodyScore }));
    return rows.sort((a, b) => b.score - a.score || compareAsSqlite(a.page, b.page) || compareSections(a.section, b.section)).slice(0, limit);
  }

  /** The candidates as one query: every matching row joined, then sorted (see candidates). */
  private candidatesInOneQuery(match: string, limit: number, [title, headings, body]: readonly [number, number, number]): SearchCandidate[] {
    return this.connection
      .statement(
        `SELECT r.id, r.page, r.section, r.page_start AS pageStart, r.page_end AS pageEnd, t.title, t.headings,
              -bm25(search_text, ?, ?, ?) AS score, -bm25(search_text, 0.0, 0.0, 1.0) AS bodyScore
       FROM search_text t JOIN search_rows r ON r.id = t.rowid
       WHERE search_text MATCH ? ORDER BY score DESC, r.page, r.section LIMIT ?`,
      )
      .all(title, headings, body, match, limit) as SearchCandidate[];
  }

  /**
   * FTS5's snippet of one row for a match expression: up to 16 tokens around the match, the
   * matched words [marked], '' when the row does not match. The CAST: see markedBody.
   */
  snippet(match: string, id: number): string {
    return (this.connection.statement("SELECT snippet(search_text, -1, '[', ']', '…', 16) FROM search_text WHERE search_text MATCH ? AND rowid = CAST(? AS INTEGER)").pluck().get(match, id) as string | undefined) ?? '';
  }

  /**
   * How rare words are in the index: its number of rows, and how many rows hold a word (a
   * term of letters, digits and underscores, stemmed by FTS5 as the index is). A count per
   * word asked: a few ms in a small KB, tens of ms for a common word at 100,000 documents.
   */
  wordRarity(): { rows: number; rowsWith: (term: string) => number } {
    const rows = this.connection.statement('SELECT count(*) FROM search_rows').pluck().get() as number;
    const holding = this.connection.statement('SELECT count(*) FROM search_text WHERE search_text MATCH ?').pluck();
    return { rows, rowsWith: (term) => (/^[\p{L}\p{N}_]+$/u.test(term) ? (holding.get(`"${term}"`) as number) : 0) };
  }

  /** Ids of the rows a match expression finds (a boost's test: a phrase, words near each other). */
  matchingRows(match: string): Set<number> {
    return new Set(this.connection.statement('SELECT rowid FROM search_text WHERE search_text MATCH ?').pluck().all(match) as number[]);
  }

  /**
   * One row's body with the words the expression matches between MATCH_OPEN and MATCH_CLOSE;
   * '' when it has none. The CAST is needed: FTS5 ignores a rowid constraint bound as a REAL (a
   * JS number).
   */
  markedBody(match: string, id: number): string {
    return (this.connection.statement('SELECT highlight(search_text, 2, ?, ?) FROM search_text WHERE search_text MATCH ? AND rowid = CAST(? AS INTEGER)').pluck().get(MATCH_OPEN, MATCH_CLOSE, match, id) as string | undefined) ?? '';
  }

  /** The indexed text of one row: a page (section null) or one section of a source page. */
  passageText(page: string, section: number | null): string {
    const row = this.connection.statement('SELECT t.body FROM search_rows r JOIN search_text t ON t.rowid = r.id WHERE r.page = ? AND r.section IS ? LIMIT 1').get(page, section) as { body: string } | undefined;
    return row?.body ?? '';
  }

  /** False for a KB created before the index existed, until its first rebuild. */
  indexBuilt(): boolean {
    return this.connection.statement("SELECT value FROM search_state WHERE key = 'index'").pluck().get() === 'built';
  }

  /** Pages in the full-text index, by path. */
  indexedPages(): string[] {
    return this.connection.statement('SELECT DISTINCT page FROM search_rows ORDER BY page').pluck().all() as string[];
  }

  /**
   * Replaces the whole full-text index with these rows (kb doctor --repair, first search after
   * an upgrade), in a transaction of its own: the index is derived from the pages, so no
   * changeset or journal carries it.
   */
  rebuildIndex(rows: Iterable<SearchRow>): number {
    let count = 0;
    const db = this.connection.db;
    db.transaction(() => {
      db.exec('DELETE FROM search_rows; DELETE FROM search_text;');
      for (const row of rows) {
        insertSearchRow(this.connection, row);
        count++;
      }
      this.connection.statement("UPDATE search_state SET value = 'built' WHERE key = 'index'").run();
    })();
    return count;
  }
}

/** Writes sections and full-text rows in the commit transaction. */
export function sectionOps(connection: SqliteConnection): OpHandlers<'replaceSections' | 'indexPage'> {
  return {
    replaceSections: (op) => {
      connection.statement('DELETE FROM sections WHERE doc = ?').run(op.doc);
      const insert = connection.statement(
        `INSERT INTO sections (doc, idx, title, level, start_offset, end_offset, page_start, page_end)
       VALUES (@doc, @idx, @title, @level, @start_offset, @end_offset, @page_start, @page_end)`,
      );
      for (const section of op.sections) insert.run({ doc: op.doc, ...section });
    },
    // Replaces a page's rows in the full-text index: index lookups by page, whatever the KB's size.
    indexPage: (op) => {
      const ids = connection.statement('SELECT id FROM search_rows WHERE page = ?').pluck().all(op.page) as number[];
      const deleteText = connection.statement('DELETE FROM search_text WHERE rowid = ?');
      for (const id of ids) deleteText.run(id);
      connection.statement('DELETE FROM search_rows WHERE page = ?').run(op.page);
      for (const row of op.rows) insertSearchRow(connection, row);
    },
  };
}

function insertSearchRow(connection: SqliteConnection, row: SearchRow): void {
  const id = Number(connection.statement('INSERT INTO search_rows (page, section, page_start, page_end) VALUES (?, ?, ?, ?)').run(row.page, row.section, row.pageStart, row.pageEnd).lastInsertRowid);
  connection.statement('INSERT INTO search_text (rowid, title, headings, body) VALUES (?, ?, ?, ?)').run(id, row.title, row.headings, row.body);
}

/**
 * SQLite's BINARY order of two texts: their UTF-8 bytes, which is the order of their code
 * points (JavaScript's < compares UTF-16 units, which differs past U+FFFF).
 */
function compareAsSqlite(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Sections ascending as SQLite orders them: NULL (a whole page's row) first. */
function compareSections(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}
