// Recompile analyses a document from what `kb add` stored (source page + section rows) instead
// of converting it again: for an unchanged KB that must be the very analysis the add made.
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../src/analyze/analyze-document.js';
import { renderSourcePage } from '../src/compile/document-pages.js';
import { rebuildConvertedDocument } from '../src/model/rebuild-converted-document.js';
import type { ConvertedDocument } from '../src/model/converted-document.js';
import type { SectionRow } from '../src/model/registry.js';
import { extractWikiLinks } from '../src/core/wikilinks.js';
import { useFixtures } from './support/fixtures/use-fixtures.js';
import type { FixtureName } from './support/fixtures/fixtures.js';

const fixtures = useFixtures();
const LIMITS = { longDocPages: 2, longDocChars: 400 };

/** What kb add keeps of a converted document: the source page and the section rows. */
function stored(converted: ConvertedDocument, fileName: string): { page: string; rows: SectionRow[] } {
  const page = renderSourcePage({ doc: 'doc', fileName }, converted);
  const rows = converted.sections.map((s, idx) => ({ idx, title: s.title, level: s.level, start_offset: s.start, end_offset: s.end, page_start: s.pageStart ?? null, page_end: s.pageEnd ?? null }));
  return { page, rows };
}

describe('rebuildConvertedDocument', () => {
  const names: FixtureName[] = ['guide.md', 'bom-crlf.md', 'notes.txt', 'manual.adoc', 'page.html', 'report.docx', 'outline.pdf', 'long.pdf', 'plain.pdf'];
  it.each(names)('%s: the analysis from the stored source equals the analysis at add', async (name) => {
    const converted = await fixtures.convert(name);
    const { page, rows } = stored(converted, name);
    const rebuilt = rebuildConvertedDocument(page, rows, converted.pages ?? null);
    expect(rebuilt.title).toBe(converted.title);
    expect(rebuilt.sections).toEqual(converted.sections);
    expect(analyzeDocument(rebuilt, LIMITS)).toEqual(analyzeDocument(converted, LIMITS));
  });

  it('gives back text with [[ runs escaped by the source page, and trailing newlines the page trimmed', () => {
    const markdown = '# Wiki\n\nSee [[Other Page]] and [[[1]]].\n\n';
    const converted: ConvertedDocument = { title: 'Wiki', markdown, sections: [{ title: 'Wiki', level: 1, start: 0, end: markdown.length }], metadata: {} };
    const { page, rows } = stored(converted, 'wiki.md');
    expect(page).toContain('\\[\\[Other Page]]');
    expect(rebuildConvertedDocument(page, rows).markdown).toBe(markdown);
  });

  it('leaves [[ in fenced and inline code as written (Obsidian shows code as it is, and links nothing there); the rebuilt text is the original', () => {
    const markdown = '# Script\n\nRun `[[ -f x ]]` or see [[Other]].\n\n```bash\nif [[ -f config.toml ]]; then echo ok; fi\n```\n\n~~~toml\n[[servers]]\nname = "a"\n~~~\n';
    const converted: ConvertedDocument = { title: 'Script', markdown, sections: [{ title: 'Script', level: 1, start: 0, end: markdown.length }], metadata: {} };
    const { page, rows } = stored(converted, 'script.md');
    expect(page).toContain('Run `[[ -f x ]]` or see \\[\\[Other]].');
    expect(page).toContain('if [[ -f config.toml ]]; then');
    expect(page).toContain('~~~toml\n[[servers]]\n');
    // The frontmatter's summary link aside, nothing in the body is a link.
    expect(extractWikiLinks(page).map((l) => l.target)).toEqual(['summaries/doc']);
    expect(rebuildConvertedDocument(page, rows).markdown).toBe(markdown);
  });
});
