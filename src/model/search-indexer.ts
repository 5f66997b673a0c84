import type { SearchRow, SectionRow } from './registry.js';

/**
 * What the full-text index holds for a page, as the commit needs to know it: applyChangeset
 * indexes the pages it writes in the same SQLite transaction, from their final content (after
 * the guard has carried a user's notes over, so rows cannot be computed earlier), without
 * depending on search/. The context carries search's implementation (search-rows.ts).
 */
export interface SearchIndexer {
  /** Whether the page is in the full-text index at all. */
  isSearched(relPath: string): boolean;
  /** The page's rows; a source page is cut at its sections' starts when they are given. */
  rowsOf(relPath: string, content: string, sections?: readonly SectionRow[]): SearchRow[];
}
