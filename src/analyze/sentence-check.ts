import { inflectionStem } from './inflection-stem.js';
import { isStopword } from './stopwords.js';

/**
 * Can a sentence stand alone on a page, as a document's description, a key point or a concept
 * page's statement? The reader sees it out of its context, so it must read as a whole
 * sentence by itself (issue 17): a sentence start and a final stop, 30–300 characters, no
 * residue of a table of contents, markup or code, no cross-reference ("See Chapter 12 for …"),
 * no opening word that points back at a sentence the reader does not see ("This", "It",
 * "However, …"), and no "this option" naming a thing the reader is not shown.
 */
export const MIN_STANDALONE_CHARS = 30;
export const MAX_STANDALONE_CHARS = 300;

/**
 * `titleWords`: the inflection stems (inflection-stem.ts) of the title the sentence is shown
 * under, when it is shown under one: a summary's "A row appears in this view for each …" is
 * about the view its title names.
 */
export function isStandaloneSentence(text: string, opensDocument = false, titleWords?: ReadonlySet<string>): boolean {
  return standaloneFault(text, opensDocument, titleWords) === undefined;
}

/**
 * Why the sentence cannot stand alone, or undefined when it can: tests and benches name the
 * reason. The first sentence of a document has none before it, so its "This is …" points at
 * the document or the thing it is titled after ("This is the x86_64 build of lightningcss.").
 */
