import type { KbContext } from '../store/kb-context.js';
import { ExitCode, KbError } from '../core/errors.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { rebuildSearchIndex } from '../search/rebuild-search-index.js';
import { findPassages } from '../search/find-passages.js';
import type { SearchHit } from '../model/registry.js';

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
 * `kb search`: the best `limit` passages for the text (find-passages.ts). Reads under the
 * shared lock, so it sees only committed pages.
 */
export async function searchKnowledgeBase(ctx: KbContext, text: string, limit: number): Promise<SearchResult[]> {
  return withKbLock(ctx, 'shared', () => {
    ensureSearchIndex(ctx);
    return findPassages(ctx.store, text, limit).map(toResult);
  });
}

/** A KB from before the index existed gets it built by its first reader (logged), once. */
export function ensureSearchIndex(ctx: KbContext): void {
  if (ctx.store.sections.indexBuilt()) return;
  if (ctx.readOnly) {
    throw new KbError('SEARCH_INDEX_MISSING', ExitCode.someFailed, `${ctx.paths.db} has no search index yet, and this process cannot write it`, {
      hint: 'run `kb search` once as a user who can write the .kb folder (it builds the index), or make it writable',
    });
  }
  const built = rebuildSearchIndex(ctx);
  ctx.logger.warn({ event: 'search.index_built', ...built }, `built the search index (${built.pages} pages): first search since kb was upgraded`);
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
