import type { KbContext } from '../commit/kb-context.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { rebuildSearchIndex } from '../search/rebuild-search-index.js';
import { matchExpressions } from '../search/search-query.js';
import type { SearchHit } from '../store/store.js';

export interface SearchResult {
  page: string;
  title: string;
  score: number;
  snippet: string;
  /** Source pages only: the section the hit is in, and its PDF pages when known. */
  section?: number;
  pages?: [number, number];
}

/**
 * `kb search`: the best `limit` passages for the text, rows with every word first, then rows
 * with some of them. Reads under the shared lock, so it sees only committed pages; a KB from
 * before the index existed gets it built first (logged), once.
 */
export async function searchKnowledgeBase(ctx: KbContext, text: string, limit: number): Promise<SearchResult[]> {
  return withKbLock(ctx, 'shared', () => {
    if (!ctx.store.searchIndexBuilt()) {
      const built = rebuildSearchIndex(ctx);
      ctx.logger.warn({ event: 'search.index_built', ...built }, `built the search index (${built.pages} pages): first search since kb was upgraded`);
    }
    return findHits(ctx, text, limit).map(toResult);
  });
}

function findHits(ctx: KbContext, text: string, limit: number): SearchHit[] {
  const match = matchExpressions(text);
  if (!match || limit <= 0) return [];
  const hits = ctx.store.search(match.all, limit);
  if (hits.length >= limit || match.any === match.all) return hits;
  const seen = new Set(hits.map((h) => `${h.page}#${h.section ?? ''}`));
  const more = ctx.store.search(match.any, limit).filter((h) => !seen.has(`${h.page}#${h.section ?? ''}`));
  return [...hits, ...more].slice(0, limit);
}

function toResult(hit: SearchHit): SearchResult {
  return {
    page: hit.page,
    title: hit.title,
    score: Number(hit.score.toPrecision(4)),
    snippet: hit.snippet.replace(/\s+/g, ' ').trim(),
    ...(hit.section !== null ? { section: hit.section } : {}),
    ...(hit.pageStart !== null ? { pages: [hit.pageStart, hit.pageEnd ?? hit.pageStart] as [number, number] } : {}),
  };
}

export function renderSearch(query: string, results: readonly SearchResult[]): string {
  if (results.length === 0) return `no match for "${query}"`;
  return results
    .map((r, i) => {
      const where = r.pages ? ` (p. ${r.pages[0] === r.pages[1] ? r.pages[0] : `${r.pages[0]}–${r.pages[1]}`})` : '';
      return `${String(i + 1).padStart(2)}. ${r.title}${where}\n    ${r.page}  score ${r.score.toPrecision(3)}\n    ${r.snippet}`;
    })
    .join('\n');
}
