import type { TaggedUnit } from './collect-candidates.js';
import { cleanInlineMarkdown } from './clean-inline-markdown.js';
import { describeDefinitionList } from './describe-definition-list.js';
import { describeTable } from './describe-table.js';
import { count, listed } from './list-in-words.js';
import { isProse, isStandaloneSentence } from './sentence-check.js';
import { shownSentence } from './shown-sentence.js';
import { tagPartsOfSpeech } from './tag-parts-of-speech.js';
import { singularize } from './singularize.js';
import { tokenize } from './tokenize.js';

export interface CompositionInput {
  title: string;
  markdown: string;
  tagged: readonly TaggedUnit[];
  /** Section titles, in order (the title's own section among them). */
  headings: readonly string[];
  pages?: number;
}

/**
 * A description for a document none of whose sentences can stand alone, composed the way an
 * indexer would rather than left as the title: a table or a definition list by what it holds;
 * a reference page's name line ("git-merge-one-file - The standard helper program …") as the
 * sentence it abbreviates; an opening that introduces a list, with its items; else what the
 * document is made of. Undefined only when none applies and the title must do.
 */
export function composeDescription(input: CompositionInput): string | undefined {
  return describeTable(input.markdown) ?? describeDefinitionList(input.markdown) ?? nameLineSentence(input) ?? introducedList(input);
}

/** "A document in 3 sections: Install, Usage and License.", or what a document without sections and sentences is. */
export function describeOutline(input: CompositionInput): string {
  const title = input.title.trim().toLowerCase();
  const headings = [...new Set(input.headings.map((h) => h.trim()))].filter((h) => h.toLowerCase() !== title && !SYNTHETIC_HEADING.test(h));
  for (let shown = Math.min(headings.length, 4); shown >= 2; shown--) {
    const text = `A document in ${count(headings.length, 'section')}: ${listed(headings, shown)}.`;
    if (text.length <= 300) return text;
  }
  if (input.pages !== undefined) return `${/^(?:8|11|18)(?:\d{2})?$|^8/.test(String(input.pages)) ? 'An' : 'A'} ${input.pages}-page document with no running text to quote.`;
  return 'A document with a title and no running text to quote.';
}

// The PDF converter names the pages of a document without an outline "Page 1", "Page 2", …
const SYNTHETIC_HEADING = /^Page \d+$/;

const NAME_LINE = /^(\S+(?: \S+){0,3}) [—–-] (\S.*?)[.\s]*$/u;

/** A name line's purpose made a sentence, when its first word says how: "the …" or a verb. */
export function nameLineSentence({ title, tagged }: CompositionInput): string | undefined {
  const named = title.trim().toLowerCase();
  for (const { unit } of tagged.slice(0, OPENING_UNITS)) {
    if (unit.kind !== 'lead' && unit.kind !== 'sentence') continue;
    const line = NAME_LINE.exec(unit.text);
    if (!line || !named.startsWith(line[1]!.toLowerCase())) continue;
    const [, name, purpose] = line as unknown as [string, string, string];
    const subject = /^[\p{Lu}\p{N}]/u.test(name) ? name : `\`${name}\``;
    // "Add file contents to the index": the imperative's capital goes, an acronym's stays. The
    // purpose is tagged after "to", where a verb reads as one: alone, the tagger takes the
    // imperative "show information …" for a noun.
    const verb = phrasalVerb(/^\p{Lu}\p{Ll}*\b/u.test(purpose) ? `${purpose[0]!.toLowerCase()}${purpose.slice(1)}` : purpose);
    const word = /^\S+/.exec(verb)?.[0] ?? '';
    let text: string | undefined;
    if (/^(?:the|a|an)$/.test(word)) text = `${subject} is ${verb}.`;
    else if (word === 'use') text = `${subject} uses${verb.slice(3)}.`;
    else if (!/ing$/.test(word) && isVerb(`to ${verb}`)) text = /[^s]s$/.test(word) ? `${subject} ${verb}.` : `${subject} is used to ${verb}.`;
    // "Temporarily store user credentials in memory": an adverb before the verb.
    else if (/^\p{Ll}{3,}ly$/u.test(word) && isVerb(`to ${verb.slice(word.length + 1)}`)) text = `${subject} is used to ${verb}.`;
    else text = asNounPhrase(verb, subject);
    if (text !== undefined && isStandaloneSentence(text)) return text;
  }
  return undefined;
}

