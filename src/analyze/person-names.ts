import { FIRST_NAMES, LANGUAGE_WORDS, PERSON_VERBS } from './entity-cue-words.js';
import { isGeneralEnglish } from './general-english.js';
import { singularize } from './singularize.js';
import { isGenericWord, isStopword } from './stopwords.js';
import type { Token } from './tokenize.js';

/*
 * Is a run of capitalised words a person's name? Precision over recall: a name needs evidence
 * beyond its shape, because Title Case makes topics ("Voronoi Diagrams"), languages ("Crimean
 * Tatar") and foreign-language titles ("Automatische Neuvernetzung") look like names too.
 */

// A name word: "Shazeer", "O'Neil", "Fennema-Nio", "Östhols"; or an initial ("E", "V.").
const NAME_WORD = /^\p{Lu}[\p{Ll}'’]*(?:-\p{Lu}?[\p{Ll}'’]+)*$/u;
const INITIAL = /^\p{Lu}$/u;
// Title-Cased topics ("Evolutionary Computation", "Grooved Ware") end like common nouns; surnames rarely do.
const COMMON_NOUN_SHAPE = /(?:tion|sion|ment|ness|ity|ance|ence|ogy|ics|ism|ware|ing|ble|ive|ische|isch|ung|keit|heit)$/;
// Around a name in an author list, a byline or a release note's credit: "(Tom Lane)", "by X",
// "X, Y and Z", "[5] X, Y", and a paper's byline: "Noam Shazeer∗ Google Brain", "X x@example.org".
const LIST_BEFORE = new Set(['(', ',', 'by', 'and', '&', 'with', 'thanks', 'to', ']']);
const LIST_AFTER = new Set([')', ',', 'and', '&', 'et', 'who']);
const BYLINE_AFTER = /^(?:[∗*†‡]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$/u;

// The verbs of a credit: "written by", "created by", "maintained by" the name that follows.
const CREDIT_VERBS = new Set(['written', 'created', 'developed', 'designed', 'maintained', 'authored', 'invented', 'founded', 'implemented', 'programmed', 'edited', 'compiled', 'translated', 'illustrated', 'composed']);

/**
 * The name starting at token `start` follows a credit: "written by", "created by". Alone, as
 * evidence of a person, only with a surname that is no English word: "designed by Cosmic Fox
 * Design" credits a studio.
 */
export function creditedAt(tokens: readonly Token[], start: number): boolean {
  return start >= 2 && tokens[start - 1]!.text.toLowerCase() === 'by' && CREDIT_VERBS.has(tokens[start - 2]!.text.toLowerCase());
}

export interface NameContext {
  tokens: readonly Token[];
  tags: readonly string[];
  start: number;
  end: number;
  /** Words the document also writes in lower case (so they are common words). */
  lowerWords: ReadonlySet<string>;
}

/**
 * Two to four name words with evidence of a person: a known first name followed by a surname
 * ("Noam Shazeer"), an opening initial ("E. F. Codd"), a verb of people after it ("Codd
 * wrote"), or, for proper nouns the document never writes in lower case, the place of a name in
 * an author list or credit ("Kyunghyun Cho," "(Heikki Linnakangas)").
 */
export function isPersonName(parts: readonly string[], context: NameContext): boolean {
  const { tokens, tags, start, end, lowerWords } = context;
  const at = tokens.map((t, i) => ({ t, tag: tags[i] })).slice(start, end).filter(({ t }) => t.text !== '.');
  if (at.length < 2 || at.length > 4 || !at.every(({ t }) => t.kind === 'word' && NAME_WORD.test(t.text))) return false;
  if (at.some(({ tag }) => tag === 'VERB')) return false;
  const last = at[at.length - 1]!.t.text;
  if (INITIAL.test(last) || isLanguage(parts, tokens, end)) return false;
  const surnames = at.slice(1).map(({ t }) => t.text);
  const plainSurname = surnames.every((w) => INITIAL.test(w) || (!lowerWords.has(w.toLowerCase()) && !isCommonWord(w, lowerWords)));
  if (!plainSurname) return false;
  // An opening initial has its period ("E. F. Codd"); a bare one is what is left of a name whose
  // given name the run lost ("[Junio C Hamano" in a link) or a letter of code.
  if (INITIAL.test(at[0]!.t.text) && tokens[start + 1]?.text !== '.') return false;
  if (FIRST_NAMES.has(parts[0]!) || INITIAL.test(at[0]!.t.text)) return true;
  const allNames = at.every(({ t, tag }, i) => (tag === 'PROPN' || isForeignName(t.text) || (i > 0 && INITIAL.test(t.text))) && !lowerWords.has(t.text.toLowerCase()) && !isCommonWord(t.text, lowerWords));
  if (!allNames) return false;
  const before = start > 0 ? tokens[start - 1]!.text.toLowerCase() : '';
  const after = end < tokens.length ? tokens[end]!.text.toLowerCase() : '';
  const endOfList = (before === ',' || before === 'and' || before === '&') && (after === '.' || after === ';');
  return PERSON_VERBS.has(after) || (LIST_BEFORE.has(before) && LIST_AFTER.has(after)) || endOfList || BYLINE_AFTER.test(after) || (creditedAt(tokens, start) && !isGeneralEnglish(last.toLowerCase()));
}

/**
 * A capitalised word with a letter English has no use for ("Łukasz", "Zoë"): a name, whatever the
 * tagger, which knows English words only, made of it ("Łukasz" was tagged a noun).
 */
export function isForeignName(word: string): boolean {
  return /^\p{Lu}/u.test(word) && /[^\x00-\x7F]/.test(word);
}

/** "Crimean Tatar", "Old English", "Tatar language": a language or a people, not a person. */
export function isLanguage(parts: readonly string[], tokens: readonly Token[], end: number): boolean {
  const after = end < tokens.length ? tokens[end]!.text.toLowerCase() : '';
  return LANGUAGE_WORDS.has(parts[parts.length - 1]!) || after === 'language' || after === 'languages' || after === 'dialect';
}

/** A word of ordinary English or of this document's own lower-case prose, whatever its case here. */
function isCommonWord(word: string, lowerWords: ReadonlySet<string>): boolean {
  const lower = word.toLowerCase();
  const single = singularize(lower);
  return isStopword(lower) || isGenericWord(lower) || isGenericWord(single) || COMMON_NOUN_SHAPE.test(lower) || (single !== lower && lowerWords.has(single));
}
