import { extractWikiLinks, linkResolves, rememberAnswers } from '../core/wikilinks.js';
import type { LintIssue } from './lint-issue.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

/** Every [[link]] points at a page that exists. */
export function checkBrokenLinks(pages: WikiSnapshot, exists: (relPath: string) => boolean): LintIssue[] {
  const out: LintIssue[] = [];
  const existsOnce = rememberAnswers(exists);
  for (const [page, text] of pages) {
    for (const link of extractWikiLinks(text)) {
      if (!linkResolves(link.target, existsOnce)) out.push({ kind: 'broken-link', page, detail: `line ${link.line}: [[${link.target}]] points at no page`, severity: 'error' });
    }
  }
  return out;
}
