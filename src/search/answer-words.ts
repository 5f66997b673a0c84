import { inflectionStem } from '../analyze/inflection-stem.js';
import type { PassageSentence } from './passage-sentences.js';
import { WORD } from './question-terms.js';

/*
 * What the offline answer (offline-answer.ts) and its leads (answer-leads.ts) share: the
 * passages they read, a sentence as a candidate, and how words are compared.
 */

/** A passage found for a question: where it is and its indexed text. */
export interface Passage {
  /** KB-relative page path. */
  page: string;
  title: string;
  section: number | null;
  /** The section's heading as the source page shows it (the link's #anchor). */
  heading?: string;
  pages?: [number, number];
  text: string;
  /** A summary page's description as kb wrote it (the indexed text drops its code marks: `pg_waldump`). */
  description?: string;
  /** Who wrote the document, as its file says (a PDF's Info Author: the source page's `author:`). */
  author?: string;
}

/** A sentence of a passage an answer may quote, with its score and the words it is compared by. */
export type Candidate = PassageSentence & { passage: number; score: number; key: string; words: Set<string> };

/** Two sentences with the same words, case, emphasis and punctuation aside, are one. */
export function repeatKey(sentence: string): string {
  return sentence.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A sentence's words, lower-case, each without its inflection (stem). */
export function wordsOf(sentence: string): Set<string> {
  return new Set((sentence.normalize('NFKC').toLowerCase().match(WORD) ?? []).map(stem));
}

/**
 * A word without its inflection, as the search index's Porter stemming cuts it: "closes" is "close", so a
 * page the search found by a question's word is seen to hold it. Memoised: an answer stems the
 * words of every candidate sentence.
 */
export function stem(word: string): string {
  let stemmed = STEMS.get(word);
  if (stemmed === undefined) {
    stemmed = IRREGULAR_FORMS.get(word) ?? inflectionStem(word);
    if (STEMS.size < MAX_STEMS) STEMS.set(word, stemmed);
  }
  return stemmed;
}

const STEMS = new Map<string, string>();

// The irregular past forms of the verbs of making a thing, which "Who …?" asks by and a text
// credits with another form: "Who wrote MakeIndex?" of "MakeIndex is a C program written by
// Pehong Chen". Without them the question's "wrote", held by no page, outweighed its subject
// and nothing was found on topic. Not light verbs ("take", "give"): "How long did it take to
// train …?" then found "each training step took 0.4 seconds" first, of the wrong models.
const IRREGULAR_FORMS = new Map(
  Object.entries({ write: ['wrote', 'written'], make: ['made'], build: ['built'], begin: ['began', 'begun'], lead: ['led'], draw: ['drew', 'drawn'], teach: ['taught'] }).flatMap(([base, forms]) => forms.map((form) => [form, base] as const)),
);
const MAX_STEMS = 100_000;
