import { isGeneralEnglish } from './general-english.js';
import { tagUnits, type TaggedUnit } from './collect-candidates.js';
import type { TextUnit } from './markdown-text-units.js';
import { EVENT_WORDS, FIRST_NAMES, HONORIFICS, NOT_NAMES, ORG_NAMES, ORG_WORDS, PLACE_NAMES, PLACE_WORDS, PRODUCT_NAMES, PRODUCT_NOUNS, WORK_WORDS } from './entity-cue-words.js';
import { creditedAt, isForeignName, isLanguage, isPersonName } from './person-names.js';
import { isGenericWord, isStopword } from './stopwords.js';
import { tokenize, type Token } from './tokenize.js';

export type EntityType = 'person' | 'organisation' | 'place' | 'product' | 'work' | 'event' | 'other';

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

/** Entities one document ships: the most mentioned, so pages and commits stay bounded. */
export const MAX_ENTITIES = 15;
/** A name mentioned once is too often an accident of capitalisation, unless the title has it. */
export const MIN_ENTITY_MENTIONS = 2;
const MAX_NAME_TOKENS = 5;

/*
 * Why cue rules over wink-nlp's part-of-speech tags rather than a library such as compromise:
 * measured on the sample corpus, compromise read about 16 KB of text a second (828 KB in 51 s,
 * so some 4–5 minutes for a corpus that converts in 18 s) and still typed `--harmony` as a
 * person and "Training Data" as an organisation. The tags are already computed for concepts
 * (collect-candidates.ts tagUnits), so names cost one more pass over tokens, and the typing
 * cues (entity-cue-words.ts: honorifics, first names, organisation and place words, short
 * gazetteers) are a fixed list: the same text gets the same entities in every version of the
 * model. Precision over recall: bench/entity-quality.ts measures it against hand labels.
 */

interface Entry {
  surfaces: Map<string, number>;
  mentions: number;
  units: number[];
  types: Map<EntityType, number>;
  /** Named as the one who did the work: "written by X", "created by X" (creditedAt). */
  credited: boolean;
}

/**
 * Named things in a document: runs of capitalised proper-noun tokens ("Ashish Vaswani",
 * "University of Toronto", "PostgreSQL"), merged by a normalised key and typed by cues; a
 * name no cue types is left out (the concept side may still take it). Left out too: code (`pg_dump`, names in backticks), acronyms without a cue (SQL, WAL are
 * concepts), the capitalised first word of a sentence when the document also writes it in
 * lower case, and headings (Title Case makes every word look like a name).
 */
export function extractEntities(title: string, tagged: readonly TaggedUnit[]): EntityCandidate[] {
  const lowerWords = wordsWrittenInLowerCase(tagged);
  const headingWords = wordsOfHeadings(tagged);
  const titleKey = normalise(title);
  const byKey = new Map<string, Entry>();
  const loneWords = new Map<string, number[]>();
  tagged.forEach(({ unit, tokens, tags }, index) => {
    if (unit.kind !== 'lead' && unit.kind !== 'sentence' && unit.kind !== 'fragment') return;
    for (const [start, end] of nameRuns(unit.text, tokens, tags, unit.code)) {
      const span = trimSpan(tokens, start, end, lowerWords);
      if (!span) continue;
      const surface = unit.text.slice(tokens[span[0]]!.start, tokens[span[1] - 1]!.end).replace(/['’]s$/, '');
      const key = normalise(surface);
      if (!key) continue;
      const type = typeOf(tokens, tags, span[0], span[1], surface, lowerWords, headingWords);
      // Untyped is unsure, and unsure is no entity; a lone word is kept aside in case it is the
      // given name or surname of a person the document names in full ("Lukas:" after "Lukas Brandt").
      if (type === 'other') {
        if (span[1] - span[0] === 1) noteLoneWord(loneWords, key, index);
        continue;
      }
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { surfaces: new Map(), mentions: 0, units: [], types: new Map(), credited: false }));
      entry.mentions++;
      entry.credited ||= creditedAt(tokens, span[0]);
      entry.surfaces.set(surface, (entry.surfaces.get(surface) ?? 0) + 1);
      entry.types.set(type, (entry.types.get(type) ?? 0) + 1);
      if (entry.units[entry.units.length - 1] !== index) entry.units.push(index);
    }
  });
  addShortMentionsOfPeople(byKey, loneWords);
  // A person the document's opening sentence names is meant, however often the rest names them
  // ("Johannes Gutenberg introduced movable metal type …"); not a run of four words or more,
  // which in a title block is two names set side by side ("Frank Mittelbach Rainer Schöpf").
  const opening = tagged.findIndex(({ unit }) => unit.kind === 'lead' || unit.kind === 'sentence');
  const opensWith = (key: string, e: Entry): boolean => e.units[0] === opening && mostFrequent(e.types) === 'person' && key.split(' ').length <= 3;
  // So is a person the document credits with the work, said once on page 8 of a manual
  // ("MakeIndex is a C program written by Pehong Chen"): who made a thing is what "Who wrote …?" asks.
  const creditedPerson = (e: Entry): boolean => e.credited && mostFrequent(e.types) === 'person';
  const found = [...byKey.entries()]
    .filter(([key, e]) => e.mentions >= MIN_ENTITY_MENTIONS || containsWords(titleKey, key) || opensWith(key, e) || creditedPerson(e))
    .map(([key, e]) => ({ key, entry: e }))
    .sort((a, b) => b.entry.mentions - a.entry.mentions || compare(a.key, b.key))
    .slice(0, MAX_ENTITIES);
  return found
    .map(({ key, entry }) => ({
      key,
      name: mostFrequent(entry.surfaces),
      type: mostFrequent(entry.types),
      mentions: entry.mentions,
      sentences: entry.units
        .filter((u) => tagged[u]!.unit.kind !== 'fragment')
        .slice(0, 3)
        .map((u) => clip(tagged[u]!.unit.text)),
    }))
    .sort((a, b) => compare(a.key, b.key));
}

