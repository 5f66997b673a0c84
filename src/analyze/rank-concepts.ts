import { isSentenceUnit, type Candidate, type DocumentCandidates } from './collect-candidates.js';
import type { DocumentFrequencies } from './document-frequencies.js';
import { isStandaloneSentence } from './sentence-check.js';
import { withoutRunInLabel } from './shown-sentence.js';

export interface Concept {
  /** Canonical key: equal keys are the same concept, across documents too. */
  key: string;
  /** The most frequent surface form in the document. */
  name: string;
  score: number;
  /** Sentences of the document that mention it, in document order. */
  sentences: string[];
}

export interface RankOptions {
  /** At most this many concepts. */
  max: number;
  /** At most this many key sentences per concept (default 3). */
  sentences?: number;
}

/**
 * Inverse document frequency, smoothed so that a key the KB has not counted yet (df 0, as for
 * a document being added) ranks like a rare one, and one in every document still scores > 0.
 */
export function inverseDocumentFrequency(df: DocumentFrequencies, key: string): number {
  return Math.log(1 + (df.documents + 1) / (df.df(key) + 1));
}

/**
 * Names written as code (commands, functions, settings) denote one precise thing a reader
 * looks up, where a prose phrase of the same frequency is more often incidental.
 */
export const CODE_NAME_BOOST = 1.3;

/** CODE_NAME_BOOST for a candidate mostly written as one code name, else 1. */
export function codeNameBoost(c: { mentions: number; codeMentions: number }): number {
  return c.codeMentions * 2 > c.mentions ? CODE_NAME_BOOST : 1;
}

/**
 * The offline engine's score of a concept in one document: weighted mentions, log-damped so a
 * long document's filler does not drown its title, boosted for code names. It reads nothing
 * but the document, so a document gets the same concepts whatever else the KB holds and in
 * whatever order documents were added: removing a document and adding it back, or adding two
 * folders the other way round, gives the same wiki. (Weighting by the KB's document
 * frequencies scored about 12% better against the PostgreSQL index, `npm run bench:concepts`,
 * but made every page depend on the order documents arrived in.)
 */
export function localStrength(c: { weight: number; mentions: number; codeMentions: number }): number {
  return Math.log(1 + c.weight) * codeNameBoost(c);
}

/** The document's concepts, best first by localStrength; ties by key, so input order never matters. */
export function rankConcepts(doc: DocumentCandidates, options: RankOptions): Concept[] {
  return rankCandidates(doc, options, localStrength);
}

/** The same weighting times inverse document frequency: the reference `bench:concepts` compares with. */
export function rankConceptsAgainstFrequencies(doc: DocumentCandidates, df: DocumentFrequencies, options: RankOptions): Concept[] {
  return rankCandidates(doc, options, (c) => localStrength(c) * inverseDocumentFrequency(df, c.key));
}

/**
 * Which of a document's ranked terms are its concepts, the way an indexer picks them: its
 * strongest term; every name it is about or defines (its title, the entries of its definition
 * lists and reference tables, terms it introduces in emphasis: Candidate.defined); and any
 * other term at least SALIENT_SHARE as strong as the strongest. So a reference page defining
 * 40 settings gets 40 and a short note gets two or three, where a fixed number gave both 10.
 * Chosen on the tuning half of the PostgreSQL pages (`npm run bench:concepts`, strict F1 of
 * the concepts a document names against the book index): 0.491 at 5.6 concepts a page,
 * against 0.204 for a fixed 10 (0.599 once table rows of columns no longer counted as
 * definitions, markdown-text-units.ts). A share of 0.9 scored a little higher (0.488 against
 * 0.480 in the first trial), but 0.8 keeps more than the title terms for prose without definitions.
 */
export const SALIENT_SHARE = 0.8;

/** At most this many concepts a document (a reference page defining hundreds of names lists its strongest). */
export const MAX_DOCUMENT_CONCEPTS = 60;

/**
 * The salient ones of candidates ranked best first (see SALIENT_SHARE), without a term that is
 * the head of a longer name the document defines.
 */
export function selectSalient<T extends { key: string; score: number; defined: boolean }>(ranked: readonly T[]): T[] {
  const best = ranked[0]?.score ?? 0;
  const named = ranked.filter((c, i) => i === 0 || c.defined || c.score >= best * SALIENT_SHARE);
  // "starter" in a document titled "Keeping a Sourdough Starter" is that sourdough starter:
  // the defined name stands for it (neutral on the bench's F1, 0.600 → 0.601 on the tuning half).
  const definedNames = named.filter((c) => c.defined && c.key.includes(' ')).map((c) => ` ${c.key}`);
  return named.filter((c) => c.defined || !definedNames.some((name) => name.endsWith(` ${c.key}`))).slice(0, MAX_DOCUMENT_CONCEPTS);
}

/**
 * Whether a candidate may be one of the document's concepts at all: it is defined, or the text
 * says it, outside table cells and captions. A term met only in cells is data (a CSV's column
 * names, the values of a table), not what the document is about.
 */
export function mayBeNamed(doc: DocumentCandidates, c: Candidate): boolean {
  return c.defined || c.units.some((i) => doc.units[i]!.kind !== 'fragment');
}

