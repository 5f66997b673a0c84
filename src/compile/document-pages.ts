import yaml from 'js-yaml';
import type { DocumentAnalysis, OutlineEntry } from '../analyze/analyze-document.js';
import { plainLinkText } from './page-text.js';
import { escapeWikiLinks, escapeWikiLinksOutsideCode, inlineText, renderPage, splitFrontmatter } from '../model/render-page.js';
import { topicLink } from './topic-page.js';

export interface DocumentIdentity {
  doc: string;
  /** The original file name, as the user knows it. */
  fileName: string;
}

/**
 * `wiki/sources/<doc>.md`: the full text. Written in prepare (it can be large). Text read in
 * another encoding than UTF-8 says which (`encoding: windows-1252`): the raw file keeps the
 * original bytes, and a reader of raw/ needs to know how to read them.
 */
export function renderSourcePage(id: DocumentIdentity, doc: { title: string; markdown: string; pages?: number; encoding?: string; ocr?: string; metadata?: Readonly<Record<string, string>> }): string {
  const author = doc.metadata?.author;
  return renderPage(
    {
      title: doc.title,
      type: 'source',
      doc: id.doc,
      file: id.fileName,
      // Who the file says wrote it (a PDF's Info dictionary, an EPUB's creators), else its byline
      // (prepare-item.ts): Obsidian shows it as a property.
      ...(author !== undefined ? { author } : {}),
      ...(doc.pages !== undefined ? { pages: doc.pages } : {}),
      ...(doc.encoding !== undefined ? { encoding: doc.encoding } : {}),
      // Machine-read text can be wrong: the page says so.
      ...(doc.ocr !== undefined ? { ocr: doc.ocr } : {}),
      summary: `[[summaries/${id.doc}]]`,
    },
    escapeWikiLinksOutsideCode(doc.markdown),
  );
}

/**
 * A source page rendered by renderSourcePage, moved to another doc name. The name is
 * reserved when the batch is planned, but a concurrent `kb add` may take it first; the
 * commit then uses the next free name, and the staged page must name that one.
 */
export function renameSourcePage(page: string, doc: string): string {
  const { frontmatter, body } = splitFrontmatter(page);
  const head = (yaml.load(frontmatter, { schema: yaml.CORE_SCHEMA }) ?? {}) as Record<string, unknown>;
  return renderPage({ ...head, doc, summary: `[[summaries/${doc}]]` }, body);
}

/** A concept or entity page the summary links to. */
export interface SummaryTopicLink {
  slug: string;
  name: string;
  /** Entities: person, organisation, … */
  type?: string;
}

export interface SummaryTopics {
  /** Best first, as ranked at commit. */
  concepts: readonly SummaryTopicLink[];
  entities: readonly SummaryTopicLink[];
  /** The document's other ranked terms, best first: named without a page (concept-pages.ts rankDocumentTerms). */
  terms?: readonly string[];
}

/**
 * `wiki/summaries/<doc>.md`: title, one-line description, key points, outline, links to its
 * source and to the concept and entity pages it contributes to (pages in the same changeset).
 * `text` turns analysis text into page text (page-text.ts): escaped offline text, or LLM
 * text whose links were resolved.
 */
export function renderSummaryPage(
  id: DocumentIdentity,
  analysis: DocumentAnalysis,
  topics: SummaryTopics = { concepts: [], entities: [] },
  text: (s: string) => string = escapeWikiLinks,
): string {
  const lines = [`# ${inlineText(analysis.title, 200)}`, '', text(analysis.description), '', `Source: [[sources/${id.doc}]] (${inlineText(id.fileName, 200)})`];
  if (analysis.keyPoints.length > 0) {
    lines.push('', '## Key points', '', ...analysis.keyPoints.map((p) => `- ${text(p)}`));
  }
  if (analysis.outline.length > 0) {
    lines.push('', '## Outline', '', ...analysis.outline.map(outlineLine));
  }
  const concepts = conceptsSection(topics.concepts, topics.terms ?? []);
  if (concepts.length > 0) lines.push('', ...concepts);
  if (topics.entities.length > 0) {
    lines.push('', '## Entities', '', ...topics.entities.map((e) => `- ${topicLink('entity', e.slug, e.name)}${e.type ? ` (${e.type})` : ''}`));
  }
  return renderPage(
    {
      title: analysis.title,
      type: 'summary',
      description: escapeWikiLinks(analysis.engine === 'llm' ? plainLinkText(analysis.description) : analysis.description),
      sources: [`[[sources/${id.doc}]]`],
      ...(analysis.pages !== undefined ? { pages: analysis.pages } : {}),
    },
    lines.join('\n'),
  );
}

/**
 * A summary's `## Concepts` section: links to the concept pages of the document's ranked terms,
 * best first, then its other terms as plain text. No lines when it names none.
 */
export function conceptsSection(linked: readonly SummaryTopicLink[], terms: readonly string[]): string[] {
  if (linked.length === 0 && terms.length === 0) return [];
  const lines = ['## Concepts', '', ...linked.map((c) => `- ${topicLink('concept', c.slug, c.name)}`)];
  if (terms.length > 0) lines.push(...(linked.length > 0 ? [''] : []), `Also: ${terms.map((t) => escapeWikiLinks(inlineText(t, 120))).join(', ')}.`);
  return lines;
}

/**
 * A summary page (kb's text) with its `## Concepts` section replaced, the rest as it stands:
 * how a commit relinks another document's summary when one of its terms gains or loses its
 * page. Undefined when the page has no such section (its document names no concept, or the
 * user took the section out).
 */
export function withConceptsSection(page: string, section: readonly string[]): string | undefined {
  const start = page.lastIndexOf('\n## Concepts\n');
  if (start < 0 || section.length === 0) return undefined;
  const next = page.indexOf('\n\n## ', start + 1);
  const end = next >= 0 ? next : page.endsWith('\n') ? page.length - 1 : page.length;
  return `${page.slice(0, start + 1)}${section.join('\n')}${page.slice(end)}`;
}

function outlineLine(entry: OutlineEntry): string {
  const indent = '  '.repeat(Math.max(0, Math.min(entry.level, 6) - 1));
  const pages =
    entry.pageStart === undefined ? '' : entry.pageEnd !== undefined && entry.pageEnd !== entry.pageStart ? ` (pp. ${entry.pageStart}–${entry.pageEnd})` : ` (p. ${entry.pageStart})`;
  return `${indent}- ${inlineText(entry.title, 200)}${pages}`;
}