/**
 * The persons a document's title block names, in order: its byline ("MakeIndex : An Index
 * Processor For LaTeX" / "Leslie Lamport" / "17 February 1987"; a paper's "Ashish Vaswani∗ /
 * Google Brain / avaswani@google.com" …). The block runs from the unit that holds the title
 * (after the title's words, when the name shares its line) to the first heading or sentence of
 * prose; a notice above the title ("Provided proper attribution is provided, …") comes before
 * it. Only names the cues type as persons (extractEntities' typeOf), so an affiliation ("Google
 * Brain") or a date is none. Empty when no unit holds the title.
 */
export function bylinePersons(title: string, units: readonly TextUnit[]): string[] {
  const wanted = normaliseLine(title);
  const start = units.findIndex((unit) => unit.kind !== 'title' && wanted !== '' && normaliseLine(unit.text).startsWith(wanted));
  // A title block is at the top: a line that opens with the title further down is text.
  if (start === -1 || start > MAX_UNITS_ABOVE_TITLE) return [];
  // Every document is asked: only the title block's units are tagged (the tagger is most of the cost).
  const untagged = units.map((unit) => ({ unit, tokens: tokenize(unit.text, unit.code), tags: [] }));
  const lowerWords = wordsWrittenInLowerCase(untagged);
  const headingWords = wordsOfHeadings(untagged);
  const names: string[] = [];
  for (let i = start; i < Math.min(units.length, start + MAX_BYLINE_UNITS); i++) {
    const { unit, tokens, tags } = tagUnits([units[i]!])[0]!;
    if (i > start && (unit.kind === 'heading' || isProseSentence(unit.text, tags))) break;
    // On the title's own line, only what follows the title ("… Manual Leslie Lamport").
    const from = i === start ? titleEnd(unit.text, title) : 0;
    for (const [runStart, runEnd] of nameRuns(unit.text, tokens, tags, unit.code)) {
      // A run that starts in the title ("LATEX Manual Leslie Lamport") is read from the title's end.
      let first = runStart;
      while (first < runEnd && tokens[first]!.start < from) first++;
      const span = first < runEnd ? trimSpan(tokens, first, runEnd, lowerWords) : undefined;
      if (!span) continue;
      const type = typeOf(tokens, tags, span[0], span[1], surface(unit.text, tokens, span), lowerWords, headingWords);
      // The line right under the title, a name and nothing else, is the byline whatever the
      // first name ("Leslie Lamport" under "MakeIndex : An Index Processor For LaTeX").
      // Not when its last word is an everyday word: "Technical Report 7" is no person.
      const surname = !isGeneralEnglish(tokens[span[1] - 1]!.text.toLowerCase());
      const underTitle = type === 'other' && surname && i <= start + 1 && isWholeLine(unit.text, tokens, span, from) && span[1] - span[0] <= 3;
      if (type !== 'person' && !underTitle) continue;
      for (const name of splitSideBySide(tokens, span).map((part) => surface(unit.text, tokens, part))) if (!names.includes(name)) names.push(name);
    }
  }
  return names;
}

