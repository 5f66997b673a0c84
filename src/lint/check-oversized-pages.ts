import type { LintIssue } from './lint-issue.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

/** Pages larger than the configured limit (source pages hold a whole document and are exempt). */
export function checkOversizedPages(pages: WikiSnapshot, maxPageKb: number): LintIssue[] {
  const out: LintIssue[] = [];
  for (const [page, text] of pages) {
    if (page.startsWith('wiki/sources/')) continue;
    const kb = Buffer.byteLength(text, 'utf8') / 1024;
    if (kb > maxPageKb) out.push({ kind: 'oversized-page', page, detail: `${Math.ceil(kb)} KiB, over lint.max_page_kb (${maxPageKb})`, severity: 'warning', hint: 'split the page, or raise lint.max_page_kb' });
  }
  return out;
}
