import { extractWikiLinks, linkTargetFile } from '../core/wikilinks.js';
import type { LintIssue } from './lint-issue.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

/**
 * Pages that need no inbound link: the entry points and kb's bookkeeping (index, log and its
 * archives, AGENTS.md, catalogue pages, which index.md links only once they are needed, and
 * lint reports), and saved explorations: index.md lists only the newest of them.
 */
function isOrphanExempt(page: string): boolean {
  return ['wiki/index.md', 'wiki/log.md', 'wiki/AGENTS.md'].includes(page) || /^wiki\/(log|catalog|reports|explorations)\//.test(page);
}

/** A content page no other page links to is reached by search only; a user's own notes (usersOwnNotes) may stand alone. */
export function checkOrphanPages(pages: WikiSnapshot, ownNotes: ReadonlySet<string> = new Set()): LintIssue[] {
  const linked = new Set<string>();
  for (const [page, text] of pages) {
    for (const link of extractWikiLinks(text)) {
      const target = `wiki/${linkTargetFile(link.target)}`;
      if (target !== page) linked.add(target);
    }
  }
  return [...pages.keys()]
    .filter((page) => !isOrphanExempt(page) && !ownNotes.has(page) && !linked.has(page))
    .map((page) => ({ kind: 'orphan-page', page, detail: 'no other page links to it', severity: 'warning' as const, hint: 'link it from a related page, or delete it if it is left over' }));
}
