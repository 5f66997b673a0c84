/*
 * analyze/: the offline engine. Reads one converted document and finds what a wiki page about it
 * needs: concept candidates, entities, key sentences, a summary, an outline. Pure functions of
 * the document's text (wink-nlp for parts of speech), no I/O, deterministic: the same document
 * gives the same analysis on any machine, in a worker thread or not. The LLM engine (llm/)
 * produces the same DocumentAnalysis; compile/ turns either into pages.
 * Entry: analyzeDocument (this file).
 */
import { fileStem } from '../core/file-stem.js';
import type { ConvertedDocument } from '../model/converted-document.js';
import { collectCandidates, tagUnits, type DocumentCandidates, type TaggedUnit } from './collect-candidates.js';
import { conceptKey } from './concept-key.js';
import { extractEntities, type EntityCandidate } from './extract-entities.js';
import { markdownTextUnits, type UnitSource } from './markdown-text-units.js';
import { displayName, keySentences, MAX_DOCUMENT_CONCEPTS, mayBeNamed, rankShippedCandidates, selectSalient } from './rank-concepts.js';
import { nameLineSentence, taglineSentence } from './compose-description.js';
import { summarize, type Summary } from './summarize.js';
import { namesFirst, saysWhatItIs, titleName, titleNameAsWritten, titleNamesSubject } from './title-subject.js';

export interface OutlineEntry {
  title: string;
  level: number;
  pageStart?: number;
  pageEnd?: number;
}

/**
 * A concept this document may contribute to, as prepare sees it (file-local). Commit keeps
 * the best compile.concepts_per_document of them by their strength in this document alone.
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
  /** Named by the title or defined by the document (collect-candidates.ts Candidate.defined). */
  defined: boolean;
  /** Key sentences of this document that mention it, in document order (at most 3). */
  sentences: string[];
  /** The name the title gives the document ("git log" of "git-log(1)"): what it is about, its first concept. */
  subject?: true;
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
  entities: EntityCandidate[];
  /**
   * Who wrote the text. Absent = the offline engine (text from the document, escaped when
   * rendered). 'llm': text written by a model, whose `[[links]]` commit resolves against the
   * live wiki or demotes to plain text (resolve-links.ts).
   */
  engine?: 'llm';
}

/** Candidates shipped to commit: more than compile.concepts_per_document will ever keep. */
export const MAX_CONCEPT_CANDIDATES = Math.max(60, MAX_DOCUMENT_CONCEPTS);

export interface AnalysisLimits {
  /** PDFs with at least this many pages are long documents. */
  longDocPages: number;
  /** Text longer than this (characters) makes a long document. */
  longDocChars: number;
}

const MAX_OUTLINE = 60;

/**
 * The offline engine's analysis of one document, file-local so prepare runs it in parallel:
 * the text is split into units and tagged once, and concepts, entities and the extractive
 * summary all read those tags. A long document is summarised section by section
 * (offline/summarize.ts), so no step works on the whole long text at once.
 */
export function analyzeDocument(
  doc: ConvertedDocument,
  limits: AnalysisLimits,
  fileName?: string,
  /** The document's units tagged already (prepare shares a long document's tagging out); equal to what is computed here without it. */
  tagged: readonly TaggedUnit[] = tagUnits(markdownTextUnits(unitSource(doc))),
  /** The candidates of `tagged` collected already (prepare collects a long document's with its tagging); equal to collectCandidates'. */
  collected?: DocumentCandidates,
): DocumentAnalysis {
  const long = (doc.pages ?? 0) >= limits.longDocPages || doc.markdown.length > limits.longDocChars;
  const outline = doc.sections.slice(0, MAX_OUTLINE).map((s) => ({
    title: s.title,
    level: s.level,
    ...(s.pageStart !== undefined ? { pageStart: s.pageStart } : {}),
    ...(s.pageEnd !== undefined ? { pageEnd: s.pageEnd } : {}),
  }));
  const summary = summarize({ title: doc.title, markdown: doc.markdown, sections: doc.sections, long, tagged, ...(doc.pages !== undefined ? { pages: doc.pages } : {}) });
  const entities = extractEntities(doc.title, tagged);
  // A document whose text is only headings over code (a config file: its headings are keys
  // such as `database`) defines no concept: a page for each key would say nothing.
  const hasText = tagged.some((t) => t.unit.kind !== 'title' && t.unit.kind !== 'heading');
  // A title that is only the file name ("rainfall-2025", "chownr", "compose.yaml") names no concept.
  const titleIsFileName = fileName !== undefined && (doc.title === fileStem(fileName) || doc.title === fileName);
  let concepts: Pick<DocumentAnalysis, 'concepts'>;
  if (!hasText) concepts = { concepts: [] };
  else if (titleIsFileName) concepts = conceptCandidates(doc, tagged.filter((t) => t.unit.kind !== 'title'), entityClaims(entities));
  else concepts = conceptCandidates(doc, tagged, entityClaims(entities), collected);
  concepts = { concepts: withSubject(concepts.concepts, doc, tagged, summary) };
  return {
    title: doc.title,
    description: summary.description,
    keyPoints: summary.keyPoints,
    outline,
    ...(doc.pages !== undefined ? { pages: doc.pages } : {}),
    long,
    ...concepts,
    entities,
  };
}

