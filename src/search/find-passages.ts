import type { StoreReader } from '../store/store-reader.js';
import type { SearchHit } from '../model/registry.js';
import { matchExpressions } from './search-query.js';

/**
 * The best `limit` rows of the full-text index for any user text: rows with every word
 * first, then rows with some of them (a question rarely has all its words in one passage).
 */
export function findPassages(store: StoreReader, text: string, limit: number): SearchHit[] {
  const match = matchExpressions(text);
  if (!match || limit <= 0) return [];
  const hits = store.sections.search(match.all, limit);
  if (hits.length >= limit || match.any === match.all) return hits;
  const seen = new Set(hits.map(hitKey));
  const more = store.sections.search(match.any, limit).filter((h) => !seen.has(hitKey(h)));
  return [...hits, ...more].slice(0, limit);
}

function hitKey(hit: SearchHit): string {
  return `${hit.page}#${hit.section ?? ''}`;
}
