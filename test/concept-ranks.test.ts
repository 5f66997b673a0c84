// Search's concept boost reads the rank a document gives the query's concept (concept_docs)
// only for the documents it found: a common concept is ranked by tens of thousands of
// documents in a large KB. Real SQLite in a temp dir.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conceptRanksOf, type RankedRow } from '../src/search/rank-passages.js';
import { Store } from '../src/store/store.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-concept-ranks-');

function row(id: number, page: string): RankedRow {
  return { id, page, section: null, pageStart: null, pageEnd: null, title: page, headings: '', score: 1, bodyScore: 1 };
}

function storeRanking(concept: string, ranks: Record<string, number>): Store {
  const store = Store.open(path.join(tempDir(), 'kb.db'));
  const addDoc = store.db.prepare(
    "INSERT INTO documents (name, title, hash, original_path, raw_path, source_path, summary_path, size, added_at, updated_at) VALUES (?, ?, ?, '', '', '', '', 0, '', '')",
  );
  const rank = store.db.prepare("INSERT INTO concept_docs (concept, doc, score, mentions, sentences, rank) VALUES (?, ?, 1, 1, '[]', ?)");
  for (const [doc, r] of Object.entries(ranks)) {
    addDoc.run(doc, doc, `hash-${doc}`);
    rank.run(concept, doc, r);
  }
  addDoc.run('unranked', 'unranked', 'hash-unranked');
  return store;
}

describe('conceptRanksOf', () => {
  it("gives the rank of each found document that ranks the concept, by a source or a summary row, and no other document's", () => {
    const store = storeRanking('davit', { ferry: 0, harbour: 3, lighthouse: 7 });
    const rows = [row(1, 'wiki/sources/ferry.md'), row(2, 'wiki/summaries/harbour.md'), row(3, 'wiki/sources/unranked.md'), row(4, 'wiki/concepts/davit.md'), row(5, 'wiki/sources/ferry.md')];
    expect(conceptRanksOf(store, 'davit', rows)).toEqual(new Map([['document:ferry', 0], ['document:harbour', 3]]));
    // The query as a concept key: "Davits" is the concept davit.
    expect(conceptRanksOf(store, 'Davits', rows)).toEqual(new Map([['document:ferry', 0], ['document:harbour', 3]]));
    expect(conceptRanksOf(store, 'winch', rows)).toEqual(new Map());
    expect(conceptRanksOf(store, 'davit', [])).toEqual(new Map());
    store.close();
  });
});
