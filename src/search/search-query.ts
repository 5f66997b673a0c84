import { isStopword } from '../analyze/stopwords.js';

/** Words of a query past this many are ignored: a pasted paragraph is not a query. */
const MAX_QUERY_WORDS = 24;

/** Words of a multi-word query this close together count as used together (a proximity boost). */
const NEAR_TOKENS = 8;

export interface MatchExpressions {
  /** Every word, anywhere in the row. */
  all: string;
  /** Any of the words. */
  any: string;
  /** How many words the query kept. */
  words: number;
  /** The words kept, lower case. */
  terms: string[];
  /** Two or more words only: the words as a phrase, and the words within NEAR_TOKENS of each other. */
  phrase?: string;
  near?: string;
  /** Every word in the title or headings (a section named by the query), and the same as a phrase. */
  named: string;
  namedPhrase: string;
}

/**
 * FTS5 match expressions for any user text. FTS5 has its own syntax (quotes, AND/OR/NOT,
 * NEAR, `*`, `^`, `column:`, parentheses) and raises an error on what it cannot parse; so
 * the text is cut into words (letters, digits, underscore — what the unicode61 tokenizer
 * keeps) and each word is quoted: no operator or punctuation ever reaches the parser.
 * Function words are dropped unless the query has nothing else. `all` needs every word,
 * `any` one of them; the others are what ranking boosts (rank-passages.ts). Undefined when
 * the text has no word at all.
 */
export function matchExpressions(text: string): MatchExpressions | undefined {
  const words = [...new Set((text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []))];
  const content = words.filter((w) => !isStopword(w));
  const chosen = (content.length > 0 ? content : words).slice(0, MAX_QUERY_WORDS);
  if (chosen.length === 0) return undefined;
  const quoted = chosen.map((w) => `"${w}"`);
  const all = quoted.join(' ');
  const phrase = `"${chosen.join(' ')}"`;
  return {
    all,
    any: quoted.join(' OR '),
    words: chosen.length,
    terms: chosen,
    ...(chosen.length > 1 ? { phrase, near: `NEAR(${all}, ${NEAR_TOKENS})` } : {}),
    named: `{title headings} : (${all})`,
    namedPhrase: `{title headings} : ${phrase}`,
  };
}
