import type { TaggedUnit } from './collect-candidates.js';
import { singularize } from './singularize.js';
import { isGenericWord, isStopword } from './stopwords.js';
import type { Token } from './tokenize.js';

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
 * cues below (honorifics, first names, organisation and place words, short gazetteers) are a
 * fixed list: the same text gets the same entities in every version of the model.
 */

const HONORIFICS = words('mr mrs ms miss dr prof professor sir dame lord lady mister president senator judge king queen prince princess saint');
const FIRST_NAMES = words(`aaron adam adrian aidan alan albert alex alexander alice alison amanda amy andrea andreas andrew andy anna anne anthony antoine
arthur ashish barbara ben benjamin bill bob brian bruce carl carlos carol catherine charles charlotte chris christian christine christopher
claire colin daniel david dennis diana donald donna dorothy douglas edward elizabeth emily emma eric erik evan frank fred gary george
gerald grace greg gregory hannah harry helen henry hugo ian illia isaac jack jacob jakob james jan jane jason jean jeff jeffrey jennifer
jeremy jessica jim joe johannes john jonathan jose joseph josh joshua julia julie justin karen karl kate katherine keith kenneth kevin
larry laura lauren leo leon linda linus lisa llion louis lucas lukasz luke margaret maria mark martin mary matt matteo matthew max
michael michelle mike nancy nathan nicholas nick niki noam oliver olivia pablo patricia patrick paul peter philip pierre rachel ralph
raymond rebecca richard robert roger ronald ryan samuel sandra sarah scott sean sebastian simon sophie stefan stephen steve steven
susan thomas tim timothy tom tony victor vincent walter william yann yoshua`);
const ORG_WORDS = words(`inc corp corporation ltd llc gmbh plc foundation university institute group association society company council
committee agency department ministry bank college school laboratory laboratories labs lab consortium organization organisation
federation union brain research press systems technologies software community commission bureau authority office academy`);
const ORG_NAMES = words(`google microsoft apple amazon facebook meta ibm oracle intel nvidia mozilla github gitlab canonical debian w3c ietf iso
ansi ieee acm netflix twitter openai stanford berkeley harvard oxford cern nasa apache ubuntu redhat cisco samsung sony adobe`);
const PLACE_WORDS = words('city county river lake mountain mountains island islands street avenue road province valley bay ocean sea state states kingdom republic');
const PLACE_NAMES = words(`africa america asia europe australia antarctica usa uk china japan india germany france italy spain portugal russia canada
mexico brazil argentina chile netherlands belgium switzerland austria sweden norway denmark finland poland ireland scotland england
wales greece turkey israel egypt korea taiwan singapore indonesia vietnam thailand iceland ukraine czechia hungary romania london
paris berlin tokyo beijing toronto montreal vancouver sydney melbourne moscow amsterdam vienna zurich geneva rome madrid barcelona
lisbon dublin edinburgh boston chicago seattle california texas washington oregon york brooklyn cambridge munich prague warsaw stockholm
oslo copenhagen helsinki delhi mumbai bangalore shanghai seoul`);
const PRODUCT_NAMES = words(`linux windows macos android ios python java javascript typescript chrome chromium firefox safari excel docker kubernetes
git emacs vim tex latex perl ruby rust postgresql mysql sqlite mongodb redis node npm unix freebsd openbsd solaris react angular vue
webpack babel eslint jquery tensorflow pytorch matlab mathematica powerpoint`);
const WORK_WORDS = words('journal proceedings review magazine times gazette act treaty manual handbook encyclopedia dictionary bible');
const EVENT_WORDS = words('war conference summit olympics festival championship cup election revolution symposium workshop congress expo');
const NOT_NAMES = words(`january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec note notes warning tip caution example examples table figure chapter section appendix see`);

interface Entry {
  surfaces: Map<string, number>;
  mentions: number;
  units: number[];
  types: Map<EntityType, number>;
}

/**
 * Named things in a document: runs of capitalised proper-noun tokens ("Ashish Vaswani",
 * "University of Toronto", "PostgreSQL"), merged by a normalised key and typed by cues.
 * Left out: code (`pg_dump`, names in backticks), acronyms without a cue (SQL, WAL are
 * concepts), the capitalised first word of a sentence when the document also writes it in
 * lower case, and headings (Title Case makes every word look like a name).
 */
export function extractEntities(title: string, tagged: readonly TaggedUnit[]): EntityCandidate[] {
  const lowerWords = wordsWrittenInLowerCase(tagged);
  const headingWords = wordsOfHeadings(tagged);
  const titleKey = normalise(title);
  const byKey = new Map<string, Entry>();
  tagged.forEach(({ unit, tokens, tags }, index) => {
    if (unit.kind !== 'lead' && unit.kind !== 'sentence' && unit.kind !== 'fragment') return;
    for (const [start, end] of nameRuns(unit.text, tokens, tags, unit.code)) {
      const span = trimSpan(tokens, start, end, lowerWords);
      if (!span) continue;
      const surface = unit.text.slice(tokens[span[0]]!.start, tokens[span[1] - 1]!.end).replace(/['’]s$/, '');
      const key = normalise(surface);
      const type = typeOf(tokens, tags, span[0], span[1], surface, lowerWords, headingWords);
      // An untyped single word ("Law", "Depth") is mostly a capitalised common word: left out.
      if (!key || (type === 'other' && (span[1] - span[0] === 1 || !keepsUntyped(surface, lowerWords)))) continue;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { surfaces: new Map(), mentions: 0, units: [], types: new Map() }));
      entry.mentions++;
      entry.surfaces.set(surface, (entry.surfaces.get(surface) ?? 0) + 1);
      entry.types.set(type, (entry.types.get(type) ?? 0) + 1);
      if (entry.units[entry.units.length - 1] !== index) entry.units.push(index);
    }
  });
  const found = [...byKey.entries()]
    .filter(([key, e]) => e.mentions >= MIN_ENTITY_MENTIONS || containsWords(titleKey, key))
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
    for (const t of tokens) if (t.kind === 'word' && /^\p{Ll}/u.test(t.text)) out.add(t.text);
  }
  return out;
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
    if (t.kind !== 'word' || !/^\p{Lu}/u.test(t.text)) return false;
    const tag = tags[i];
    return tag === 'PROPN' || ((tag === 'NOUN' || tag === 'ADJ' || tag === 'X') && i > 0);
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