/**
 * The concept that is the document's own subject ("git diff-files" of "git-diff-files(1)"),
 * marked as such (commit ranks it first of the document's terms, concept-pages.ts), opens with
 * what the document says it is: its description, when that names the subject first
 * ("`dropdb` destroys an existing PostgreSQL database."), else its README tagline made a
 * sentence ("`pino` is a very low overhead JavaScript logger."), else its name line made one
 * ("`git-cherry` is used to find commits …"). Its best key sentence may be a side remark
 * ("ALTER VIEW is a PostgreSQL extension of the SQL standard.", "Echo the commands that dropdb
 * generates …"), and its concept page opens with this sentence (topic-overview.ts). A subject
 * with no key sentence at all (a man page's description opens with its verb: "Compares the
 * files …") takes the description whenever it says what the thing does, so that its page does
 * not say "_No key sentence._". Only for a title that names its subject (titleNamesSubject): a
 * README titled "Installation" is not about installation.
 */
function withSubject(concepts: DocumentAnalysis['concepts'], doc: ConvertedDocument, tagged: readonly TaggedUnit[], summary: Summary): DocumentAnalysis['concepts'] {
  if (!titleNamesSubject(doc.title)) return concepts;
  const subject = conceptKey(titleName(doc.title));
  const at = concepts.findIndex((c) => c.key === subject);
  if (at === -1) return concepts;
  const { description } = summary;
  const composition = { title: doc.title, markdown: doc.markdown, tagged, headings: doc.sections.map((s) => s.title) };
  const known = concepts[at]!.sentences;
  // A README's tagline is a noun phrase: made a sentence about the thing ("`pino` is a very low
  // overhead JavaScript logger."), as the name line is.
  const fromTagline = summary.tagline ? taglineSentence(shownName(doc.title), description) : undefined;
  // The document's own words first when they name the subject; the name line made a sentence
  // ("… is used to …") reads less naturally.
  const sentence =
    known.length === 0
      ? (nameLineSentence(composition) ?? (saysWhatItIs(description, doc.title) ? description : fromTagline))
      : namesFirst(description, doc.title)
        ? description
        : (fromTagline ?? nameLineSentence(composition));
  const shown = sentence === undefined || (known.length > 0 && !namesFirst(sentence, doc.title)) ? undefined : clip(sentence);
  const sentences = shown === undefined ? known : [shown, ...known.filter((s) => s !== shown)].slice(0, MAX_KEY_SENTENCES);
  return concepts.map((c, i) => (i === at ? { ...c, sentences, subject: true } : c));
}

/** The title's name as a sentence shows it, a package's scope kept ("@vitest/spy"). */
function shownName(title: string): string {
  const name = titleNameAsWritten(title);
  return title.trim().startsWith(`@${name}`) ? `@${name}` : name;
}

/** Key sentences a concept keeps of one document. */
const MAX_KEY_SENTENCES = 3;

/** What the offline engine reads of a converted document: its title, Markdown and section titles. */
export function unitSource(doc: Pick<ConvertedDocument, 'title' | 'markdown' | 'sections'>): UnitSource {
  return { title: doc.title, markdown: doc.markdown, sectionTitles: doc.sections.map((s) => s.title) };
}

/**
 * Concept keys the entities claim: each entity's name, and for a person each word of the name
 * too ("Brandt" of "Lukas Brandt" is the same person, not a concept).
 */
function entityClaims(entities: readonly EntityCandidate[]): Set<string> {
  const claims = new Set<string>();
  for (const e of entities) {
    claims.add(conceptKey(e.name));
    // Keyed alone, as a candidate of one word is: "Lukas" → "luka" (concept-key.ts singularises).
    if (e.type === 'person') for (const word of e.name.split(/\s+/)) claims.add(conceptKey(word));
  }
  return claims;
}

/**
 * The document's concept candidates, strongest by local weight (no KB needed). A name the
 * entity extractor claims (`entityKeys`, canonical keys of entity names) is a person, place,
 * organisation or product, not a concept: it gets an entity page instead of both.
 */
export function conceptCandidates(
  doc: Pick<ConvertedDocument, 'title' | 'markdown' | 'sections'>,
  tagged?: readonly TaggedUnit[],
  entityKeys: ReadonlySet<string> = new Set(),
  /** collectCandidates of `tagged`, when the caller has it. */
  collected?: DocumentCandidates,
): Pick<DocumentAnalysis, 'concepts'> {
  const found = collected ?? collectCandidates({ title: doc.title, markdown: doc.markdown, sectionTitles: doc.sections.map((s) => s.title) }, tagged);
  const ranked = rankShippedCandidates(found.candidates.filter((c) => !entityKeys.has(c.key) && mayBeNamed(found, c)), found.candidates.length);
  // The document's concepts first, so however many it defines they all reach commit, which
  // makes the same choice among what it receives (selectSalient needs the strongest, shipped too).
  const salient = new Set(selectSalient(ranked));
  const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const concepts = [...salient, ...ranked.filter((c) => !salient.has(c))]
    .slice(0, MAX_CONCEPT_CANDIDATES)
    .map((c) => ({ key: c.key, name: displayName(c), weight: c.weight, mentions: c.mentions, codeMentions: c.codeMentions, defined: c.defined, sentences: keySentences(found, c, 3).map(clip) }))
    .sort(byKey);
  return { concepts };
}

function clip(sentence: string): string {
  return sentence.length > 400 ? `${sentence.slice(0, 399).trimEnd()}…` : sentence;
}
