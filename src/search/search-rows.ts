import yaml from 'js-yaml';
import { isFenceLine } from '../core/wikilinks.js';
import { IMAGE_OR_BADGE, LINK_TARGET } from '../core/markdown-links.js';
import { splitFrontmatter } from '../model/render-page.js';
import type { SearchIndexer } from '../model/search-indexer.js';
import type { SearchRow, SectionRow } from '../model/registry.js';

/*
 * What the full-text index holds for a page (SearchRow): one row for a wiki page, one row
 * per section for a source page, so that a hit in a 300-page PDF points at its section and
 * pages, and BM25 compares passages of comparable length instead of whole books with notes.
 */

/**
 * The folders whose pages are searched. Index, log, catalogue pages, AGENTS.md and lint
 * reports are lists and bookkeeping: they would match every name and crowd the results.
 */
const SEARCHED = /^wiki\/(summaries|concepts|entities|explorations|sources)\/[^/]+\.md$/;

const TOPIC_PAGE = /^wiki\/(concepts|entities)\//;

export function isSearchedPage(relPath: string): boolean {
  return SEARCHED.test(relPath);
}

/** The rows of one page. Source pages are cut at their sections' starts when sections are given. */
export function searchRowsOfPage(relPath: string, content: string, sections: readonly SectionRow[] = []): SearchRow[] {
  const { frontmatter, body } = splitFrontmatter(content);
  const title = titleOf(frontmatter) ?? relPath.slice(relPath.lastIndexOf('/') + 1).replace(/\.md$/, '');
  const whole = (): SearchRow[] => [{ page: relPath, section: null, pageStart: null, pageEnd: null, title, ...textOf(body) }];
  // A concept or entity page counts for its statements (what it says, not the headings that
  // list its documents): ranking keeps it only when they match (rank-passages.ts), so a page
  // with none is never found on its name alone.
  if (TOPIC_PAGE.test(relPath)) return [{ page: relPath, section: null, pageStart: null, pageEnd: null, title, headings: '', body: textOf(statementsOf(body)).body }];
  if (!relPath.startsWith('wiki/sources/') || sections.length === 0) return whole();
  const starts = [...sections].sort((a, b) => a.start_offset - b.start_offset || a.idx - b.idx);
  const rows: SearchRow[] = [];
  const lead = body.slice(0, starts[0]!.start_offset);
  if (lead.trim() !== '') rows.push({ page: relPath, section: null, pageStart: null, pageEnd: null, title, ...textOf(lead) });
  starts.forEach((section, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.start_offset : body.length;
    // A section whose children start right away has no text of its own: its heading still
    // counts, as the title of an (almost) empty row, so a search for it finds the place.
    const text = body.slice(section.start_offset, Math.max(section.start_offset, end));
    const name = [title, ...pathOf(starts, i).filter((t) => t !== title)].join(' › ');
    rows.push({ page: relPath, section: section.idx, pageStart: section.page_start, pageEnd: section.page_end, title: name, ...textOf(text) });
  });
  return rows;
}

/**
 * A topic page's body as its statements: the overview's line on how many documents mention the
 * topic is a count, and the document an overview's item is from ("- [[summaries/parsers|A
 * History of Parsers]]: Quillwork is …") is its source, not its words: indexed, an answer
 * quoted "A History of Parsers: Quillwork is …" as one sentence.
 */
function statementsOf(body: string): string {
  return body.replace(MENTIONED_LINE, '').replace(ITEM_SOURCE, '$1');
}

const MENTIONED_LINE = /^_[^\n]* is mentioned in \d+ documents?\._$/gm;
const ITEM_SOURCE = /^(- )\[\[summaries\/[^\]|]*\|[^\]]*\]\]: /gm;

/**
 * The section's place: the titles of the sections it is nested in, then its own (the caller drops
 * a title equal to the page's: the page itself, said once). Sections are in document order.
 */