/** The document's concepts (selectSalient), best first: what its summary names. */
export function salientConcepts(doc: DocumentCandidates, options: Omit<RankOptions, 'max'> = {}): Concept[] {
  const ranked = byScore(doc, localStrength)
    .filter(({ c }) => mayBeNamed(doc, c))
    .map(({ c, score }) => ({ c, key: c.key, score, defined: c.defined }));
  return selectSalient(ranked).map(({ c, score }) => toConcept(doc, c, score, options));
}

/** Ranks candidates by any score: the baseline shares everything but the score. */
export function rankCandidates(doc: DocumentCandidates, options: RankOptions, scoreOf: (candidate: Candidate) => number): Concept[] {
  return byScore(doc, scoreOf)
    .slice(0, Math.max(0, options.max))
    .map(({ c, score }) => toConcept(doc, c, score, options));
}

/** Best first; ties by key, so input order never matters. */
function byScore(doc: DocumentCandidates, scoreOf: (candidate: Candidate) => number): Array<{ c: Candidate; score: number }> {
  const scored = doc.candidates.map((c) => ({ c, score: scoreOf(c) }));
  return scored.sort((a, b) => b.score - a.score || (a.c.key < b.c.key ? -1 : a.c.key > b.c.key ? 1 : 0));
}

function toConcept(doc: DocumentCandidates, c: Candidate, score: number, options: Omit<RankOptions, 'max'>): Concept {
  return { key: c.key, name: displayName(c), score: Math.round(score * 1e6) / 1e6, sentences: keySentences(doc, c, options.sentences ?? 3) };
}

/** Most votes; among equals the form that sorts first, so the choice never depends on order. */
export function displayName(candidate: Candidate): string {
  let best = candidate.surfaces[0]!;
  for (const surface of candidate.surfaces) if (surface[1] > best[1]) best = surface;
  return best[0];
}

/**
 * The sentences a concept page shows for this document: only ones that stand alone
 * (sentence-check.ts), and the first that defines the concept ("X is …", "X refers to …")
 * ahead of the others, which keep document order.
 */
export function keySentences(doc: DocumentCandidates, candidate: Candidate, max: number): string[] {
  const surfaces = candidate.surfaces.map((s) => s[0].toLowerCase());
  const usable: string[] = [];
  const taken = new Set<string>();
  let definition: string | undefined;
  let seen = 0;
  for (const index of candidate.units) {
    // A concept mentioned all through a long document: its first sentences suffice.
    if ((definition !== undefined && usable.length >= max) || seen++ >= KEY_SENTENCE_SCAN) break;
    const unit = doc.units[index]!;
    if (!isSentenceUnit(unit.kind) || taken.has(unit.text) || !standsAlone(doc, index)) continue;
    taken.add(unit.text);
    // "Abstract This package defines …": a paper's run-in label is no part of the sentence.
    const text = withoutRunInLabel(unit.text);
    // Past `max`, only a definition could still be shown: the others need not be kept.
    if (usable.length < max) usable.push(text);
    if (definition === undefined && DEFINING_VERB.test(text) && definesConcept(text, surfaces)) definition = text;
  }
  const ordered = definition === undefined ? usable : [definition, ...usable.filter((s) => s !== definition)];
  return ordered.slice(0, Math.max(0, max));
}

const DEFINING_VERB = /\b(?:is|are|refers? to|means|denotes|stands for|describes?|represents?)\b/i;

/** Mentions of a concept keySentences reads at most, looking for a definition. */
const KEY_SENTENCE_SCAN = 100;

// Units are checked once per document, not once per concept that mentions them.
const standaloneUnits = new WeakMap<DocumentCandidates, Map<number, boolean>>();
function standsAlone(doc: DocumentCandidates, index: number): boolean {
  let checked = standaloneUnits.get(doc);
  if (!checked) standaloneUnits.set(doc, (checked = new Map()));
  let ok = checked.get(index);
  if (ok === undefined) checked.set(index, (ok = isStandaloneSentence(doc.units[index]!.text)));
  return ok;
}

/**
 * "X is a …", "An X is …", "X refers to …", "X means …", "X (…) is …", "X, …, is …" for a
 * surface form X of the concept. Compared as text, not as a regular expression built per
 * concept: compiling one per concept cost more than all the rest of keySentences.
 */
export function definesConcept(sentence: string, surfaces: readonly string[]): boolean {
  const lower = sentence.toLowerCase().replace(/^(?:a|an|the)\s+/, '').replace(/^`/, '');
  for (const surface of surfaces) {
    if (lower.startsWith(surface) && DEFINITION_AFTER_NAME.test(lower.slice(surface.length))) return true;
  }
  return false;
}

const DEFINITION_AFTER_NAME = /^`?(?:\s*\([^)]*\))?(?:,[^,]{0,80},)?\s+(?:is|are|refers? to|means|denotes|stands for|describes?|represents?)\b/;

/** A concept candidate as prepare ships it (analyze-document.ts ConceptCandidate). */
export interface ShippedCandidate {
  key: string;
  weight: number;
  mentions: number;
  codeMentions: number;
  /** Candidate.defined: named by the title or defined by the document. */
  defined: boolean;
}

/**
 * Commit's choice among the candidates prepare shipped: the same score as rankConcepts, best
 * first, ties by key, scores rounded so that pages and the registry never depend on the last
 * bits of a float.
 */
export function rankShippedCandidates<T extends ShippedCandidate>(candidates: readonly T[], max: number): (T & { score: number })[] {
  return candidates
    .map((c) => ({ ...c, score: Math.round(localStrength(c) * 1e6) / 1e6 }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, Math.max(0, max));
}