/**
 * A camel-cased name made of words the document writes in lower case is a name in code
 * (RequirePackage, AtEnd, IfUndefined: macros and classes a PDF shows without their
 * backslash), not a product (SemVer, JavaScript, ByteNet).
 */
function isCompoundOfWords(name: string, lowerWords: ReadonlySet<string>): boolean {
  const pieces = name.split(/(?<=\p{Ll})(?=\p{Lu})/u).map((p) => p.toLowerCase());
  return pieces.every((p) => p.length === 1 || lowerWords.has(p) || isStopword(p));
}

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

/** The type a mention's cues give; 'other' when none does. Order matters: the most telling cue first. */
function typeOf(tokens: readonly Token[], tags: readonly string[], start: number, end: number, surface: string, lowerWords: ReadonlySet<string>, headingWords: ReadonlySet<string>): EntityType {
  const parts = surface.split(/\s+/).map((w) => w.replace(/[.,]$/, '').toLowerCase());
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const before = start > 0 ? tokens[start - 1]!.text.toLowerCase() : '';
  const beforeThat = start > 1 ? tokens[start - 2]!.text.toLowerCase() : '';
  const after = end < tokens.length ? tokens[end]! : undefined;
  if (EVENT_WORDS.has(last) || (start > 0 && tokens[start - 1]!.kind === 'number' && /^(?:1[89]|20)\d\d$/.test(tokens[start - 1]!.text) && EVENT_WORDS.has(last))) return 'event';
  if (parts.length > 1 && (WORK_WORDS.has(first) || WORK_WORDS.has(last))) return 'work';
  if (ORG_WORDS.has(last) || (ORG_WORDS.has(first) && parts.includes('of')) || parts.some((p) => ORG_NAMES.has(p))) return 'organisation';
  // "Dr Okonkwo", "Dr. Okonkwo" (the period is a token of its own).
  if (HONORIFICS.has(before) || (before === '.' && HONORIFICS.has(beforeThat))) return 'person';
  if (PLACE_WORDS.has(last) || (PLACE_WORDS.has(first) && parts.includes('of')) || parts.every((p) => PLACE_NAMES.has(p))) return 'place';
  if (parts.some((p) => PRODUCT_NAMES.has(p)) || (parts.length === 1 && CAMEL_NAME.test(surface) && !isCompoundOfWords(surface, lowerWords))) return 'product';
  // "Quill 2.1": a name of its own followed by a dotted version ("User 2", "Table 3" are no products).
  const ownName = parts.every((p) => !lowerWords.has(p));
  if (ownName && after?.kind === 'number' && /^\d+(?:\.\d+)+$/.test(after.text) && tokens[end - 1]!.end < after.start) return 'product';
  if (isPersonName(parts, tokens, start, end, tags, lowerWords) && !parts.some((p) => headingWords.has(p))) return 'person';
  return 'other';
}

/**
 * Two to four capitalised words that are names: opening with a known first name or an
 * initial ("Noam Shazeer", "E. F. Codd"), or proper nouns none of which the document writes in
 * lower case ("Kyunghyun Cho").
 */
function isPersonName(parts: readonly string[], tokens: readonly Token[], start: number, end: number, tags: readonly string[], lowerWords: ReadonlySet<string>): boolean {
  const at = tokens.map((t, i) => ({ t, tag: tags[i] })).slice(start, end).filter(({ t }) => t.text !== '.');
  if (at.length < 2 || at.length > 4 || !at.every(({ t }) => t.kind === 'word' && /^\p{Lu}[\p{Ll}'’-]*$/u.test(t.text))) return false;
  if (at.some(({ tag }) => tag === 'VERB')) return false;
  if (FIRST_NAMES.has(parts[0]!) || /^\p{Lu}$/u.test(at[0]!.t.text)) return true;
  return at.every(({ t, tag }) => tag === 'PROPN' && t.text.length > 1 && !lowerWords.has(t.text.toLowerCase()) && !isFunctionWord(t.text) && !looksLikeCommonNoun(t.text, lowerWords));
}

// Title-Cased topics ("Evolutionary Computation", "Grooved Ware") end like common nouns; surnames rarely do.
const COMMON_NOUN_SHAPE = /(?:tion|sion|ment|ness|ity|ance|ence|ogy|ics|ism|ware|ing|ble|ive)$/;

/** "Radiocarbon Dates": a plural whose singular the document writes in lower case is a common noun. */
function looksLikeCommonNoun(word: string, lowerWords: ReadonlySet<string>): boolean {
  const lower = word.toLowerCase();
  return COMMON_NOUN_SHAPE.test(lower) || (singularize(lower) !== lower && lowerWords.has(singularize(lower)));
}

/** An untyped name is kept only if some word of it is not an ordinary word of the document. */
function keepsUntyped(surface: string, lowerWords: ReadonlySet<string>): boolean {
  return surface.split(/\s+/).some((w) => !lowerWords.has(w.toLowerCase()) && !isStopword(w.toLowerCase()));
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

function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter((w) => w.length > 0));
}
