import { conceptKey } from './concept-key.js';
import { markdownTextUnits, type TextUnit, type UnitKind, type UnitSource } from './markdown-text-units.js';
import { MAX_PHRASE_TOKENS, nounPhrases } from './noun-phrases.js';
import { isAppeal } from './sentence-check.js';
import { mayBeConcept } from './stop-concepts.js';
import { isStructureHeading } from './structure-headings.js';
import { isGenericWord } from './stopwords.js';
import { tagPartsOfSpeech, type PartOfSpeech } from './tag-parts-of-speech.js';
import { tokenize, type Token } from './tokenize.js';

/**
 * How much one mention counts, by where it is (see UnitKind). A 'term' counts most: the name a
 * reference page defines in an entry of its own is what an indexer lists first (6 against 3
 * scored 0.204 against 0.195 strict F1@10, tuning half of `npm run bench:concepts`).
 */
export const UNIT_WEIGHTS: Readonly<Record<UnitKind, number>> = { title: 4, heading: 2, term: 6, lead: 1.5, sentence: 1, fragment: 0.5 };
/**
 * A mention inside a longer candidate counts less: "background" in "background worker" is
 * mostly a part of that name, not a topic of its own (the C-value idea of nested terms).
 */
export const NESTED_WEIGHT = 0.5;
/** An emphasised mention (_term_) is where an author introduces or defines the term. */
export const EMPHASIS_WEIGHT = 2;

export interface Candidate {
  key: string;
  /** Sum of the unit weights of its mentions. */
  weight: number;
  mentions: number;
  /** Mentions written as one code name (`pg_dump`, search_path). */
  codeMentions: number;
  /**
   * Named by the title, or the name a definition-list entry or reference-table row opens with
   * (a 'term' unit): what the document says it is about or defines. Such a name is one of the
   * document's concepts however often it recurs (rank-concepts.ts salientConcepts).
   */
  defined: boolean;
  /** Surface forms with their counts, sorted by form: the display name is chosen from them. */
  surfaces: Array<[form: string, count: number]>;
  /** Indexes into DocumentCandidates.units of the units that mention it, ascending. */
  units: number[];
}

/** Everything about one document that ranking needs: file-local, plain data, sorted. */
export interface DocumentCandidates {
  units: Array<{ kind: UnitKind; text: string }>;
  /** Sorted by key. */
  candidates: Candidate[];
}

/** The text of a unit: prose-like units can lend key sentences, others cannot. */
export function isSentenceUnit(kind: UnitKind): boolean {
  return kind === 'lead' || kind === 'sentence';
}

/**
 * The noun-phrase candidates of a document with where they occur. Depends on the document
 * alone, so prepare can run it in parallel; ranking against the KB comes after.
 */
export function collectCandidates(source: UnitSource, tagged: readonly TaggedUnit[] = tagUnits(markdownTextUnits(source))): DocumentCandidates {
  return candidatesFromTally(tallyCandidates(tagged), tagged);
}

/** One candidate's mentions so far, in some run of a document's units. */
interface TallyEntry {
  weight: number;
  mentions: number;
  codeMentions: number;
  defined: boolean;
  /** Surface forms by display votes; a form with 0 votes is the fallback of a candidate no mention voted for. */
  surfaces: Map<string, number>;
  units: number[];
}

/**
 * The mentions of candidates in a run of a document's units, by key. A long document's runs are
 * tallied apart (by the prepare workers, with its tagging) and merged in order (mergeTallies):
 * that gives what one tally of all the units gives, weights included, since every weight is a
 * multiple of 1/4 (UNIT_WEIGHTS, NESTED_WEIGHT, EMPHASIS_WEIGHT) and such sums are exact.
 */
export type CandidateTally = Map<string, TallyEntry>;

