import type { ConvertedDocument } from '../prepare/converters/converted-document.js';
import { collectCandidates, type DocumentCandidates } from './offline/collect-candidates.js';
import { CODE_NAME_BOOST, displayName, keySentences } from './offline/rank-concepts.js';

export interface OutlineEntry {
  title: string;
  level: number;
  pageStart?: number;
  pageEnd?: number;
}

export type EntityType = 'person' | 'organisation' | 'place' | 'product' | 'work' | 'event' | 'other';

/**
 * A concept this document may contribute to, as prepare sees it (file-local). Commit ranks
 * the candidates against the KB's live document frequencies, serially and in scan order, so
 * `--jobs 4` and `--jobs 1` choose the same concepts.
 */
export interface ConceptCandidate {
  /** Canonical key (conceptKey): equal keys are one concept page, across documents. */
  key: string;
  /** Display name: the most frequent surface form in the document. */
  name: string;
  /** Sum of the unit weights of its mentions (collect-candidates.ts). */
  weight: number;
  mentions: number;
  codeMentions: number;
  /** Key sentences of this document that mention it, in document order (at most 3). */
  sentences: string[];
}

/** A named thing the document mentions: person, organisation, place, product, work, event. */
export interface EntityCandidate {
  /** Canonical key: equal keys are one entity page. */
  key: string;
  name: string;
  type: EntityType;
  mentions: number;
  /** Sentences of this document that mention it, in document order (at most 3). */
  sentences: string[];
}

/** The per-document analysis prepare hands to commit. Small: it travels between threads. */
export interface DocumentAnalysis {
  title: string;
  /** One line: what the document is. */
  description: string;
  /** Extractive key points, a few sentences. */
  keyPoints: string[];
  outline: OutlineEntry[];
  pages?: number;
  long: boolean;
  /** Best concept candidates by local weight, at most MAX_CONCEPT_CANDIDATES, sorted by key. */
  concepts: ConceptCandidate[];
  /**
   * The keys this document counts towards the KB's document frequencies (sorted, distinct,
   * at most MAX_DF_KEYS): its strongest candidates, so a commit touches a bounded number of rows.
   */
  dfKeys: string[];
  entities: EntityCandidate[];
  /**
   * Who wrote the text. Absent = the offline engine (text from the document, escaped when
   * rendered). 'llm': text written by a model, whose `[[links]]` commit resolves against the
   * live wiki or demotes to plain text (resolve-links.ts).
   */
  engine?: 'llm';
}

/** Candidates shipped to commit: enough for ranking by live DF to choose the top 10–20. */
export const MAX_CONCEPT_CANDIDATES = 60;
export const MAX_DF_KEYS = 300;

export interface AnalysisLimits {
  /** PDFs with at least this many pages are long documents. */
  longDocPages: number;
  /** Text longer than this (characters) makes a long document. */
  longDocChars: number;
}

const MAX_OUTLINE = 60;
const MAX_KEY_POINTS = 12;

/**
 * Until the wiki compiler lands (issue 4) the analysis is deliberately simple and extractive:
 * the opening sentences, and for long documents the opening sentence of each top-level
 * section — work proportional to a section at a time, never the whole text at once.
 */
export function analyzeDocument(doc: ConvertedDocument, limits: AnalysisLimits): DocumentAnalysis {
  const long = (doc.pages ?? 0) >= limits.longDocPages || doc.markdown.length > limits.longDocChars;
  const outline = doc.sections.slice(0, MAX_OUTLINE).map((s) => ({
    title: s.title,
    level: s.level,
    ...(s.pageStart !== undefined ? { pageStart: s.pageStart } : {}),
    ...(s.pageEnd !== undefined ? { pageEnd: s.pageEnd } : {}),
  }));
  const opening = firstSentences(doc.markdown.slice(0, 4000), 3);
  let keyPoints = opening;
  if (long && doc.sections.length > 1) {
    const top = Math.min(...doc.sections.map((s) => s.level));
    keyPoints = doc.sections
      .filter((s) => s.level === top)
      .slice(0, MAX_KEY_POINTS)
      .map((s) => firstSentences(doc.markdown.slice(s.start, Math.min(s.end, s.start + 4000)), 1)[0])
      .filter((s): s is string => s !== undefined);
  }
  return {
    title: doc.title,
    description: opening[0] ?? doc.title,
    keyPoints: keyPoints.slice(0, MAX_KEY_POINTS),
    outline,
    ...(doc.pages !== undefined ? { pages: doc.pages } : {}),
    long,
    ...conceptCandidates(doc),
    entities: [],
  };
}

/** The document's concept candidates and DF keys, strongest by local weight (no KB needed). */
export function conceptCandidates(doc: Pick<ConvertedDocument, 'title' | 'markdown' | 'sections'>): Pick<DocumentAnalysis, 'concepts' | 'dfKeys'> {
  const found = collectCandidates({ title: doc.title, markdown: doc.markdown, sectionTitles: doc.sections.map((s) => s.title) });
  const strength = (c: DocumentCandidates['candidates'][number]): number => Math.log(1 + c.weight) * (c.codeMentions * 2 > c.mentions ? CODE_NAME_BOOST : 1);
  const byStrength = [...found.candidates].sort((a, b) => strength(b) - strength(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const concepts = byStrength
    .slice(0, MAX_CONCEPT_CANDIDATES)
    .map((c) => ({ key: c.key, name: displayName(c), weight: c.weight, mentions: c.mentions, codeMentions: c.codeMentions, sentences: keySentences(found, c, 3).map(clip) }))
    .sort(byKey);
  const dfKeys = byStrength.slice(0, MAX_DF_KEYS).map((c) => c.key).sort();
  return { concepts, dfKeys };
}

function clip(sentence: string): string {
  return sentence.length > 400 ? `${sentence.slice(0, 399).trimEnd()}…` : sentence;
}

/**
 * Sentences from running text, paragraph by paragraph: headings, code, tables and list
 * markers are left out, and so is a short line without final punctuation standing alone
 * (a title or caption, as PDFs often start), which would otherwise run into the first sentence.
 */
export function firstSentences(markdown: string, count: number): string[] {
  const out: string[] = [];
  for (const paragraph of markdown.replace(/```[\s\S]*?(```|$)/g, '\n\n').split(/\n\s*\n/)) {
    const prose = paragraph
      .split('\n')
      .filter((line) => !/^\s*(#|\||>|```|---|\* \* \*)/.test(line))
      .map((line) => line.replace(/^\s*([-*+]|\d+\.)\s+/, ''))
      .join(' ')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[*_`]+/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (prose.length < 100 && !/[.!?:]$/.test(prose)) continue;
    for (const sentence of prose.match(/[^.!?]+[.!?]+(?=\s|$)|[^.!?]+$/g) ?? []) {
      const s = sentence.trim();
      if (s.length < 20 || !/\p{L}/u.test(s)) continue;
      out.push(s.length > 300 ? `${s.slice(0, 299).trimEnd()}…` : s);
      if (out.length >= count) return out;
    }
  }
  return out;
}
