import type { StoreReader } from '../store/store-reader.js';
import type { LintIssue } from './lint-issue.js';
import { expectedNavigationPages, isEmptyKbIndex, isNavigationPageInSync } from './navigation-pages.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

/** index.md and every catalogue page read exactly as the registry says they should. */
export function checkNavigationPages(store: StoreReader, pages: WikiSnapshot): LintIssue[] {
  const existing = [...pages.keys()].filter((p) => p.startsWith('wiki/catalog/'));
  const out: LintIssue[] = [];
  for (const [page, expected] of expectedNavigationPages(store, existing)) {
    const live = pages.get(page);
    if (isNavigationPageInSync(live, expected) || (page === 'wiki/index.md' && isEmptyKbIndex(store, live))) continue;
    const detail = expected === null ? 'lists no document of the registry' : live === undefined ? 'missing' : 'differs from what the registry gives';
    out.push({ kind: 'index-out-of-sync', page, detail, severity: 'error' });
  }
  return out;
}
