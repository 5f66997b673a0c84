import { isStopword } from '../analyze/stopwords.js';

/** Words of a query past this many are ignored: a pasted paragraph is not a query. */
const MAX_QUERY_WORDS = 24;

/**
 * FTS5 match expressions for any user text. FTS5 has its own syntax (quotes, AND/OR/NOT,
 * NEAR, `*`, `^`, `column:`, parentheses) and raises an error on what it cannot parse; so
 * the text is cut into words (letters, digits, underscore — what the unicode61 tokenizer
 * keeps) and each word is quoted: no operator or punctuation ever reaches the parser.
 * Function words are dropped unless the query has nothing else. `all` needs every word,
 * `any` one of them; both are undefined when the text has no word at all.
 */
export function matchExpressions(text: string): { all: string; any: string } | undefined {
  const words = [...new Set((text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []))];
  const content = words.filter((w) => !isStopword(w));
  const chosen = (content.length > 0 ? content : words).slice(0, MAX_QUERY_WORDS);
  if (chosen.length === 0) return undefined;
  const quoted = chosen.map((w) => `"${w}"`);
  return { all: quoted.join(' '), any: quoted.join(' OR ') };
}
