import type { PartOfSpeech } from './tag-parts-of-speech.js';
import { startsWithAnaphora } from './sentence-check.js';

/** Longest opening line read as a tagline: a longer one is a paragraph, not a one-line description. */
const MAX_TAGLINE_CHARS = 160;

/**
 * Is the document's first line of prose its author's one-line description, a tagline ("An ini
 * format parser and serializer for node.", "The fastest and simplest library for SQLite in
 * Node.js.")? READMEs open with one under their title, and it says what the thing is better
 * than any sentence ranked from the text. It is a noun phrase the author ended with a full
 * stop: no auxiliary, no verb but participles ("used in …", "mocking"), and it opens with
 * neither a verb nor a word pointing back. A byline or an issue line ("LATEX News Issue 16,
 * December 2003") has no full stop of its author's; without `authorsStop` (a document with no
 * sentence at all, where the tagline is all there is: "Callback wrapping utility") none is asked for.
 */
export function isTagline(text: string, tokens: readonly { text: string }[], tags: readonly PartOfSpeech[], authorsStop = true): boolean {
  if (text.length > MAX_TAGLINE_CHARS || !/^["'“‘(]?\p{Lu}/u.test(text) || (authorsStop && !/[.!]$/u.test(text)) || startsWithAnaphora(text)) return false;
  const words = tags.filter((t) => t !== 'PUNCT' && t !== 'SYM').length;
  if (GREETING.test(text) || isByline(tags)) return false;
  // "Very low overhead JavaScript logger.": an adverb before an adjective is part of the name.
  const opener = tags[0] === 'ADV' && tags[1] === 'ADJ' ? 'ADJ' : (tags[0] ?? '');
  if (words < 3 || OPENERS_NOT_A_NAME.has(opener) || IMPERATIVE.test(text) || LABELLED.test(text)) return false;
  return tags.every((tag, i) => tag !== 'AUX' && (tag !== 'VERB' || /(?:ed|ing)$/i.test(tokens[i]?.text ?? '')));
}

// "Welcome to atomic-sleep", "Hello!": the reader is greeted, not told what the thing is.
const GREETING = /^(?:Welcome|Hello|Hi|Hey|Greetings)\b/u;

/** "Sebastian Rahtz and Leonor Barroca": names joined by "and" or commas, the authors' line. */
function isByline(tags: readonly PartOfSpeech[]): boolean {
  return tags.every((t) => t === 'PROPN' || t === 'CCONJ' || t === 'PUNCT' || t === 'NUM' || t === 'SYM') && tags.includes('CCONJ');
}

// A tagline names a thing: it does not open with a verb, pronoun, adverb or conjunction.
const OPENERS_NOT_A_NAME = new Set(['VERB', 'AUX', 'PRON', 'ADV', 'SCONJ', 'CCONJ', 'INTJ', 'PART']);

// "Use the new Buffer APIs …", "Output your messages …": a word then a determiner is a verb and
// its object, an instruction (sentence-initial verbs are often tagged as nouns), not a name.
const IMPERATIVE = /^[\p{L}/]+ (?:the|a|an|your|my|our|their|its|this|these|any|all)\b/u;

// "Attendees: Amara Okafor, Lukas Brandt, Mei Chen.": a labelled field of a note, not a description.
const LABELLED = /^[\p{L}][\p{L} ]{0,30}: /u;

/** Longest opening line read as a README's one-line description of what its package does. */
const MAX_ONE_LINER_CHARS = 120;

/**
 * Is the document's opening line a one-line description, even one too short to stand as a
 * sentence elsewhere: a tagline ("Compile-time tests for types.") or an instruction saying
 * what the thing does ("Only call a function once.", "Write Pino transports easily."), as
 * READMEs put under a package's name? One sentence, its author's full stop, no label, no word
 * pointing back; or a tagline its author wrote without a full stop.
 */
export function isOneLiner(text: string, tokens: readonly { text: string }[], tags: readonly PartOfSpeech[]): boolean {
  // A tagline written without a full stop ("Universal filesystem path utils") is one too, when
  // it names a kind of thing (a noun or an adjective): not a date line ("November 19th 1994").
  if (!/[.!]$/u.test(text)) return text.length <= MAX_ONE_LINER_CHARS && !/[.!?:;,]\s/u.test(text) && tags.some((t) => t === 'NOUN' || t === 'ADJ') && isTagline(text, tokens, tags, false);
  if (text.length > MAX_ONE_LINER_CHARS || !/^["'“‘(]?\p{Lu}/u.test(text) || /[.!?]\s/u.test(text) || startsWithAnaphora(text) || LABELLED.test(text)) return false;
  if (tags.filter((t) => t !== 'PUNCT' && t !== 'SYM').length < 3) return false;
  // A verb first, or a word then a determiner ("Encode/decode the mappings property …", which
  // the tagger takes for a noun).
  const instruction = (tags[0] === 'VERB' || (tags[0] === 'ADV' && tags[1] === 'VERB') || IMPERATIVE.test(text)) && !TO_THE_READER.test(text);
  return instruction || isTagline(text, tokens, tags);
}

// "Suppose you have some source code.", "See the docs.": the reader is asked to think or look,
// which says nothing of what the thing does.
const TO_THE_READER = /^(?:Suppose|Imagine|Consider|Note|See|Read|Let|Let's|Remember|Please|Visit|Click|Check|Go|Try)\b/u;
