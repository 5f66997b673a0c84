import { isGenericWord, isStopword, isWeakHead } from './stopwords.js';
import type { PartOfSpeech } from './tag-parts-of-speech.js';
import type { Token } from './tokenize.js';

/** Longest concept name, in tokens: longer runs are mostly descriptions, not names. */
export const MAX_PHRASE_TOKENS = 4;

const ALL_CAPS = /^\p{Lu}[\p{Lu}\p{N}_]+$/u;

/**
 * Noun-phrase candidates of one text unit as [start, end) token ranges: every stretch of at
 * most MAX_PHRASE_TOKENS inside a run of adjectives, nouns and names that ends on a noun or a
 * name and does not open with a vague word. All stretches, not only the longest, because
 * "password authentication method" also names "password authentication" and "method";
 * scoring decides which of them the document is about.
 */
export function nounPhrases(tokens: readonly Token[], tags: readonly PartOfSpeech[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let runStart = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && inPhrase(tokens[i]!, tags[i] ?? 'X') && !isPredicate(tokens, tags, i, runStart)) continue;
    for (let start = runStart; start < i; start++) {
      if (!opensPhrase(tokens[start]!)) continue;
      for (let end = start + 1; end <= Math.min(i, start + MAX_PHRASE_TOKENS); end++) {
        if (endsPhrase(tokens[end - 1]!, tags[end - 1] ?? 'X', end - 1 > start ? tags[end - 2] : undefined)) out.push([start, end]);
      }
    }
    runStart = i + 1;
  }
  return out;
}

function inPhrase(token: Token, tag: PartOfSpeech): boolean {
  if (token.kind === 'code') return true;
  if (token.kind !== 'word' || token.text.length < 2 || isStopword(token.text.toLowerCase())) return false;
  if (tag === 'NOUN' || tag === 'PROPN' || tag === 'ADJ' || ALL_CAPS.test(token.text)) return true;
  // Participles modify nouns: partitioned table, streaming replication, prepared statement.
  return tag === 'VERB' && /(?:ed|ing)$/.test(token.text);
}

/**
 * A past participle right after a noun or name is the verb of a clause ("Gutenberg introduced
 * movable type"), not a modifier: modifiers come before their noun (partitioned table).
 */
function isPredicate(tokens: readonly Token[], tags: readonly PartOfSpeech[], i: number, runStart: number): boolean {
  if (i === runStart || tags[i] !== 'VERB' || !/ed$/.test(tokens[i]!.text)) return false;
  const before = tags[i - 1];
  return before === 'NOUN' || before === 'PROPN';
}

function opensPhrase(token: Token): boolean {
  return token.kind === 'code' || !isGenericWord(token.text.toLowerCase());
}

function endsPhrase(token: Token, tag: PartOfSpeech, before: PartOfSpeech | undefined): boolean {
  if (token.kind === 'word' && isWeakHead(token.text.toLowerCase())) return false;
  if (token.kind === 'code' || tag === 'NOUN' || tag === 'PROPN' || ALL_CAPS.test(token.text)) return true;
  // A gerund after a modifier names an activity: dynamic loading, bulk loading, query planning.
  return tag === 'VERB' && /ing$/.test(token.text) && (before === 'ADJ' || before === 'NOUN') && !isGenericWord(token.text.toLowerCase());
}
