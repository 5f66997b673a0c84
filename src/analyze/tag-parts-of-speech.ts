import { createRequire } from 'node:module';
import type winkNLPFunction from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import { singularize } from './singularize.js';
import { isStopword } from './stopwords.js';
import type { Token } from './tokenize.js';

/** Universal POS tags (NOUN, PROPN, ADJ, VERB, …) as wink-nlp gives them. */
export type PartOfSpeech = string;

// Loading wink-nlp and its model takes a few hundred ms and some MB: once per thread, on
// first use, so commands that never tag text (status, search, every short-lived reader)
// never pay for it. Required lazily for that reason: an import would load the model's
// modules at start-up.
let nlp: WinkMethods | undefined;
const requireLazily = createRequire(import.meta.url);

function loadTagger(): WinkMethods {
  const winkNLP = requireLazily('wink-nlp') as typeof winkNLPFunction;
  return winkNLP(requireLazily('wink-eng-lite-web-model'), ['pos']);
}

// A compound ending like this modifies what follows: read-only, user-defined, built-in.
const MODIFIER_COMPOUND = /[-/](?:\p{L}+ed|\p{L}+ing|only|in|on|off|like|based|wise|free|safe|aware|specific|level|side|wide|time)$/iu;

/**
 * One tag per token. wink-nlp tags English well, but it splits names the way code does not
 * (pg_dump → pg _ dump, write-ahead → write - ahead), and the pieces mislead it about their
 * neighbours ("log" in "write-ahead log" becomes a verb). So it reads the text with each
 * code name and compound masked as one plain word of the same length, which keeps offsets
 * aligned; code names are then proper nouns and compounds are nouns or modifiers by their
 * last part, whatever the tagger says.
 */
export function tagPartsOfSpeech(text: string, tokens: readonly Token[], heading = false): PartOfSpeech[] {
  if (tokens.every((t) => t.kind !== 'word')) return tokens.map(fixedTag);
  let masked = '';
  let at = 0;
  for (const token of tokens) {
    if (token.kind === 'code' || isCompound(token)) {
      masked += text.slice(at, token.start) + 'x'.repeat(token.end - token.start);
      at = token.end;
    }
  }
  masked += text.slice(at);
  const spans = rememberedWinkSpans(masked);
  // Word tokens come in text order, as wink's spans do: one pass over both finds the span
  // covering each word's last character (a per-character array of tags cost an allocation
  // and a fill the length of every text unit).
  let span = 0;
  const tagOfWordEndingAt = (end: number): PartOfSpeech | undefined => {
    while (span < spans.length && spans[span]!.end < end) span++;
    const covering = spans[span];
    return covering !== undefined && covering.start < end ? covering.tag : undefined;
  };
  const result = tokens.map((token) => {
    if (token.kind !== 'word') return fixedTag(token);
    if (isCompound(token)) return MODIFIER_COMPOUND.test(token.text) ? 'ADJ' : 'NOUN';
    return tagOfWordEndingAt(token.end) ?? 'X';
  });
  return reviseThirdPersonVerbs(tokens, revisePluralNouns(tokens, result, heading));
}

/** A wink token found verbatim in the text: [start, end) and its tag. */
interface WinkSpan {
  start: number;
  end: number;
  tag: PartOfSpeech;
}

// A reference manual repeats its short lines all through: the R reference manual's 48,349 text
// units hold 10,768 repeats of an earlier unit of at most 32 characters ("Description", "Usage",
// "See Also"), a fifth of wink's calls. wink's tags of a text depend on that text alone, so a
// short text is read once per thread and its spans shared (nothing writes to them). Longer
// texts seldom recur (1,312 repeats among 31,000 units) and would hold far more memory.
const rememberedSpans = new Map<string, readonly WinkSpan[]>();
const MAX_REMEMBERED_TEXT = 32;
const MAX_REMEMBERED_SPANS = 20_000;

/** winkSpans(masked), remembered for a short text. */
function rememberedWinkSpans(masked: string): readonly WinkSpan[] {
  if (masked.length > MAX_REMEMBERED_TEXT) return winkSpans(masked);
  let spans = rememberedSpans.get(masked);
  if (spans === undefined) {
    if (rememberedSpans.size >= MAX_REMEMBERED_SPANS) rememberedSpans.clear();
    rememberedSpans.set(masked, (spans = winkSpans(masked)));
  }
  return spans;
}