function surface(text: string, tokens: readonly Token[], [start, end]: readonly [number, number]): string {
  return text.slice(tokens[start]!.start, tokens[end - 1]!.end);
}

/** The name is all the line holds from `from` on, but for footnote marks (∗, †, digits). */
function isWholeLine(text: string, tokens: readonly Token[], [start, end]: readonly [number, number], from: number): boolean {
  return text.slice(from, tokens[start]!.start).trim() === '' && /^[\s∗*†‡\d,]*$/u.test(text.slice(tokens[end - 1]!.end));
}

/** Four name words in a title block are two names set side by side ("Frank Mittelbach Phelype Oleinik"). */
function splitSideBySide(tokens: readonly Token[], span: [number, number]): Array<[number, number]> {
  const words = tokens.slice(span[0], span[1]);
  if (words.length !== 4 || words.some((t) => t.kind !== 'word' || t.text.length < 2)) return [span];
  return [
    [span[0], span[0] + 2],
    [span[0] + 2, span[1]],
  ];
}

/** Units before the title's line at most (the title unit itself, a notice or two above it). */
const MAX_UNITS_ABOVE_TITLE = 4;
/** Units of a title block read at most: a paper lists its authors one unit each, with affiliations. */
const MAX_BYLINE_UNITS = 40;

function normaliseLine(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Where the title ends in a line that opens with it: past as many of its letters and digits. */
function titleEnd(line: string, title: string): number {
  let needed = title.replace(/[^\p{L}\p{N}]/gu, '').length;
  let at = 0;
  while (at < line.length && needed > 0) if (/[\p{L}\p{N}]/u.test(line[at++]!)) needed--;
  return at;
}

/** A sentence of prose ends a title block: it has a verb and a full stop, and is longer than a name line. */
function isProseSentence(text: string, tags: readonly string[]): boolean {
  return text.length > 40 && /[.!?]$/.test(text) && tags.some((tag) => tag === 'VERB' || tag === 'AUX');
}

function noteLoneWord(loneWords: Map<string, number[]>, key: string, unit: number): void {
  const units = loneWords.get(key) ?? [];
  units.push(unit);
  loneWords.set(key, units);
}

/**
 * "Lukas: move the backup schedule" after "Lukas Brandt": a lone given name or surname is a
 * mention of the one person of the document who has it (of none when two people share it).
 */
function addShortMentionsOfPeople(byKey: Map<string, Entry>, loneWords: ReadonlyMap<string, number[]>): void {
  const owners = new Map<string, Entry[]>();
  for (const [key, entry] of byKey) {
    if (mostFrequent(entry.types) !== 'person') continue;
    const parts = key.split(' ');
    for (const part of new Set([parts[0]!, parts[parts.length - 1]!])) owners.set(part, [...(owners.get(part) ?? []), entry]);
  }
  for (const [word, units] of loneWords) {
    const people = owners.get(word);
    if (people?.length !== 1 || byKey.has(word)) continue;
    const entry = people[0]!;
    entry.mentions += units.length;
    entry.units = [...new Set([...entry.units, ...units])].sort((a, b) => a - b);
  }
}

/** Words of headings: a heading names topics, so a run of its words is a topic ("Release Policy"), not a person. */
function wordsOfHeadings(tagged: readonly TaggedUnit[]): Set<string> {
  const out = new Set<string>();
  for (const { unit, tokens } of tagged) if (unit.kind === 'heading') for (const t of tokens) if (t.kind === 'word') out.add(t.text.toLowerCase());
  return out;
}

/** Lower-case words of running text: a capitalised word the document also writes like this is a common word. */
function wordsWrittenInLowerCase(tagged: readonly TaggedUnit[]): Set<string> {
  const out = new Set<string>();
  for (const { unit, tokens } of tagged) {
    if (unit.kind === 'title' || unit.kind === 'heading') continue;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      // The name in an e-mail address ("noam@google.com") is no word of the prose.
      if (t.kind === 'word' && startsLowerCase(t.text) && tokens[i + 1]?.text !== '@') out.add(t.text);
    }
  }
  return out;
}

// These two ask of every word of a document: an ASCII first letter is told by its code, the
// Unicode property tested only beyond ASCII. With them, and wordsWrittenInLowerCase's loop
// written without a callback, the R reference manual's entities took 313 ms instead of 402.

/** /^\p{Ll}/u.test(word) */
function startsLowerCase(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? c >= 97 && c <= 122 : /^\p{Ll}/u.test(word);
}