/** Tallies `tagged`, the document's units from index `firstIndex` on (0: the whole document). */
export function tallyCandidates(tagged: readonly TaggedUnit[], firstIndex = 0): CandidateTally {
  const byKey: CandidateTally = new Map();
  tagged.forEach(({ unit, tokens, tags }, at) => {
    const index = firstIndex + at;
    // "Options", "License", "Open questions": where the reader is, not what the text is about.
    if (unit.kind === 'heading' && isStructureHeading(unit.text)) return;
    // An appeal for sponsors or a commercial-support notice names the project's funding.
    if (isSentenceUnit(unit.kind) && isAppeal(unit.text)) return;
    const phrases = nounPhrases(tokens, tags);
    const isNested = nestedTest(phrases);
    for (const [start, end] of phrases) {
      const from = tokens[start]!.start;
      const to = tokens[end - 1]!.end;
      // A word or code token's text is the unit's text from its start to its end (tokenize.ts):
      // one-token phrases (233,101 of the R reference manual's 296,311) take it rather than a new
      // copy to slice and hash.
      const surface = end - start === 1 ? tokens[start]!.text : unit.text.slice(from, to);
      const key = candidateKey(surface);
      if (key === null) continue;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { weight: 0, mentions: 0, codeMentions: 0, defined: false, surfaces: new Map(), units: [] }));
      const nested = isNested(start, end);
      // Only the emphasis that is the phrase itself introduces it: a phrase in an emphasised
      // clause ("**Draft for discussion.**") is not stressed on its own.
      const emphasised = unit.emphasis.length > 0 && unit.emphasis.some((r) => r.start === from && r.end === to);
      entry.weight += UNIT_WEIGHTS[unit.kind] * (nested ? NESTED_WEIGHT : 1) * (emphasised ? EMPHASIS_WEIGHT : 1);
      entry.mentions++;
      if (!entry.defined && !nested) entry.defined = definesHere(unit, from, to);
      if (end - start === 1 && tokens[start]!.kind === 'code') entry.codeMentions++;
      if (entry.units[entry.units.length - 1] !== index) entry.units.push(index);
      const vote = displayVote(unit, tokens, start, surface);
      if (vote !== undefined) entry.surfaces.set(vote, (entry.surfaces.get(vote) ?? 0) + 1);
      else if (entry.surfaces.size === 0) entry.surfaces.set(surface, 0);
    }
  });
  return byKey;
}

/**
 * Adds `later`, the tally of the units right after those of `into`, to `into`: what tallying
 * both runs at once gives. A fallback form (0 votes) of `later` counts only for a candidate
 * `into` has not met, as one tally sets it only on a candidate's first mention.
 */
export function mergeTallies(into: CandidateTally, later: CandidateTally): CandidateTally {
  for (const [key, next] of later) {
    const entry = into.get(key);
    if (!entry) {
      into.set(key, next);
      continue;
    }
    entry.weight += next.weight;
    entry.mentions += next.mentions;
    entry.codeMentions += next.codeMentions;
    entry.defined ||= next.defined;
    for (const [form, votes] of next.surfaces) if (votes > 0) entry.surfaces.set(form, (entry.surfaces.get(form) ?? 0) + votes);
    // Runs are consecutive, so a unit is in one run only: the lists join without repeats.
    for (const unit of next.units) entry.units.push(unit);
  }
  return into;
}

/** The document's candidates from the tally of all its units (`tagged`), sorted by key. */
export function candidatesFromTally(tally: CandidateTally, tagged: readonly TaggedUnit[]): DocumentCandidates {
  // The default order is that of `<` on strings (UTF-16 code units), and keys are distinct:
  // sorted without a comparator to call (the R reference manual has 43,562 keys).
  const parameters = signatureParameters(tagged);
  const candidates = [...tally.keys()].filter((key) => !parameters.has(key)).sort().map((key) => {
    const e = tally.get(key)!;
    return { key, weight: e.weight, mentions: e.mentions, codeMentions: e.codeMentions, defined: e.defined, surfaces: sortedSurfaces(e.surfaces), units: e.units };
  });
  return { units: tagged.map(({ unit }) => ({ kind: unit.kind, text: unit.text })), candidates };
}

// A heading that is a function's signature: "format(fmt, parameters, [options])", "safe(val)".
const SIGNATURE_HEADING = /^[\p{L}_$][\p{L}\p{N}_$.]*\(([^()]*)\)$/u;

/**
 * The parameter names of the document's signature headings that its prose writes only as code
 * ("fmt", "val" of `safe(val)`): a reference documents each under its own heading, but such a
 * parameter is a detail of its function, not a concept. One the prose uses as a word
 * ("applies the formula to …") may be a concept the text explains.
 */
function signatureParameters(tagged: readonly TaggedUnit[]): Set<string> {
  const names = new Set<string>();
  for (const { unit } of tagged) {
    if (unit.kind !== 'heading') continue;
    const list = SIGNATURE_HEADING.exec(unit.text.trim())?.[1];
    for (const parameter of list?.split(',') ?? []) {
      const name = parameter.replace(/[[\]]|=.*$/g, '').trim();
      if (/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)) names.add(name);
    }
  }
  if (names.size === 0) return names;
  for (const { unit, tokens } of tagged) {
    if (!isSentenceUnit(unit.kind)) continue;
    for (const token of tokens) if (token.kind === 'word' && names.has(token.text)) names.delete(token.text);
  }
  return new Set([...names].map(conceptKey));
}

