import type { KbContext } from '../store/kb-context.js';
import { ExitCode, KbError } from '../core/errors.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { rebuildSearchIndex } from '../search/rebuild-search-index.js';
import { conceptRanksOf, rankDocuments, rankRows, type RankedRow } from '../search/rank-passages.js';
import { sentenceSnippet } from '../search/sentence-snippet.js';
import type { SearchHit } from '../model/registry.js';

export interface SearchResult {
  page: string;
  title: string;
  score: number;
  snippet: string;
  /** Source pages only: the section the hit is in, and its PDF pages when known. */
  section?: number;
  pages?: [number, number];
  /** With --sections only: further matching sections of the same page, best first (same fields). */
  sections?: SearchResult[];
}

export interface SearchOptions {
  /** Further matching sections to show under each document (kb search --sections [n]); 0: none. */
  sections?: number;
}

/**
 * `kb search`: the best `limit` documents for the text, each at its best section
 * (rank-passages.ts ranks and groups), with whole-sentence snippets. Reads under the shared
 * lock, so it sees only committed pages.
 */
export async function searchKnowledgeBase(ctx: KbContext, text: string, limit: number, options: SearchOptions = {}): Promise<SearchResult[]> {
  return withKbLock(ctx, 'shared', () => {
    ensureSearchIndex(ctx);
    const { rows, match } = rankRows(ctx.store, text, limit);
    if (!match) return [];
    const more = options.sections ?? 0;
    return rankDocuments(rows, conceptRanksOf(ctx.store, text, rows))
      .slice(0, limit)
      .map((doc) => {
        // The line names the document's best section; its summary may have ranked it, but the
        // section is where the words are.
        const shown = doc.rows.find((row) => row.page.startsWith('wiki/sources/')) ?? doc.rows[0]!;
        const result = (row: RankedRow, score: number): SearchResult => toResult({ ...row, score }, sentenceSnippet(ctx.store, match.any, row));
        const best = result(shown, doc.score);
        if (more === 0) return best;
        return { ...best, sections: doc.rows.filter((row) => row !== shown && row.page === shown.page).slice(0, more).map((row) => result(row, row.score)) };
      });
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

function toResult(hit: Omit<SearchHit, 'snippet'>, snippet: string): SearchResult {
  return {
    page: hit.page,
    title: hit.title,
    score: Number(hit.score.toPrecision(4)),
    snippet,
    ...(hit.section !== null ? { section: hit.section } : {}),
    ...(hit.pageStart !== null ? { pages: [hit.pageStart, hit.pageEnd ?? hit.pageStart] as [number, number] } : {}),
  };
}

export function renderSearch(query: string, results: readonly SearchResult[]): string {
  if (results.length === 0) return `no match for "${query}"`;
  return results
    .map((r, i) => {
      const more = (r.sections ?? []).map((m) => `\n    · ${m.title}${pagesOf(m)}\n      ${m.snippet}`).join('');
      return `${String(i + 1).padStart(2)}. ${r.title}${pagesOf(r)}\n    ${r.page}  score ${r.score.toPrecision(3)}\n    ${r.snippet}${more}`;
    })
    .join('\n');
}

function pagesOf(r: SearchResult): string {
  return r.pages ? ` (p. ${r.pages[0] === r.pages[1] ? r.pages[0] : `${r.pages[0]}–${r.pages[1]}`})` : '';
}