function pathOf(sections: readonly SectionRow[], at: number): string[] {
  const path = [sections[at]!];
  for (let i = at - 1; i >= 0 && path[0]!.level > 1; i--) if (sections[i]!.level < path[0]!.level) path.unshift(sections[i]!);
  return path.map((s) => s.title);
}

/** The index rule that commits apply (the context carries it: model/search-indexer.ts). */
export const searchIndexer: SearchIndexer = { isSearched: isSearchedPage, rowsOf: searchRowsOfPage };

export function titleOf(frontmatter: string): string | undefined {
  return frontmatterText(frontmatter, 'title');
}

/** A frontmatter key's value when it is non-empty text; undefined when absent, not text, or the YAML does not parse. */
export function frontmatterText(frontmatter: string, key: string): string | undefined {
  if (frontmatter === '') return undefined;
  try {
    const head = yaml.load(frontmatter, { schema: yaml.CORE_SCHEMA }) as Record<string, unknown> | null;
    const value = head?.[key];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Headings and body text of Markdown, without link brackets, kb's markers and emphasis marks.
 * Lines that are only links (a summary's concept list, a concept page's related concepts and
 * document headings) are navigation, not content: indexed, they would make every page match
 * the names of its neighbours.
 */
function textOf(markdown: string): { headings: string; body: string } {
  const headings: string[] = [];
  const body: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/<!--[\s\S]*?-->/g, '').split('\n')) {
    // Code is text as written: a `# comment` is no heading, `[[servers]]` no link, and the
    // fence lines (```toml) are markup, not words.
    if (isFenceLine(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      body.push(line);
      continue;
    }
    if (isLinkOnly(line)) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) headings.push(plain(heading[1]!));
    else {
      body.push(plain(line));
      headings.push(...termsDefinedBy(line));
    }
  }
  return { headings: headings.join('\n'), body: body.join('\n').replace(/\n{3,}/g, '\n\n').trim() };
}

/**
 * Reference text names what a line or table cell is about with a code span that opens it: an
 * option (`--force`), a setting (`log_timezone` (`string`)), a function (`cos` ( `double
 * precision` ) → …). Those names go with the headings: the place that defines a name is a
 * better answer to it than a passage that only mentions it.
 */
function termsDefinedBy(line: string): string[] {
  if (!line.includes('`')) return [];
  const terms: string[] = [];
  for (const cell of line.split(/\s\|\s|<br>/)) {
    // A longer run of backticks quotes a name that holds one: `` `spi_commit()` ``.
    const term = /^\s*\|?\s*(`+)\s*(.+?)\s*\1(?!`)(?=\s*(?:$|\(|→|,|`))/.exec(cell);
    const name = term?.[2]!.replace(/`/g, '').trim();
    if (name && name.length <= 80) terms.push(name);
  }
  return terms;
}

function isLinkOnly(line: string): boolean {
  if (!line.includes('[[')) return false;
  const rest = line.replace(/^\s*(?:[-*+]|#{1,6})\s+/, '').replace(/\[\[[^\]]*\]\]/g, '').replace(/\([^)]*\)/g, '');
  return /^[\s,.;:—–-]*$/.test(rest);
}

/** A line's words: links as their labels, `[[` the page escaped as written, no emphasis or code marks. */
function plain(line: string): string {
  return line
    .replace(/\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2')
    .replace(/\[\[([^\]]*)\]\]/g, (_, target: string) => target.slice(target.lastIndexOf('/') + 1))
    // A document's own links read as their text and its images and badges as nothing: an
    // address is no word of the text, and a snippet shows what a reader sees.
    .replace(IMAGE_PATTERN, '')
    .replace(LINK_PATTERN, '$1')
    .replace(/\\([[\]])/g, '$1')
    .replace(/[*`]+/g, '');
}

const IMAGE_PATTERN = new RegExp(`(?<!\\\\)${IMAGE_OR_BADGE}`, 'g');
const LINK_PATTERN = new RegExp(`(?<!\\\\)\\[([^\\]]*)\\]${LINK_TARGET}`, 'g');
