import { MATCH_CLOSE, MATCH_OPEN } from '../store/sections-repository.js';
import type { StoreReader } from '../store/store-reader.js';

/*
 * A result's snippet: the whole sentence of the row that holds the most query words (marked by
 * FTS5's highlight(), so stems match as the index does, and shown [like this]), not a window of
 * words cut mid-phrase.
 * List items, table rows and paragraphs are sentences of their own even without a full stop.
 * A short sentence takes the next one with it; a sentence too long to show (a table row, a
 * run-on list) is cut around its first match, with … where it was cut.
 */

/** What a snippet may hold; a sentence below SHORT takes its neighbour. */
const MAX_CHARS = 280;
const SHORT = 90;
/** A sentence ends at . ! ? or … before a capital, a digit, an opening mark or a marked match. */
const SENTENCE_END = new RegExp(`(?<=[.!?…])\\s+(?=[\\p{Lu}\\p{N}[("“\`${MATCH_OPEN}])`, 'u');
/** A match as markedBody marks it. */
const MATCH = new RegExp(`${MATCH_OPEN}[^${MATCH_CLOSE}]+${MATCH_CLOSE}`, 'g');

export function sentenceSnippet(store: StoreReader, match: string, row: { id: number; page: string; section: number | null }): string {
  const marked = store.sections.markedBody(match, row.id);
  if (marked.includes(MATCH_OPEN)) return bestSentences(marked);
  // Only the title or headings matched: the row's first sentences say what the place is.
  return bestSentences(store.sections.passageText(row.page, row.section));
}

/** Where one block of text ends even without a full stop: a blank line, a list item, a table row. */
const BLOCK_END = /\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s|\s*\|)/;
const LIST_MARKER = /^\s*(?:[-*+]|\d+[.)])\s+/;

/**
 * The sentence of `text` with the most distinct matches (marked as markedBody marks them), with
 * the next ones while it is short; the first when none has a match. Matches shown [like this].
 */
export function bestSentences(text: string): string {
  return chooseSentences(text).replaceAll(MATCH_OPEN, '[').replaceAll(MATCH_CLOSE, ']');
}

function chooseSentences(text: string): string {
  const sentences = text
    .split(BLOCK_END)
    .flatMap((block) => block.replace(LIST_MARKER, '').replace(/\s+/g, ' ').trim().split(SENTENCE_END))
    .filter((s) => s !== '');
  if (sentences.length === 0) return '';
  let best = 0;
  let bestCount = -1;
  sentences.forEach((sentence, i) => {
    const count = new Set((sentence.match(MATCH) ?? []).map((m) => m.toLowerCase())).size;
    if (count > bestCount) [best, bestCount] = [i, count];
  });
  let snippet = sentences[best]!;
  if (snippet.length > MAX_CHARS) return around(snippet);
  for (let next = best + 1; snippet.length < SHORT && next < sentences.length && snippet.length + sentences[next]!.length < MAX_CHARS; next++) {
    // A page may say a sentence twice (a concept page's description and its statement).
    if (sentences[next] !== sentences[best]) snippet += ` ${sentences[next]}`;
  }
  return snippet;
}

/** A window of a long sentence, on word boundaries, that starts a little before its first match. */
function around(sentence: string): string {
  const first = Math.max(0, sentence.indexOf(MATCH_OPEN));
  let start = first < MAX_CHARS / 3 ? 0 : sentence.lastIndexOf(' ', first - 40) + 1;
  if (start < 0) start = 0;
  let end = start + MAX_CHARS;
  if (end < sentence.length) end = Math.max(sentence.lastIndexOf(' ', end), first + 1);
  return `${start > 0 ? '…' : ''}${sentence.slice(start, end).trim()}${end < sentence.length ? ' …' : ''}`;
}
