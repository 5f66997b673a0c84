import type { StoreReader } from '../store/store-reader.js';
import type { SearchHit } from '../model/registry.js';
import { rankRows } from './rank-passages.js';

/**
 * The best `limit` rows of the full-text index for any user text, ranked as search ranks
 * them (rank-passages.ts): rows with some of the words are found too, but every word, the
 * words together and a title or heading naming them rank first (a question rarely has all
 * its words in one passage). Passages, not documents: an answer may quote two sections of one.
 */
export function findPassages(store: StoreReader, text: string, limit: number): SearchHit[] {
  const { rows, match } = rankRows(store, text, limit);
  if (!match) return [];
  // Snippets only for the rows returned: made for every candidate, they cost more than the ranking.
  return rows
    .slice(0, limit)
    .map(({ id, page, section, pageStart, pageEnd, title, score }) => ({ page, section, pageStart, pageEnd, title, score, snippet: store.sections.snippet(match.any, id) }));
}