/** A text unit with its tokens and their parts of speech: concepts, entities and summaries share one tagging pass. */
export interface TaggedUnit {
  unit: TextUnit;
  tokens: Token[];
  tags: PartOfSpeech[];
}

/** Tokens and tags of every unit; tagging is most of the cost of the offline engine, so it is done once. */
export function tagUnits(units: readonly TextUnit[]): TaggedUnit[] {
  return units.map((unit) => {
    const tokens = tokenize(unit.text, unit.code);
    return { unit, tokens, tags: tagPartsOfSpeech(unit.text, tokens, unit.kind === 'title' || unit.kind === 'heading') };
  });
}

// conceptKey and isConceptKey are pure, and the same surfaces recur all through a document and
// across the chunks a worker tallies of a long one: remembered per thread, not per tally. The
// R reference manual's 295,740 mentions have 53,642 distinct surfaces, but memos per 1,500-unit
// chunk computed 100,135 keys (keys were 0.9 of 1.7 s of its tallying, profiled). Same output;
// bounded, as a thread prepares one document after another.
const candidateKeys = new Map<string, string | null>();
const MAX_REMEMBERED_KEYS = 100_000;

/** The canonical key of a surface form when it may name a concept, else null. */
function candidateKey(surface: string): string | null {
  let key = candidateKeys.get(surface);
  if (key === undefined) {
    const k = conceptKey(surface);
    if (candidateKeys.size >= MAX_REMEMBERED_KEYS) candidateKeys.clear();
    candidateKeys.set(surface, (key = isConceptKey(k) ? k : null));
  }
  return key;
}

/** Whether a phrase lies inside a longer one; phrases are short, so only a few can hold it. */
function nestedTest(phrases: ReadonlyArray<[number, number]>): (start: number, end: number) => boolean {
  // A number per phrase, not a string: this runs for every phrase of every unit.
  const id = (s: number, e: number): number => s * (MAX_PHRASE_TOKENS + 1) + (e - s);
  const all = new Set(phrases.map(([s, e]) => id(s, e)));
  return (start, end) => {
    for (let s = Math.max(0, end - MAX_PHRASE_TOKENS); s <= start; s++) {
      for (let e = end; e <= s + MAX_PHRASE_TOKENS; e++) if (e - s > end - start && all.has(id(s, e))) return true;
    }
    return false;
  };
}

/**
 * A mention that says the document is about the name or defines it: in the title, opening a
 * definition-list entry or table row (a 'term' unit), or emphasised on its own inside a
 * sentence, the way an author introduces a term ("enables the _logging collector_, which …").
 * Emphasis that opens the text is a label ("**Open questions**"), not an introduction.
 */
function definesHere(unit: TextUnit, from: number, to: number): boolean {
  if (unit.kind === 'title' || unit.kind === 'term') return true;
  return isSentenceUnit(unit.kind) && from > 0 && unit.emphasis.some((r) => r.start === from && r.end === to);
}

function isConceptKey(key: string): boolean {
  // A command-line option (-W, --all) is a detail of a command, not a concept; nor is a
  // version or an identifier of one letter and digits (v2.0, E2, 1x).
  // Months, numbers, markup and everyday words alone are never one (stop-concepts.ts).
  if (/^-/.test(key) || !mayBeConcept(key)) return false;
  return key.includes(' ') || !isGenericWord(key);
}

/**
 * The surface form a mention votes for as display name. Titles and headings are Title Cased
 * and the first word of a sentence is capitalised whatever it is, so those mentions only
 * count when nothing else does (count 0 keeps the form as a fallback).
 */
function displayVote(unit: TextUnit, tokens: readonly Token[], start: number, surface: string): string | undefined {
  if (unit.kind === 'title' || unit.kind === 'heading' || unit.kind === 'term') return undefined;
  if (start === 0 && tokens[0]!.kind === 'word' && /^\p{Lu}\p{Ll}/u.test(surface)) return undefined;
  return surface;
}

function sortedSurfaces(surfaces: Map<string, number>): Array<[string, number]> {
  return [...surfaces.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
