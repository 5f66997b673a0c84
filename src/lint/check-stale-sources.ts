import { isKbTextKept } from '../commit/live-page.js';
import type { StoreReader } from '../store/store-reader.js';
import type { DocumentRow } from '../model/registry.js';
import { splitFrontmatter } from '../model/render-page.js';
import type { LintIssue } from './lint-issue.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

/**
 * A source page edited since its document was compiled. kb's page record (commit/live-page.ts)
 * tells exactly. A page from before records has none, but the registry keeps the section tree
 * of the text the page was written from: offsets into that text, the last section ending where
 * the text ends. So a
 * page whose text (kb's `\[` escapes undone, trailing space aside) runs past that end, or stops
 * before the last section starts, is not the page kb wrote. Edits that keep the length in
 * that window pass unseen; documents without sections are not checked.
 */
export function checkStaleSources(store: StoreReader, docs: readonly DocumentRow[], pages: WikiSnapshot): LintIssue[] {
  const out: LintIssue[] = [];
  for (const doc of docs) {
    const text = pages.get(doc.source_path);
    const record = store.pages.record(doc.source_path);
    if (text !== undefined && record) {
      // kb knows what it wrote: frontmatter keys the user added and notes after its text are
      // the user's and fine (kb carries them over); any other change is an edit.
      if (isKbTextKept(Buffer.from(text, 'utf8'), record)) continue;
      out.push({
        kind: 'stale-page',
        page: doc.source_path,
        detail: `edited by hand since ${doc.name} was compiled: search and the section tree still follow the text kb wrote`,
        severity: 'warning',
        hint: 'kb keeps your edits: a corrected title:, author: or description: stays as you wrote it, notes after the end of the text are carried over, and any other edit is copied to wiki/conflicts/ before a rewrite',
      });
      continue;
    }
    const sections = text === undefined ? [] : store.sections.ofDocument(doc.name);
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