/** /^\p{Lu}/u.test(word) */
function startsUpperCase(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(word);
}

/** [start, end) runs of name tokens: capitalised proper nouns, joined by "of", "&" or an initial's period. */
function nameRuns(text: string, tokens: readonly Token[], tags: readonly string[], code: TaggedUnit['unit']['code']): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  const isName = (i: number): boolean => {
    const t = tokens[i]!;
    // A LaTeX macro (\AtBeginDocument) or a name in backticks is code, whatever its shape.
    if (text[t.start - 1] === '\\') return false;
    if (t.kind === 'code') return CAMEL_NAME.test(t.text) && !code.some((c) => c.start <= t.start && t.end <= c.end);
    if (t.kind !== 'word' || !startsUpperCase(t.text)) return false;
    const tag = tags[i];
    // A capitalised noun opening a sentence is mostly an English word, but not one with a letter
    // English has no use for: the tagger knows English only ("Łukasz Kaiser", tagged a noun).
    return tag === 'PROPN' || ((tag === 'NOUN' || tag === 'ADJ' || tag === 'X') && (i > 0 || isForeignName(t.text)));
  };
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && isName(i)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i < tokens.length - 1 && isJoiner(tokens, i, start) && isName(i + 1)) continue;
    if (start >= 0) runs.push([start, i]);
    start = -1;
  }
  return runs;
}

// PostgreSQL, GitHub, JavaScript: letters only, capital first, a capital inside.
const CAMEL_NAME = /^\p{Lu}\p{L}*\p{Ll}\p{Lu}\p{L}*$/u;

function isJoiner(tokens: readonly Token[], i: number, start: number): boolean {
  const t = tokens[i]!;
  const before = tokens[i - 1]!;
  if (t.text === '&') return true;
  // "E. F. Codd": the period after an initial.
  if (t.text === '.' && /^\p{Lu}$/u.test(before.text) && tokens[i - 1]!.end === t.start) return true;
  // "University of Toronto", "Journal of Physics", "Conference on Learning": only after a cue word.
  const cue = before.text.toLowerCase();
  return (t.text === 'of' || t.text === 'for' || t.text === 'on') && i - start <= 3 && (ORG_WORDS.has(cue) || PLACE_WORDS.has(cue) || WORK_WORDS.has(cue) || EVENT_WORDS.has(cue));
}

function isCueWord(lower: string): boolean {
  return ORG_WORDS.has(lower) || PLACE_WORDS.has(lower) || WORK_WORDS.has(lower) || EVENT_WORDS.has(lower);
}

/**
 * Drops what only looks like part of a name: function and vague words at either end, and the
 * capitalised first word of a sentence when the document also writes it in lower case.
 */
