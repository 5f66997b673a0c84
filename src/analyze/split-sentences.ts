import type { CodeRange } from './clean-inline-markdown.js';

// Why not wink-nlp's sentence splitter (measured against this one, issue 16): on the 369
// documents of ../shared/corpus it ends 766 of the 16,768 sentences differently, and mostly
// worse for technical text: it ends a sentence inside "config.yaml" (unless the name is
// masked), "option...", "master~10..master" and "![badge](…)", and does not end one at
// "like = and >. Two LSNs" or before "(The third case …)". Concept quality and search
// quality came out the same (F1@10 0.199, MRR@10 0.872 vs 0.873), and it is about 77 times
// slower (1,007 ms vs 13 ms for 6,696 paragraphs; text units of the corpus 574 → 1,542 ms).
// It did get one thing right that this misses: a sentence starting with a lower-case code
// name ("… the output to. pg_basebackup will …").

// Abbreviations whose final period does not end a sentence (compared in lower case).
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'cf', 'vs', 'viz', 'approx', 'incl', 'resp', 'al', 'fig', 'figs', 'eq', 'no', 'nos', 'vol',
  'pp', 'p', 'ch', 'sec', 'dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'jr', 'sr', 'inc', 'ltd', 'co', 'corp', 'dept', 'est',
]);

// Sentence-final punctuation, then closing quotes or brackets, then a space.
const BOUNDARY = /[.!?…]+["'”’)\]]*(?= )/g;

/**
 * [start, end) ranges of the sentences of one paragraph of plain text. Technical text puts
 * periods inside names (`pg_stat_activity.query_id`, `postgresql.conf`, version 15.2) and
 * after abbreviations, so a period ends a sentence only when a space follows, it is not inside
 * a code span, the word before is no abbreviation or initial, and the next word starts like
 * a sentence (capital, digit, quote, bracket or code).
 */
export function splitSentences(text: string, code: readonly CodeRange[] = []): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    const end = match.index + match[0].length;
    if (insideCode(match.index, code) || !endsSentence(text, match.index, end, code)) continue;
    pushTrimmed(out, text, start, end);
    start = end + 1;
  }
  pushTrimmed(out, text, start, text.length);
  return out;
}

function endsSentence(text: string, dot: number, end: number, code: readonly CodeRange[]): boolean {
  const next = text.slice(end + 1, end + 2);
  const nextIsCode = code.some((c) => c.start === end + 1);
  if (!nextIsCode && !/[\p{Lu}\p{N}"'“‘(\[¿¡]/u.test(next)) return false;
  if (text[dot] !== '.') return true;
  const word = /[\p{L}.]+$/u.exec(text.slice(Math.max(0, dot - 12), dot))?.[0] ?? '';
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // A lone capital is an initial ("E. F. Codd"), not a sentence.
  return !/^\p{Lu}$/u.test(word);
}

function insideCode(at: number, code: readonly CodeRange[]): boolean {
  return code.some((c) => c.start <= at && at < c.end);
}

function pushTrimmed(out: Array<[number, number]>, text: string, start: number, end: number): void {
  while (start < end && text[start] === ' ') start++;
  while (end > start && text[end - 1] === ' ') end--;
  if (end > start) out.push([start, end]);
}
