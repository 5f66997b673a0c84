import yaml from 'js-yaml';
import type { ConvertedDocument, SectionNode } from './converted-document.js';
import type { SectionRow } from './registry.js';
import { splitFrontmatter } from './render-page.js';

/**
 * The converter's output for a stored document, rebuilt from what `kb add` kept — the source
 * page (renderSourcePage: frontmatter, then the Markdown with `[[` runs escaped and trailing
 * whitespace trimmed) and the section rows — so that recompiling analyses the very input
 * the add analysed, without converting the raw file again. Two things the page does not keep
 * are restored from the sections: their offsets were taken in the converted Markdown, so a
 * text shorter than the last section's end lost trailing newlines to the trim.
 * Limit: a document whose own text held `\[\[` reads back as `[[` (the escape is not one-to-one).
 * Code is not escaped (escapeWikiLinksOutsideCode), but the unescape runs over code too: pages
 * written before that change escaped their code, and read back the same way.
 */
export function rebuildConvertedDocument(sourcePage: string, sections: readonly SectionRow[], registryPages?: number | null): ConvertedDocument & { fileName?: string } {
  const { frontmatter, body } = splitFrontmatter(sourcePage);
  const head = (yaml.load(frontmatter, { schema: yaml.CORE_SCHEMA }) ?? {}) as Record<string, unknown>;
  let markdown = unescapeWikiLinks(body.endsWith('\n') ? body.slice(0, -1) : body);
  const end = Math.max(0, ...sections.map((s) => s.end_offset));
  if (markdown.length < end) markdown += '\n'.repeat(end - markdown.length);
  const pages = typeof head.pages === 'number' ? head.pages : (registryPages ?? undefined);
  return {
    title: String(head.title ?? ''),
    markdown,
    sections: sections.map(toSectionNode),
    ...(pages !== undefined ? { pages } : {}),
    metadata: {},
    // The original file name (renderSourcePage's `file`), for analyses that read it as kb add did.
    ...(typeof head.file === 'string' ? { fileName: head.file } : {}),
  };
}

/** The inverse of escapeWikiLinks: each run of two or more `\[` was a run of `[`. */
function unescapeWikiLinks(text: string): string {
  return text.replace(/(?:\\\[){2,}/g, (run) => '['.repeat(run.length / 2));
}

function toSectionNode(row: SectionRow): SectionNode {
  return {
    title: row.title,
    level: row.level,
    start: row.start_offset,
    end: row.end_offset,
    ...(row.page_start !== null ? { pageStart: row.page_start } : {}),
    ...(row.page_end !== null ? { pageEnd: row.page_end } : {}),
  };
}
