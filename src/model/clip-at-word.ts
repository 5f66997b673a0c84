import { inlineText } from './render-page.js';

/** Longest description a listing line (index.md, catalogue pages) shows after its title. */
export const LISTED_DESCRIPTION_CHARS = 140;

/**
 * Text for one listing line, at most `max` characters, cut the way a reader finds clean: whole
 * when it fits; else its first sentence when that fits; else at the end of a late clause or at a
 * word, before any bracket or code span the cut would leave open and after no dangling "and",
 * "of" or comma, with an ellipsis. Never mid-word: "… (visible usin…" tells the reader nothing but that
 * something was lost.
 */
export function clipAtWord(text: string, max: number = LISTED_DESCRIPTION_CHARS): string {
  if (max !== LISTED_DESCRIPTION_CHARS) return clip(text, max);
  let clipped = clippedListings.get(text);
  if (clipped === undefined) {
    if (clippedListings.size >= MAX_REMEMBERED) clippedListings.clear();
    clippedListings.set(text, (clipped = clip(text, max)));
  }
  return clipped;
}

// Every commit renders its catalogue page, the index and the concept catalogues whole, each
// line's description clipped again: the same few thousand descriptions, commit after commit
// (0.37 s of the main thread in an add of the 411-file corpus, profiled). Clipped once a process.
const clippedListings = new Map<string, string>();
const MAX_REMEMBERED = 20_000;

function clip(text: string, max: number): string {
  const flat = inlineText(text, Number.POSITIVE_INFINITY);
  if (flat.length <= max) return flat;
  const sentence = /^.*?[.!?](?= \p{Lu})/u.exec(flat)?.[0];
  if (sentence !== undefined && sentence.length >= MIN_SENTENCE && sentence.length <= max) return sentence;
  let cut = flat.slice(0, max);
  cut = cut.slice(0, /\s/.test(flat[max] ?? ' ') ? cut.length : Math.max(0, cut.lastIndexOf(' ')));
  // A clause ending late in the cut is a cleaner place to stop than the last word.
  const clause = Math.max(cut.lastIndexOf(', '), cut.lastIndexOf('; '), cut.lastIndexOf(' – '), cut.lastIndexOf(' — '));
  if (clause >= max * CLAUSE_SHARE) cut = cut.slice(0, clause);
  const kept = withoutDanglingEnd(withoutOpenBrackets(withoutDanglingEnd(cut)));
  return `${kept.length > 0 ? kept : flat.slice(0, max - 1)}…`;
}

/** A bracket, code span or quotation opened and not closed before the cut is left out whole. */
function withoutOpenBrackets(cut: string): string {
  for (const [open, close] of [['(', ')'], ['`', '`'], ['“', '”'], ['"', '"']] as const) {
    const at = cut.lastIndexOf(open);
    if (at >= 0 && (open === close ? count(cut, open) % 2 === 1 : cut.indexOf(close, at) < 0)) cut = cut.slice(0, at);
  }
  return cut;
}

/** The cut without the punctuation and function words it would otherwise end on. */
function withoutDanglingEnd(cut: string): string {
  let words = cut.replace(TRAILING_PUNCTUATION, '').split(' ');
  while (words.length > 1 && DANGLING.test(words[words.length - 1]!)) words = words.slice(0, -1).join(' ').replace(TRAILING_PUNCTUATION, '').split(' ');
  return words.join(' ');
}

const TRAILING_PUNCTUATION = /[\s,;:=+–—-]+$/u;

/** Share of the room a clause must fill to be where the cut stops. */
const CLAUSE_SHARE = 0.5;

/** A first sentence shorter than this says too little to stand for the whole. */
const MIN_SENTENCE = 40;

// Words a clipped phrase must not end on: it would read as cut off mid-thought.
const DANGLING = /^(?:a|an|the|and|or|nor|but|of|to|in|on|at|by|for|with|from|into|onto|as|than|that|which|who|whose|is|are|was|were|be|its|their|this|these|if|when|while|so|not|no|via|per|like|e\.g\.|i\.e\.)$/iu;

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