/**
 * A README's tagline made a sentence about the thing it names, as a name line is
 * (nameLineSentence): "Very low overhead JavaScript logger." under "pino" gives "`pino` is a very
 * low overhead JavaScript logger.", "The fastest and simplest library for SQLite in Node.js."
 * gives "`better-sqlite3` is the fastest …". Only a singular noun phrase (a plural one, "Tools
 * for …", would need "are") that does not name the thing again ("The buffer module from
 * node.js …" for "buffer"); undefined otherwise.
 */
export function taglineSentence(name: string, tagline: string): string | undefined {
  const subject = /^[\p{Lu}\p{N}]/u.test(name) ? name : `\`${name}\``;
  const text = tagline.replace(/[.!]+$/u, '');
  const the = /^The\s+(.+)$/u.exec(text);
  const phrase = the?.[1] ?? text.replace(/^An?\s+/u, '');
  // "`buffer` is the buffer module …" says the name twice and nothing of what it is.
  if (!singularHead(phrase) || phrase.toLowerCase().split(/[^\p{L}\p{N}@/-]+/u).includes(name.toLowerCase())) return undefined;
  // "Blazing fast …" → "blazing fast …"; a name keeps its capitals ("Google Skia …", "JavaScript …").
  const rest = startsWithCommonWord(phrase) ? `${phrase[0]!.toLowerCase()}${phrase.slice(1)}` : phrase;
  return the ? `${subject} is the ${rest}.` : `${subject} is ${/^[aeio]|^u(?!ni|s[eu]|ti)/i.test(rest) ? 'an' : 'a'} ${rest}.`;
}

/** The phrase opens with a capitalised common word ("Blazing", "Browser-friendly"), not a name ("Google", "JavaScript"). */
function startsWithCommonWord(phrase: string): boolean {
  if (!/^\p{Lu}[\p{Ll}-]*(?:\s|$)/u.test(phrase)) return false;
  // Tagged where it stands, first: a capital there is no sign of a name, as it is after "a".
  const line = `${phrase}.`;
  return tagPartsOfSpeech(line, tokenize(line))[0] !== 'PROPN';
}

/**
 * The noun a phrase is about (its last noun before a preposition or "to": adjectives joined by
 * "and" or commas come before it, "fastest and simplest library") is singular.
 */
function singularHead(phrase: string): boolean {
  const sentence = `It is a ${phrase}.`;
  const tokens = tokenize(sentence);
  const tags = tagPartsOfSpeech(sentence, tokens);
  let head = -1;
  for (let i = 3; i < tokens.length && tags[i] !== 'ADP' && tags[i] !== 'PART' && tags[i] !== 'SCONJ'; i++) if (NOUN_TAGS.has(tags[i]!)) head = i;
  if (head === -1) return false;
  const word = tokens[head]!.text.toLowerCase();
  return singularize(word) === word;
}

/**
 * "helper to store credentials on disk", "simple UNIX mbox splitter program" (the purpose with
 * its first letter in lower case, as the caller has it): a purpose that
 * names what the thing is, as "`git-credential-store` is a helper to store credentials on
 * disk." Only a singular noun phrase: its words before the first preposition end in a noun
 * that is not plural, and no verb stands outside an infinitive ("Cleanup unnecessary files and
 * optimize …" is an instruction, "Common … scriptlets" would need "are").
 */
function asNounPhrase(purpose: string, subject: string): string | undefined {
  const sentence = `It is a ${purpose}.`;
  const tokens = tokenize(sentence);
  const tags = tagPartsOfSpeech(sentence, tokens);
  const first = 3;
  if (tokens.length <= first + 1 || !NOMINAL_START.has(tags[first]!)) return undefined;
  for (let i = first; i < tokens.length; i++) if (tags[i] === 'VERB' && tokens[i - 1]!.text.toLowerCase() !== 'to') return undefined;
  let head = first;
  while (head + 1 < tokens.length && tokens[head + 1]!.kind === 'word' && !PHRASE_END.has(tags[head + 1]!)) head++;
  const headWord = tokens[head]!.text.toLowerCase();
  if (!NOUN_TAGS.has(tags[head]!) || singularize(headWord) !== headWord) return undefined;
  return `${subject} is ${/^[aeio]|^u(?!ni|s[eu])/i.test(purpose) ? 'an' : 'a'} ${purpose}.`;
}