/** wink's tokens of `masked` with their tags, in order, each located in the text. */
function winkSpans(masked: string): WinkSpan[] {
  nlp ??= loadTagger();
  const doc = nlp.readDoc(masked);
  const values = doc.tokens().out(nlp.its.value);
  const tags = doc.tokens().out(nlp.its.pos);
  const spans: WinkSpan[] = [];
  let cursor = 0;
  values.forEach((value, i) => {
    const start = masked.indexOf(value, cursor);
    // wink normalises a few characters; a token it did not copy verbatim stays untagged.
    if (start < 0 || start - cursor > 40) return;
    // An empty value covers no character (a per-character fill of it set nothing).
    if (value.length > 0) spans.push({ start, end: start + value.length, tag: tags[i] ?? 'X' });
    cursor = start + value.length;
  });
  return spans;
}

const NOUN_FOLLOWER = new Set(['AUX', 'PUNCT']);

/**
 * The lite model reads many plural nouns as verbs ("regular triggers", "event triggers can").
 * After a determiner or adjective, or between a noun and a modal or punctuation, a plural
 * form cannot be a verb; neither can one in a heading, which names rather than states.
 */
function revisePluralNouns(tokens: readonly Token[], tags: PartOfSpeech[], heading: boolean): PartOfSpeech[] {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (tags[i] !== 'VERB' || token.kind !== 'word' || !isPluralLooking(token.text)) continue;
    const before = i > 0 ? tags[i - 1]! : 'START';
    const after = i + 1 < tokens.length ? tags[i + 1]! : 'PUNCT';
    if (heading || before === 'DET' || before === 'ADJ' || (NOMINAL.has(before) && NOUN_FOLLOWER.has(after))) tags[i] = 'NOUN';
  }
  return tags;
}

function isPluralLooking(word: string): boolean {
  // Most words asked end in another letter: told by the last code, before any copy or pattern.
  if (word.charCodeAt(word.length - 1) !== 0x73) return false;
  const lower = word.toLowerCase();
  return /^\p{Lu}?\p{Ll}+s$/u.test(word) && singularize(lower) !== lower;
}

const NOMINAL = new Set(['NOUN', 'PROPN']);
const OBJECT_START = new Set(['DET', 'PRON', 'NUM', 'NOUN', 'PROPN', 'ADJ']);

/**
 * Taggers read "the catalog pg_class stores information" as one long noun phrase: "stores"
 * could be a plural noun. English compounds take a singular modifier ("table information",
 * not "tables information"), so a plural-looking noun between a noun and the start of
 * another noun phrase is the verb of the sentence.
 */
function reviseThirdPersonVerbs(tokens: readonly Token[], tags: PartOfSpeech[]): PartOfSpeech[] {
  for (let i = 1; i + 1 < tokens.length; i++) {
    const token = tokens[i]!;
    if (tags[i] !== 'NOUN' || token.kind !== 'word' || !/^\p{Ll}/u.test(token.text) || !isPluralLooking(token.text)) continue;
    if (!NOMINAL.has(tags[i - 1]!)) continue;
    const next = tokens[i + 1]!;
    if ((next.kind === 'word' || next.kind === 'code') && OBJECT_START.has(tags[i + 1]!) && !isStopword(next.text.toLowerCase())) tags[i] = 'VERB';
    else if (next.kind === 'word' && (tags[i + 1] === 'DET' || tags[i + 1] === 'PRON')) tags[i] = 'VERB';
  }
  return tags;
}

function isCompound(token: Token): boolean {
  return token.kind === 'word' && hasJoiner(token.text) && /[\p{L}\p{N}][-\u2010\u2011/][\p{L}\p{N}]/u.test(token.text);
}

/** Whether a word holds a hyphen or slash at all: asked of every word twice, most have none, and the pattern then need not run. */
function hasJoiner(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 0x2d || c === 0x2f || c === 0x2010 || c === 0x2011) return true;
  }
  return false;
}

function fixedTag(token: Token): PartOfSpeech {
  return token.kind === 'code' ? 'PROPN' : token.kind === 'number' ? 'NUM' : token.kind === 'punct' ? 'PUNCT' : 'X';
}
