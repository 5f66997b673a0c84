import type { DocumentRow, Store } from '../../store/store.js';
import { splitFrontmatter } from '../render-page.js';
import type { LintIssue } from './lint-issue.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

/**
 * A source page edited since its document was compiled. The registry keeps no hash of the
 * page (that would need a migration), but it keeps the section tree of the text the page was
 * written from: offsets into that text, the last section ending where the text ends. So a
 * page whose text (kb's `\[` escapes undone, trailing space aside) runs past that end, or stops
 * before the last section starts, is not the page kb wrote. Edits that keep the length in
 * that window pass unseen; documents without sections are not checked.
 */
export function checkStaleSources(store: Store, docs: readonly DocumentRow[], pages: WikiSnapshot): LintIssue[] {
  const out: LintIssue[] = [];
  for (const doc of docs) {
    const text = pages.get(doc.source_path);
    const sections = text === undefined ? [] : store.sections(doc.name);
    if (text === undefined || sections.length === 0) continue;
    const end = Math.max(...sections.map((s) => s.end_offset));
    const lastStart = Math.max(...sections.map((s) => s.start_offset));
    const length = splitFrontmatter(text).body.replace(/\\\[/g, '[').trimEnd().length;
    if (length <= end && length > lastStart) continue;
    out.push({
      kind: 'stale-page',
      page: doc.source_path,
      detail: `edited since ${doc.name} was compiled (${length} characters of text, the registered section tree covers ${end})`,
      severity: 'warning',
      hint: `kb recompile ${doc.name} (it rewrites the page from raw/)`,
    });
  }
  return out;
}
