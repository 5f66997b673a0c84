// Search candidates come in two steps (scores from the full-text index, then a place for the best
// rows: store/sections-repository.ts); they must be exactly what one query ordering every
// matching row gives, ties included. Real SQLite in a temp dir.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SearchRow } from '../src/model/registry.js';
import { Store } from '../src/store/store.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-search-candidates-');
const WEIGHTS = [10, 5, 1] as const;

function storeWith(rows: SearchRow[]): Store {
  const store = Store.open(path.join(tempDir(), 'kb.db'));
  store.sections.rebuildIndex(rows);
  return store;
}

function row(page: string, section: number | null, body: string, title = 'Notes'): SearchRow {
  return { page, section, pageStart: null, pageEnd: null, title, headings: '', body };
}

/** The single query the two steps replace (private: reached as the test of its equivalence). */
function oneQuery(store: Store, match: string, limit: number): unknown {
  return (store.sections as unknown as { candidatesInOneQuery: (m: string, l: number, w: readonly number[]) => unknown }).candidatesInOneQuery(match, limit, WEIGHTS);
}

describe('search candidates', () => {
  it('equal the one query on rows of different scores, and put a page before its sections on a tie', () => {
    const rows: SearchRow[] = [];
    for (let i = 0; i < 60; i++) rows.push(row(`wiki/sources/doc-${String(i).padStart(2, '0')}.md`, i % 3 === 0 ? null : i, `compost ${'heap '.repeat(i % 7)}${'compost '.repeat(i % 5)}`));
    const store = storeWith(rows);
    for (const limit of [1, 5, 10, 25, 200]) {
      const two = store.sections.candidates('"compost"', limit, WEIGHTS);
      expect(two).toEqual(oneQuery(store, '"compost"', limit));
      expect(two.length).toBe(Math.min(limit, 60));
    }
    store.close();
  });

  it('break ties at the limit by page then section in SQLite order (bytes, NULL first), also past the rows fetched', () => {
    // Every row the same text: one score for all, so page and section decide everything, and the
    // tie runs past twice the limit (the fall back to one query).
    const pages = ['wiki/sources/zeta.md', 'wiki/sources/éclair.md', 'wiki/sources/alpha.md', 'wiki/sources/😀-emoji.md', 'wiki/sources/\uFF21-wide.md', 'wiki/summaries/alpha.md'];
    const rows = pages.flatMap((page) => [row(page, 2, 'compost heap'), row(page, null, 'compost heap'), row(page, 1, 'compost heap')]);
    const store = storeWith(rows);
    for (const limit of [1, 4, 7, 8, 9, 18]) expect(store.sections.candidates('"compost"', limit, WEIGHTS)).toEqual(oneQuery(store, '"compost"', limit));
    // A tie at the limit that the fetched rows do hold: 3 best rows, then 8 tied ones, limit 5.
    const mixed = storeWith([
      ...['c', 'a', 'b'].map((p) => row(`wiki/sources/${p}.md`, null, 'compost compost compost compost')),
      ...['h', 'd', 'g', 'e', 'f', 'k', 'i', 'j'].map((p) => row(`wiki/sources/${p}.md`, 1, 'compost and a long body of other words that lowers its score')),
    ]);
    const two = mixed.sections.candidates('"compost"', 5, WEIGHTS);
    expect(two).toEqual(oneQuery(mixed, '"compost"', 5));
    expect(two.map((r) => r.page)).toEqual(['wiki/sources/a.md', 'wiki/sources/b.md', 'wiki/sources/c.md', 'wiki/sources/d.md', 'wiki/sources/e.md']);
    store.close();
    mixed.close();
  });
});