export function standaloneFault(text: string, opensDocument = false, titleWords?: ReadonlySet<string>): string | undefined {
  if (text.length < MIN_STANDALONE_CHARS) return 'short';
  if (text.length > MAX_STANDALONE_CHARS) return 'long';
  if (!SENTENCE_START.test(text)) return 'start';
  if (!/[.!?]["'”’)]?$/u.test(text)) return 'end';
  if (DOT_LEADER.test(text)) return 'toc';
  if (CROSS_REFERENCE.test(text)) return 'reference';
  if (MARKUP.test(text)) return 'markup';
  if (startsWithAnaphora(text) && !(opensDocument && /^(?:This|These)\b/u.test(text))) return 'anaphora';
  if (!opensDocument && pointsBackInside(text, titleWords)) return 'pointer';
  return undefined;
}

// A capital or a digit, after an opening quote or bracket; or a code name shown as code and then
// a lower-case word, perhaps after a bracket: "`pg_dump` is a utility for …", "`dict_xsyn`
// (Extended …) is …". Reference manuals start their sentences with the lower-case name they
// describe, and a reader sees it as the subject. A parameter list's entry ("`code` (string) -
// The …", "`section` A string …", "`parse` an option …") is no sentence.
const SENTENCE_START = /^(?:["'“‘(]?[\p{Lu}\p{N}]|`[\p{L}_@.][\p{L}\p{N}_@.:\/$()-]*(?: [\p{L}\p{N}_@.:\/$()-]+){0,2}` (?!(?:a|an|the) )(?:\p{Ll}|\([^()]{1,80}\) \p{Ll}))/u;

/** True when the first words refer back to what came before: the sentence needs its predecessor. */
export function startsWithAnaphora(text: string): boolean {
  return (ANAPHORA.test(text) && !SELF_REFERENCE.test(text)) || POINTING_SUBJECT.test(text);
}

// "By default, this will return …", "When the server starts, these are read …": the subject,
// after an opening phrase, points at what came before. Not "it", as often the empty subject of
// "it is enough to …", nor "they", as often a noun of the opening ("If the query returns
// rows, they are returned …"), nor "that", as often a conjunction.
const POINTING_SUBJECT = /^[^,"“'‘]{1,40}, (?:this|these|those) (?!(?:document|chapter|section|page|package|module|command|manual|guide)s?\b)\S/u;

// "See Chapter 12 for …", "For more information, see …": the reader is sent elsewhere, told nothing here.
const CROSS_REFERENCE = /^(?:(?:Please )?(?:see|refer to|consult)\b|For (?:more|further|additional|full|complete)? ?(?:information|details)\b)/iu;

// "Getting help . . . . 12", "Introduction ..... 3", "Hooks … 12": table-of-contents lines.
const DOT_LEADER = /(?:\. ?){4,}|\. \.|\s[.!?]$|…\s*\d+\s*[.!?]?$|\s\d+(?:\.\d+)+\s+\p{Lu}.*\s\d+\s*$/u;

// reST roles and directives, AsciiDoc macros and definition lists, TeX macros, HTML tags and
// entities, wikilinks, Markdown links, emphasis, headings and table pipes, template braces.
const MARKUP = /:[a-z][\w-]*:`|^\.\. |\blinkgit:|\w::(?:\s|$)|;;|\\[a-zA-Z]{2,}|<\/?[a-zA-Z][^>]*>|&[a-z]+;|\[\[|\]\]|\]\(|\*\*|__\w|^#{1,6} |\s\|\s|\{\{|\}\}/u;

// Openers that lean on the previous sentence: pronouns and demonstratives, and connectives.
// "He", "She", "His", "Her": a person the sentence before named ("His press combined …").
const ANAPHORA =
  /^(?:This|These|That|Those|It|Its|They|Their|Them|He|She|His|Her|Such|Both|Here|Then|Also|Otherwise|Instead|Alternatively|However|Thus|Hence|Therefore|Moreover|Furthermore|Additionally|Consequently|Similarly|Likewise|Nevertheless|Nonetheless|Still|Yet|So|But|And|Or|Again|Finally|In addition|In this case|In that case|In such cases|As a result|For this reason|For example|For instance|On the other hand|Based on this|Because of this|To do this|To do so|After that|Before that)\b/u;

// "This document describes …", "This package provides …": the text speaks of itself, which a
// reader of its summary can follow.
const SELF_NOUNS =
  'document|chapter|section|page|package|module|library|tool|command|manual|guide|tutorial|paper|article|report|file|program|utility|extension|plugin|project|repository|book|note|specification|README|appendix|part|crate|class|API|CLI|implementation|bundle|macro package|style|document class|release|version|brief|proposal|memo|study|thesis|dissertation|essay|handbook|white paper|whitepaper|post|newsletter|presentation|talk|lecture';
const SELF_REFERENCE = new RegExp(`^(?:This|These) (?:${SELF_NOUNS})s?\\b`, 'u');
// Inside a sentence the document may be named in lower case, and also as "this work" or "this reference".
const SELF_NOUN_INSIDE = new RegExp(`^(?:${SELF_NOUNS}|work|reference|text|site|website|wiki)s?\\b`, 'iu');

/**
 * "Without this option old data … will be overwritten", "one or both of these fields contain …":
 * a demonstrative inside the sentence before a thing the sentence has not named points at a
 * sentence the reader does not see. Not the document itself ("described in this paper"), not a
 * thing named before it ("the files that … uses; … where these files are"), and not "this" as a
 * pronoun ("this is the process", "combinations of these as …"), nor a word of the title the
 * sentence is shown under ("this view" on a view's page). The opening word is startsWithAnaphora's.
 */
function pointsBackInside(text: string, titleWords: ReadonlySet<string> | undefined): boolean {
  for (const match of text.matchAll(INSIDE_DEMONSTRATIVE)) {
    const next = match[1]!;
    if (isStopword(next.toLowerCase()) || SELF_NOUN_INSIDE.test(text.slice(match.index + match[0].length - next.length))) continue;
    const word = inflectionStem(next.toLowerCase());
    if (titleWords?.has(word)) continue;
    const named = new Set((text.slice(0, match.index).toLowerCase().match(/\p{L}+/gu) ?? []).map(inflectionStem));
    if (!named.has(word)) return true;
  }
  return false;
}

/** The inflection stems of a title's words, for isStandaloneSentence. */
export function titleWordStems(title: string): Set<string> {
  return new Set((title.toLowerCase().match(/\p{L}+/gu) ?? []).map(inflectionStem));
}

const INSIDE_DEMONSTRATIVE = /(?<=\S\s+)\b(?:this|these) (\p{L}[\p{L}-]*)/gu;

/**
 * A list item is often a whole sentence written without its full stop ("The length of each
 * lexeme must be less than 2 kilobytes"): it gets one, so it can be shown on its own. Text that
 * stops on a function word ("… the length of") is cut short, not finished, and stays as it is.
 */
export function withFinalStop(text: string): string {
  // "ALTER VIEW — change the definition of a view": a name and its purpose, a heading line, not a sentence.
  if (/[.!?:;,…\-–—]["'”’)]?$/u.test(text) || /\s[—–-]\s|:\s/u.test(text)) return text;
  // A call ends a sentence as its name does: "… the same arguments as fs.chown()". The last
  // word holds no space, so it is looked for after the last one: the pattern, anchored at the
  // end only, would try it from every character of the sentence.
  const stripped = text.replace(/\(\)$/, '');
  const last = /([\p{L}\p{N}_`)]+)$/u.exec(stripped.slice(stripped.lastIndexOf(' ') + 1))?.[1];
  // A number last is a table of contents' page number ("Providing xparse in the format 1"), not the end of a sentence.
  return last !== undefined && /\p{L}/u.test(last) && !isStopword(last.toLowerCase().replace(/[`)]/g, '')) ? `${text}.` : text;
}

/**
 * Running prose, not a reference, a table row, code or a licence notice that a PDF's text layer
 * or a README strings together like a sentence: mostly letters, few digits and symbols.
 */
export function isProse(text: string): boolean {
  let { letters, digits, symbols } = countCharacters(text);
  // The digits of a name that opens with letters (x86_64, utf8, sha256) are part of a word, not numbers.
  if (digits > 0) ({ letters, digits } = countCharacters(text.replace(/\p{L}[\p{L}_]*\p{N}[\p{L}\p{N}_]*/gu, (name) => name.replace(/[\p{N}_]/gu, 'x'))));
  if (letters < text.length * 0.7 || digits > text.length * 0.05 || symbols > Math.max(2, text.length * 0.02)) return false;
  return !/\bet al\b|\barXiv\b|\bdoi\b|https?:|\bpreprint\b|\bIn Proceedings\b|^(?:Table|Figure|Fig\.) \d/u.test(text);
}

const SYMBOLS = new Set('\\{}<>=|_#$%^~@[]');

/**
 * Letters (\p{L}), digits (\p{N}) and ASCII symbols of `text`, counted by code point as
 * /\p{L}/gu matches would be, in one pass: isProse runs on every candidate sentence of a
 * document, and three match arrays a sentence were a third of the summary's time (profiled).
 */
function countCharacters(text: string): { letters: number; digits: number; symbols: number } {
  let letters = 0;
  let digits = 0;
  let symbols = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 128) {
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) letters++;
      else if (code >= 48 && code <= 57) digits++;
      else if (SYMBOLS.has(ch)) symbols++;
    } else if (/\p{L}/u.test(ch)) letters++;
    else if (/\p{N}/u.test(ch)) digits++;
  }
  return { letters, digits, symbols };
}

/**
 * "… type definitions for chai (http://chaijs.com/)." reads as a sentence once the address in
 * brackets is left out, and so does one ending on an address after a colon.
 */
export function withoutBareUrls(text: string): string {
  // "… from the download section of our website: https://…/." ends where the address begins.
  return text.replace(/\s*\((?:see\s+)?https?:\/\/[^\s)]+\)/g, '').replace(/:\s*<?https?:\/\/\S+?>?([.!?]?)$/, '$1');
}

/**
 * "Help me to become a full-time open-source developer by sponsoring me on GitHub.", and the
 * commercial-support notice many npm READMEs carry ("The maintainers of pump and thousands of
 * other packages are working with Tidelift …"): true of the project's funding, not of what the
 * document is about, so no description, key point or concept comes from one.
 */
export const APPEAL = /\bsponsor(?:ing|ship)? (?:me|us|this|my|our)\b|\bbuy me a coffee\b|\b(?:support|fund) (?:me|us|my work|our work)\b|\bTidelift\b/i;

export function isAppeal(text: string): boolean {
  // Every sentence of a document is asked (collect-candidates.ts): plain substring tests spare
  // most of them the case-blind pattern (a third of its time on ordinary text, measured).
  return (text.includes('ponsor') || text.includes('offee') || text.includes('upport') || text.includes('und ') || text.includes('idelift')) && APPEAL.test(text);
}