function trimSpan(tokens: readonly Token[], start: number, end: number, lowerWords: ReadonlySet<string>): [number, number] | undefined {
  const atSentenceStart = (i: number): boolean => i === 0 || (tokens[i - 1]!.kind === 'punct' && /^["'“‘(\[]$/u.test(tokens[i - 1]!.text) && i - 1 === 0);
  while (start < end && (isFunctionWord(tokens[start]!.text) || (atSentenceStart(start) && isCommonWord(tokens[start]!.text, lowerWords)))) start++;
  while (end > start && (isFunctionWord(tokens[end - 1]!.text) || /^[.&]$|^(?:of|for|on)$/.test(tokens[end - 1]!.text))) end--;
  if (end <= start || end - start > MAX_NAME_TOKENS) return undefined;
  const only = tokens[start]!.text;
  if (end - start === 1) {
    // A lone acronym (SQL, WAL, GPUs) is a concept unless a list says otherwise; a lone initial
    // or cue word ("Foundation", "Proceedings") is no name.
    if ((/^\p{Lu}[\p{Lu}\p{N}]+s?$/u.test(only) || only.length < 2) && !knownName(only)) return undefined;
    if (isCueWord(only.toLowerCase())) return undefined;
  }
  return [start, end];
}

function isFunctionWord(word: string): boolean {
  const lower = word.toLowerCase();
  return NOT_NAMES.has(lower) || isStopword(lower) || isGenericWord(lower);
}

function isCommonWord(word: string, lowerWords: ReadonlySet<string>): boolean {
  return lowerWords.has(word.toLowerCase()) && !knownName(word);
}

function knownName(word: string): boolean {
  const lower = word.toLowerCase();
  return ORG_NAMES.has(lower) || PLACE_NAMES.has(lower) || PRODUCT_NAMES.has(lower) || FIRST_NAMES.has(lower);
}

/** The type a mention's cues give; 'other' (no entity) when none does. Order matters: the most telling cue first. */
function typeOf(tokens: readonly Token[], tags: readonly string[], start: number, end: number, surface: string, lowerWords: ReadonlySet<string>, headingWords: ReadonlySet<string>): EntityType {
  const parts = surface.split(/\s+/).map((w) => w.replace(/[.,]$/, '').toLowerCase());
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const before = start > 0 ? tokens[start - 1]!.text.toLowerCase() : '';
  const beforeThat = start > 1 ? tokens[start - 2]!.text.toLowerCase() : '';
  // Code and markup are never names: TeX macros a PDF shows without their backslash
  // (PackageWarning, KillZeros), SQL keywords (DROP GROUP), identifiers (QuillReader).
  if (surface.split(/\s+/).some((w) => isCodeShaped(w))) return 'other';
  if (isLanguage(parts, tokens, end)) return 'other';
  if (EVENT_WORDS.has(last) && parts.length > 1) return 'event';
  if (parts.length > 1 && (WORK_WORDS.has(first) || WORK_WORDS.has(last))) return 'work';
  if ((ORG_WORDS.has(last) && parts.length > 1) || (ORG_WORDS.has(first) && parts.includes('of')) || parts.every((p) => ORG_NAMES.has(p))) return 'organisation';
  // "Dr Okonkwo", "Dr. Okonkwo" (the period is a token of its own).
  if (HONORIFICS.has(before) || (before === '.' && HONORIFICS.has(beforeThat))) return 'person';
  if ((PLACE_WORDS.has(last) && parts.length > 1) || (PLACE_WORDS.has(first) && parts.includes('of')) || parts.every((p) => PLACE_NAMES.has(p))) return 'place';
  // "city of Mainz", "Berkeley, California": gazetteer-like cues.
  const nextTwo = [tokens[end]?.text, tokens[end + 1]?.text.toLowerCase()];
  if ((before === 'of' && /^(?:city|town|village)$/.test(beforeThat)) || (nextTwo[0] === ',' && PLACE_NAMES.has(nextTwo[1] ?? '') && parts.length <= 2)) return 'place';
  if (parts.length === 1 && PRODUCT_NAMES.has(first)) return 'product';
  if (isProductByEvidence(tokens, end, parts, lowerWords)) return 'product';
  if (isPersonName(parts, { tokens, tags, start, end, lowerWords }) && !parts.some((p) => headingWords.has(p))) return 'person';
  return 'other';
}

/**
 * Software named with evidence: a name of its own followed by a dotted version ("Quill 2.1";
 * "User 2", "Table 3" are no products), or defined as one ("Quill is a small parsing library").
 */
function isProductByEvidence(tokens: readonly Token[], end: number, parts: readonly string[], lowerWords: ReadonlySet<string>): boolean {
  if (!parts.every((p) => !lowerWords.has(p) && !isStopword(p))) return false;
  const after = tokens[end];
  if (after?.kind === 'number' && /^\d+(?:\.\d+)+$/.test(after.text) && tokens[end - 1]!.end < after.start) return true;
  if (tokens[end]?.text !== 'is' || !/^(?:a|an)$/.test(tokens[end + 1]?.text ?? '')) return false;
  for (let i = end + 2; i < Math.min(tokens.length, end + 8); i++) {
    const word = tokens[i]!.text.toLowerCase();
    if (PRODUCT_NOUNS.has(word)) return true;
    if (tokens[i]!.kind === 'punct') return false;
  }
  return false;
}

/** camelCase inside a word (PackageWarning, GoTo), snake_case, or an all-caps word no list knows (DROP, CODINGSCHEME). */
function isCodeShaped(word: string): boolean {
  if (knownName(word) || /^(?:Mc|Mac|De|Di|La|Le|Van)\p{Lu}\p{Ll}+$/u.test(word)) return false;
  return /_/.test(word) || /\p{Ll}\p{Lu}/u.test(word) || /^\p{Lu}{2,}$/u.test(word);
}

function normalise(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/[^\p{L}\p{N}&]+/gu, ' ')
    .trim();
}

function containsWords(haystack: string, needle: string): boolean {
  return ` ${haystack} `.includes(` ${needle} `);
}

function mostFrequent<T extends string>(counts: ReadonlyMap<T, number>): T {
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || compare(a, b))[0]![0];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function clip(sentence: string): string {
  return sentence.length > 400 ? `${sentence.slice(0, 399).trimEnd()}…` : sentence;
}
