import { sha256 } from '../core/hash-file.js';
import { rewriteWikiLinks } from '../core/wikilinks.js';
import type { TopicKind, TopicOverview, TopicRow } from '../model/registry.js';
import type { StoreReader } from '../store/store-reader.js';
import { labelText } from './topic-page.js';

/**
 * The overview an LLM writes for a concept or entity page (issue 22): what the page's top
 * documents say together. This module holds the rules that keep it bounded and safe; the
 * call is llm/synthesize-overview.ts, the commits commands/synthesize-overviews.ts.
 *
 * Cost is bounded by the basis: a hash of the page's top sections (their documents, titles
 * and key sentences). An overview is written again only when the basis changes: a document
 * entering or leaving the top sections, or one of them re-added with another title or other
 * sentences on the topic. A document that
 * lands below the top sections changes nothing, so calls per added document do not grow with
 * the knowledge base.
 */

/** Paragraphs an overview may have; more are dropped. */
export const MAX_OVERVIEW_PARAGRAPHS = 3;
/** Characters a paragraph may have: a model that rambles is cut at a word. */
const MAX_PARAGRAPH_CHARS = 1500;

/** A top section as the basis and the prompt see it. */
export interface SynthesisSource {
  doc: string;
  title: string;
  sentences: readonly string[];
}

/**
 * The basis of an overview: the top sections' documents, with their titles (the overview's
 * link labels) and key sentences, in any order.
 */
export function overviewBasis(sources: readonly SynthesisSource[]): string {
  const sorted = [...sources].sort((a, b) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0)).map((s) => [s.doc, s.title, s.sentences]);
  return sha256(Buffer.from(JSON.stringify(sorted))).slice(0, 32);
}

/**
 * The model's overview made fit for the page, or undefined when nothing usable is left:
 * at most MAX_OVERVIEW_PARAGRAPHS paragraphs of plain prose (headings, list markers and HTML
 * comments, which could fake a section marker, are taken out); a `[[summaries/<doc>]]` link
 * is kept only for a document of the prompt (labelled with its title), and every other link
 * (a ghost, or a page the model guessed) becomes its text.
 */
export function checkedOverview(answer: string, sources: readonly SynthesisSource[]): string | undefined {
  const titles = new Map(sources.map((s) => [s.doc, s.title]));
  const paragraphs = answer
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)/, '').trim())
        .filter((line) => line !== '' && !/^(?:```|~~~|---+$)/.test(line))
        .join(' '),
    )
    .map((text) => clipParagraph(linkedToSources(text, titles).replace(/<!--/g, '&lt;!--').replace(/-->/g, '--&gt;')))
    .filter((text) => /[\p{L}\p{N}]/u.test(text));
  if (paragraphs.length === 0) return undefined;
  return paragraphs.slice(0, MAX_OVERVIEW_PARAGRAPHS).join('\n\n');
}

function linkedToSources(text: string, titles: ReadonlyMap<string, string>): string {
  return rewriteWikiLinks(text, ({ target, label }) => {
    const doc = /^summaries\/([^/]+?)(?:\.md)?$/.exec(target)?.[1];
    const title = doc === undefined ? undefined : titles.get(doc);
    if (doc !== undefined && title !== undefined) return `[[summaries/${doc}|${labelText(title, 80)}]]`;
    return labelText(label?.trim() || (target.split('/').pop() ?? target).replace(/-/g, ' '), 120);
  });
}

function clipParagraph(text: string): string {
  if (text.length <= MAX_PARAGRAPH_CHARS) return text;
  const cut = text.slice(0, MAX_PARAGRAPH_CHARS);
  // Not inside a link: cut before an unclosed `[[`.
  const open = cut.lastIndexOf('[[');
  const safe = open > cut.lastIndexOf(']]') ? cut.slice(0, open) : cut;
  return `${safe.slice(0, safe.lastIndexOf(' ') > 0 ? safe.lastIndexOf(' ') : safe.length).trimEnd()} …`;
}

/** The documents an overview links to. */
export function citedDocuments(text: string): string[] {
  return [...text.matchAll(/\[\[summaries\/([^\]|#]+)/g)].map((m) => m[1] as string);
}

/**
 * The LLM overview a page shows, if any: the stored one while every document it cites still
 * has a section on the page. A cited document that left the top sections (removed, or
 * outranked) would make the overview speak for a document the page no longer shows: the
 * offline overview takes its place until the next synthesis.
 */
export function shownLlmOverview(stored: TopicOverview | undefined, sectionDocs: readonly string[]): TopicOverview | undefined {
  if (!stored) return undefined;
  const sectioned = new Set(sectionDocs);
  return citedDocuments(stored.text).every((doc) => sectioned.has(doc)) ? stored : undefined;
}

/** Frontmatter line saying the page's overview is the model's (renderTopicPage writes it too). */
export const LLM_OVERVIEW_KEY_LINE = 'overview: llm';

/**
 * A topic page as renderTopicPage writes it, with `overview` in place of its overview: the
 * text between the title and `## Documents`. The sections and the rest stay as they are, byte
 * for byte. Undefined when the page does not have that shape (a hand edit took the heading out).
 */
export function pageWithOverview(page: string, overview: string): string | undefined {
  const match = /^(---\n[\s\S]*?\n---\n)(# [^\n]*\n)[\s\S]*?\n(## Documents\n[\s\S]*)$/.exec(page);
  if (!match) return undefined;
  const [, frontmatter, title, rest] = match as unknown as [string, string, string, string];
  const lines = frontmatter.split('\n').filter((line) => line !== LLM_OVERVIEW_KEY_LINE);
  const at = lines.findIndex((line) => line.startsWith('sources:'));
  if (at < 0) return undefined;
  lines.splice(at, 0, LLM_OVERVIEW_KEY_LINE);
  return `${lines.join('\n')}${title}\n${overview}\n\n${rest}`;
}

/** A page's top sections as the registry has them now: at most `maxSections` point lookups. */
export function topSources(store: StoreReader, topic: TopicKind, key: string, maxSections: number): SynthesisSource[] {
  return store.topics.rankedMembers(topic, key, '', maxSections).flatMap((m) => {
    const member = store.topics.member(topic, key, m.doc);
    return member ? [{ doc: m.doc, title: m.title, sentences: member.sentences }] : [];
  });
}

/**
 * A page's top sections and their basis when its overview is due: it has two or more
 * documents, and no overview written from these top sections (`written`: whether it has an
 * older one). Undefined when its overview is up to date or it needs none.
 */
export function dueOverview(store: StoreReader, topic: TopicKind, row: TopicRow, maxSections: number): { sources: SynthesisSource[]; basis: string; written: boolean } | undefined {
  if (row.docs < 2) return undefined;
  const sources = topSources(store, topic, row.key, maxSections);
  if (sources.length < 2) return undefined;
  const basis = overviewBasis(sources);
  const stored = store.topics.overview(topic, row.key);
  return stored?.basis === basis ? undefined : { sources, basis, written: stored !== undefined };
}
