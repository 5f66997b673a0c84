import { singularize } from './singularize.js';

const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;
// Hyphens and dashes of any kind between two letters or digits: write-ahead = write ahead.
const INNER_HYPHEN = /(?<=[\p{L}\p{N}])[-\u2010\u2011\u2012\u2013](?=[\p{L}\p{N}])/gu;
// A plain English word (lower case or capitalised) may be a plural noun; a code name may not.
const PLAIN_WORD = /^\p{Lu}?\p{Ll}+$/u;
// An acronym with a plural s: APIs, GUCs, CPUs.
const ACRONYM_PLURAL = /^\p{Lu}{2,}s$/u;

/**
 * The canonical key of a concept name: what two mentions must share to be one concept.
 * Case, Unicode compatibility forms, invisible characters, hyphen or space between words and
 * a plural last word are ignored ("Write-Ahead Logs" → "write ahead log"); code names keep
 * their spelling apart from case (pg_stats stays pg_stats). Returns "" for a name with no
 * letter or digit.
 */
export function conceptKey(name: string): string {
  const words = name
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(INNER_HYPHEN, ' ')
    .replace(/^[^\p{L}\p{N}$._-]+|[^\p{L}\p{N}+#_]+$/gu, '')
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0 || !/[\p{L}\p{N}]/u.test(words.join(''))) return '';
  const last = words[words.length - 1]!;
  if (PLAIN_WORD.test(last)) words[words.length - 1] = singularize(last.toLowerCase());
  else if (ACRONYM_PLURAL.test(last)) words[words.length - 1] = last.slice(0, -1);
  return words.join(' ').toLowerCase();
}