const NOMINAL_START = new Set(['NOUN', 'PROPN', 'ADJ']);
const NOUN_TAGS = new Set(['NOUN', 'PROPN']);
// What ends the head of a noun phrase: a preposition, "to", a conjunction.
const PHRASE_END = new Set(['ADP', 'PART', 'CCONJ', 'SCONJ']);

// Phrasal verbs that names lines write as one word, the way their nouns are written.
const PHRASAL_VERBS: Readonly<Record<string, string>> = { cleanup: 'clean up', setup: 'set up', backup: 'back up', lookup: 'look up', shutdown: 'shut down', startup: 'start up', checkout: 'check out', rollback: 'roll back' };

/**
 * "cleanup unnecessary files and optimize …" → "clean up unnecessary files and optimize …": a
 * phrasal verb written as its noun, when what follows is its object (a determiner or an
 * adjective after the particle); "backup utility for …" stays a noun phrase.
 */
function phrasalVerb(purpose: string): string {
  const first = /^\S+/.exec(purpose)?.[0] ?? '';
  const phrasal = PHRASAL_VERBS[first];
  if (phrasal === undefined || first.length === purpose.length) return purpose;
  const rewritten = `${phrasal}${purpose.slice(first.length)}`;
  const infinitive = `to ${rewritten}`;
  const tokens = tokenize(infinitive);
  const tags = tagPartsOfSpeech(infinitive, tokens);
  return tags[1] === 'VERB' && (tags[3] === 'DET' || tags[3] === 'ADJ') ? rewritten : purpose;
}

function isVerb(infinitive: string): boolean {
  const tokens = tokenize(infinitive);
  return tokens.length > 2 && tagPartsOfSpeech(infinitive, tokens)[1] === 'VERB';
}

/** Units a name line or an opening may be among: they come first. */
const OPENING_UNITS = 12;
const LIST_ITEM = /^ {0,3}(?:[-*+•]|\d{1,9}[.)])\s+(.*)$/;
const MAX_ITEMS = 8;

/**
 * The opening sentence ending in a colon, with the list it introduces: "… extend the SQL query
 * language by adding functions, aggregates, data types and operators." Items are joined only
 * when each is a short phrase; else the sentence ends where it names what the list holds.
 */
function introducedList({ markdown, tagged }: CompositionInput): string | undefined {
  const opening = tagged.slice(0, OPENING_UNITS).find((t) => t.unit.kind === 'lead' || t.unit.kind === 'sentence');
  if (!opening || !/:$/.test(opening.unit.text.trim())) return undefined;
  const intro = shownSentence(opening.unit).replace(/\s*:$/, '');
  const items = listAfter(markdown.split('\n'), opening.unit.line).map((item) => cleanInlineMarkdown(item).text.replace(/\s*\([^)]*\)/g, '').replace(/[.;,]+$/, '').trim());
  if (items.length < 2) return undefined;
  const phrases = items.length <= MAX_ITEMS && items.every((i) => /^\p{L}[\p{L}\p{N} '’-]*$/u.test(i) && i.split(' ').length <= 6);
  const lastTag = opening.tags.filter((t) => t !== 'PUNCT').at(-1);
  const text = phrases ? `${intro} ${listed(items, items.length)}.` : lastTag === 'NOUN' || lastTag === 'PROPN' ? `${intro}.` : undefined;
  return text !== undefined && isStandaloneSentence(text) && isProse(text) ? text : undefined;
}

/** The items of the list that starts after the paragraph at line `from`. */
function listAfter(lines: readonly string[], from: number): string[] {
  let i = from;
  while (i < lines.length && lines[i]!.trim() !== '') i++;
  const items: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const item = LIST_ITEM.exec(line);
    if (item) items.push(item[1]!);
    else if (line.trim() !== '' && !/^\s/.test(line)) break;
    else if (line.trim() !== '' && items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items;
}
