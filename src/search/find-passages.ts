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
  return rankRows(store, text, limit)
    .rows.slice(0, limit)
    .map(({ page, section, pageStart, pageEnd, title, score, snippet }) => ({ page, section, pageStart, pageEnd, title, score, snippet }));
}
