import yaml from 'js-yaml';
import { mapOutsideCode } from '../core/wikilinks.js';

/**
 * A wiki page: YAML frontmatter then the Markdown body. Dumped with fixed options so the
 * same inputs always give the same bytes (the offline engine is deterministic).
 */
export function renderPage(frontmatter: Record<string, unknown>, body: string): string {
  const head = yaml.dump(frontmatter, { lineWidth: -1, noRefs: true, sortKeys: false, schema: yaml.CORE_SCHEMA }).trimEnd();
  return `---\n${head}\n---\n${body.trimEnd()}\n`;
}

/** Splits a page into its frontmatter text and body; pages without frontmatter have none. */
export function splitFrontmatter(page: string): { frontmatter: string; body: string } {
  if (!page.startsWith('---\n')) return { frontmatter: '', body: page };
  const end = page.indexOf('\n---\n', 4);
  if (end < 0) return { frontmatter: '', body: page };
  return { frontmatter: page.slice(4, end), body: page.slice(end + 5) };
}

/** Text safe inside a `[[target|label]]` label or a one-line list entry. */
export function inlineText(text: string, max = 160): string {
  const flat = text.replace(/[\[\]|\n\r]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Text taken from a document may contain `[[…]]` of its own (AsciiDoc anchors, wiki
 * syntax in a README). In the wiki that would be a link kb did not write and that resolves
 * nowhere, so the brackets are escaped (`[[[1]]]` → `\[\[\[1]]]`): it renders as written and links nothing.
 */
export function escapeWikiLinks(text: string): string {
  return text.replace(/\[{2,}/g, (run) => '\\['.repeat(run.length));
}

/**
 * escapeWikiLinks for a whole document's Markdown (a source page): code is left as written,
 * since `[[ -f x ]]` in a shell script or `[[servers]]` in TOML links nothing there (kb's link
 * readers and Obsidian alike skip code) and a backslash in code would show as one.
 */
export function escapeWikiLinksOutsideCode(markdown: string): string {
  return mapOutsideCode(markdown, escapeWikiLinks);
}
