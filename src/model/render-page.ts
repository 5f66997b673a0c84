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

export type ParsedFrontmatter = { ok: true; data: Record<string, unknown> } | { ok: false; problem: string };

/** A page's frontmatter as an object, or why it has none that kb can read. */
export function parseFrontmatter(page: string): ParsedFrontmatter {
  if (!page.startsWith('---\n')) return { ok: false, problem: 'no frontmatter' };
  const { frontmatter, body } = splitFrontmatter(page);
  if (body === page) return { ok: false, problem: 'frontmatter is not closed by ---' };
  let data: unknown;
  try {
    data = yaml.load(frontmatter, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    return { ok: false, problem: `frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: 'frontmatter is not a mapping' };
  return { ok: true, data: data as Record<string, unknown> };
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
