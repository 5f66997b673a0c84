import type { TaggedUnit } from './collect-candidates.js';
import { isProse, isStandaloneSentence, startsWithAnaphora, withFinalStop, withoutBareUrls } from './sentence-check.js';
import { singularize } from './singularize.js';
import { describeTable } from './describe-table.js';
import { lineIndex } from './line-index.js';
import { isStopword } from './stopwords.js';
import type { Token } from './tokenize.js';

/** Most sentences one ranking sees: the similarity graph is quadratic in them, so it is bounded. */
export const RANK_WINDOW = 200;
/** Key points of a document read as one piece. */
export const SHORT_KEY_POINTS = 5;
/** Top-level sections of a long document that get a key point (the longest, kept in order). */
export const MAX_SECTION_POINTS = 12;
const MAX_SENTENCE_CHARS = 300;
const PAGERANK_ITERATIONS = 30;
const DAMPING = 0.85;

export interface SummarySection {
  title: string;
  level: number;
  /** [start, end) offsets into the Markdown. */
  start: number;
  end: number;
}

export interface SummaryInput {
  title: string;
  markdown: string;
  sections: readonly SummarySection[];
  long: boolean;
  /** The document's tagged units (collect-candidates.ts tagUnits): the summary reuses their tags. */
  tagged: readonly TaggedUnit[];
  /** Called with the size of each sentence graph ranked: how tests see that the work stays bounded. */
  onRank?: (sentences: number) => void;
}

export interface Summary {
  /** One sentence saying what the document is; the title when the text has no sentence. */
  description: string;
  keyPoints: string[];
}

interface Sentence {
  /** Position among the document's sentences: ties go to the earlier one. */
  position: number;
  line: number;
  text: string;
  lead: boolean;
  /** A subject and a verb, capital start and final stop: fit to stand alone as a description. */
  complete: boolean;
  /** Shown with the sentence before it (it opens with "This", "However, …"): the description only when nothing else can be. */
  paired?: boolean;
  words: string[];
}

/**
 * Extractive summary, TextRank-style: sentences are nodes, shared content words are edges, and
 * the most central sentences are the key points. A long document is ranked per top-level
 * section, and any run of sentences in windows of RANK_WINDOW, so the cost grows linearly with
 * the text, never with its square. Deterministic: fixed iterations, ties by position.
 */
export function summarize(input: SummaryInput): Summary {
  const sentences = documentSentences(input.tagged);
  const ranked = new WindowRanks(input.onRank);
  const described = describe(sentences, ranked);
  const description: Described = described ? { text: described.text, words: new Set(described.words) } : { text: describeTable(input.markdown) ?? input.title, words: new Set() };
  const keyPoints = input.long && input.sections.length > 1 ? sectionKeyPoints(input, sentences, description, ranked) : bestSentences(sentences, SHORT_KEY_POINTS, description, ranked);
  return { description: description.text, keyPoints };
}

/** The description, and its words: key points that repeat it are left out. */
interface Described {
  text: string;
  words: ReadonlySet<string>;
}

/** TextRank scores by window, so the opening window is ranked once for the description and the key points. */
class WindowRanks {
  private readonly cache = new Map<string, number[]>();

  constructor(private readonly onRank?: (sentences: number) => void) {}

  of(window: readonly Sentence[]): number[] {
    const id = window.length === 0 ? '' : `${window[0]!.position}:${window.length}:${window[window.length - 1]!.position}`;
    let scores = this.cache.get(id);
    if (scores === undefined) {
      this.onRank?.(window.length);
      this.cache.set(id, (scores = textRank(window)));
    }
    return scores;
  }
}

function documentSentences(tagged: readonly TaggedUnit[]): Sentence[] {
  const out: Sentence[] = [];
  const stems = new Map<string, string | null>();
  // A sentence repeated (a footer, a notice, boilerplate) would rank high by agreeing with its
  // own copies: only its first occurrence is a sentence of the summary.
  const seen = new Set<string>();
  // The sentence before, in the same paragraph: one opening with "This …" or "However, …" is
  // shown with it, as the pair a reader can follow.
  let before: { text: string; line: number; standalone: boolean; words: string[] } | undefined;
  for (const { unit, tokens, tags } of tagged) {
    if (unit.kind !== 'lead' && unit.kind !== 'sentence') continue;
    const text = unit.text.trim();
    const previous = before;
    const shown = withFinalStop(withoutBareUrls(text));
    before = { text: shown, line: unit.line, standalone: isStandaloneSentence(shown), words: [] };
    if (seen.has(text)) continue;
    seen.add(text);
    const words = contentWords(tokens, stems);
    before.words = words;
    if (text.length < 20 || words.length < 2) continue;
    const hasVerb = tags.some((t) => t === 'VERB' || t === 'AUX');
    const hasNoun = tags.some((t) => t === 'NOUN' || t === 'PROPN' || t === 'PRON');
    const sentenceLike = hasVerb && hasNoun && tokens.length >= 5;
    const fits = (candidate: string): boolean => isStandaloneSentence(candidate) && isProse(candidate) && !BOILERPLATE.test(candidate);
    if (sentenceLike && fits(shown)) {
      out.push({ position: out.length, line: unit.line, text: shown, lead: unit.kind === 'lead', complete: true, words });
      continue;
    }
    const pair = previous?.standalone && previous.line === unit.line && startsWithAnaphora(shown) ? `${previous.text} ${shown}` : undefined;
    if (sentenceLike && pair !== undefined && fits(pair)) {
      out.push({ position: out.length, line: unit.line, text: pair, lead: unit.kind === 'lead', complete: true, paired: true, words: [...previous!.words, ...words] });
      continue;
    }
    out.push({ position: out.length, line: unit.line, text: clip(text), lead: unit.kind === 'lead', complete: false, words });
  }
  return out;
}

/** Content words, singular, from the unit's tokens; `stems` remembers each word's stem (null: no content word). */
function contentWords(tokens: readonly Token[], stems: Map<string, string | null>): string[] {
  const words: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'word' && token.kind !== 'code') continue;
    let stem = stems.get(token.text);
    if (stem === undefined) {
      const lower = token.text.toLowerCase();
      stems.set(token.text, (stem = lower.length >= 3 && /\p{L}/u.test(lower) && !isStopword(lower) ? singularize(lower) : null));
    }
    if (stem !== null) words.push(stem);
  }
  return words;
}

/**
 * The description: among the complete sentences of the opening window, centrality weighted
 * towards the start (authors say what a text is early) and towards the shapes of a definition
 * ("X is a …", "this document describes …").
 */
function describe(sentences: readonly Sentence[], ranks: WindowRanks): Sentence | undefined {
  const window = sentences.slice(0, RANK_WINDOW);
  const scores = ranks.of(window);
  let best: { score: number; sentence: Sentence } | undefined;
  window.forEach((sentence, i) => {
    if (!sentence.complete) return;
    const prior = 1 / Math.sqrt(1 + i);
    const cue = DEFINITION_CUE.test(sentence.text) ? 1.5 : 1;
    // A pair is the description only when no single sentence can be: it says one thing less directly.
    const score = (scores[i]! * window.length + 1) * prior * cue * (sentence.lead ? 1.5 : 1) * (sentence.paired ? 1e-6 : 1);
    if (!best || score > best.score) best = { score, sentence };
  });
  return best?.sentence;
}

// Licence and permission notices open many papers and READMEs; they say nothing about the topic.
const BOILERPLATE = /\b(?:permission|copyright|licen[cs]ed?|all rights reserved|attribution|warranty)\b/i;
const DEFINITION_CUE = /\b(?:is|are) (?:a|an|the)\b|\b(?:provides?|describes?|explains?|implements?|introduces?|presents?|lets you|allows?|enables?)\b/i;

/** The `count` most central sentences, in document order, without near repeats. */
function bestSentences(sentences: readonly Sentence[], count: number, description: Described, ranks: WindowRanks): string[] {
  const ranked: Array<{ score: number; sentence: Sentence }> = [];
  for (let from = 0; from < sentences.length; from += RANK_WINDOW) {
    const window = sentences.slice(from, from + RANK_WINDOW);
    // Scores sum to 1 in a window; times its size they compare across windows of different sizes.
    ranks.of(window).forEach((score, i) => ranked.push({ score: score * window.length, sentence: window[i]! }));
  }
  // Only sentences that stand alone: a reader sees a key point without its neighbours, and
  // fewer key points read better than a fragment, a TOC line or a "This …" pointing nowhere.
  ranked.sort((a, b) => b.score - a.score || a.sentence.position - b.sentence.position);
  const chosen: Sentence[] = [];
  for (const { sentence } of ranked) {
    if (chosen.length >= count) break;
    if (!sentence.complete) continue;
    if (sentence.text === description.text || overlap(new Set(sentence.words), description.words) > 0.6) continue;
    if (chosen.some((c) => overlap(new Set(c.words), new Set(sentence.words)) > 0.6)) continue;
    chosen.push(sentence);
  }
  return chosen.sort((a, b) => a.position - b.position).map((s) => s.text);
}

/**
 * One key point per top-level section: the longest MAX_SECTION_POINTS sections (a bounded
 * number of rankings, each over that section's sentences only), reported in document order.
 */
function sectionKeyPoints(input: SummaryInput, sentences: readonly Sentence[], description: Described, ranks: WindowRanks): string[] {
  const levels = [...new Set(input.sections.map((s) => s.level))].sort((a, b) => a - b);
  // The top level that divides the document: a lone level-1 title over chapters is no division.
  const level = levels.find((l) => input.sections.filter((s) => s.level === l).length > 1) ?? levels[0]!;
  const top = input.sections.map((s, index) => ({ ...s, index })).filter((s) => s.level === level);
  const chosen = [...top].sort((a, b) => b.end - b.start - (a.end - a.start) || a.index - b.index).slice(0, MAX_SECTION_POINTS);
  chosen.sort((a, b) => a.index - b.index);
  const lineOf = lineIndex(input.markdown);
  const points: string[] = [];
  for (const section of chosen) {
    const first = lineOf(section.start);
    const last = lineOf(Math.max(section.start, section.end - 1));
    const inside = sentences.filter((s) => s.line >= first && s.line <= last);
    const best = bestSentences(inside, 1, description, ranks)[0];
    if (best !== undefined && !points.includes(best)) points.push(best);
  }
  return points.length > 0 ? points : bestSentences(sentences, SHORT_KEY_POINTS, description, ranks);
}

/**
 * TextRank (Mihalcea & Tarau 2004) over at most RANK_WINDOW sentences: edge weight = shared
 * content words / (log|a| + log|b|), then weighted PageRank. Returns one score per sentence.
 */
function textRank(sentences: readonly Sentence[]): number[] {
  const n = sentences.length;
  if (n === 0) return [];
  const ids = new Map<string, number>();
  const postings: number[][] = [];
  const sizes = sentences.map((s, i) => {
    const distinct = new Set(s.words);
    for (const w of distinct) {
      let id = ids.get(w);
      if (id === undefined) {
        ids.set(w, (id = postings.length));
        postings.push([]);
      }
      postings[id]!.push(i);
    }
    return distinct.size;
  });
  const weight = new Float64Array(n * n);
  for (const list of postings) {
    for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) weight[list[a]! * n + list[b]!]! += 1;
  }
  // Sparse rows: a sentence shares words with a fraction of the window only.
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  const weights: number[][] = Array.from({ length: n }, () => []);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const shared = weight[i * n + j]!;
      if (shared === 0) continue;
      const w = shared / (Math.log(1 + sizes[i]!) + Math.log(1 + sizes[j]!));
      neighbours[i]!.push(j);
      weights[i]!.push(w);
      neighbours[j]!.push(i);
      weights[j]!.push(w);
      out[i]! += w;
      out[j]! += w;
    }
  }
  let score = new Float64Array(n).fill(1 / n);
  for (let iteration = 0; iteration < PAGERANK_ITERATIONS; iteration++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let j = 0; j < n; j++) {
      if (out[j] === 0) {
        dangling += score[j]!;
        continue;
      }
      const share = (DAMPING * score[j]!) / out[j]!;
      const to = neighbours[j]!;
      const w = weights[j]!;
      for (let k = 0; k < to.length; k++) next[to[k]!]! += share * w[k]!;
    }
    // A sentence sharing no word with any other spreads its score evenly, so scores sum to 1.
    const base = (1 - DAMPING) / n + (DAMPING * dangling) / n;
    let change = 0;
    for (let i = 0; i < n; i++) {
      next[i]! += base;
      change += Math.abs(next[i]! - score[i]!);
    }
    score = next;
    // Converged: further rounds would not change the order (same inputs, same rounds: deterministic).
    if (change < 1e-9) break;
  }
  return [...score];
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}

function clip(sentence: string): string {
  return sentence.length > MAX_SENTENCE_CHARS ? `${sentence.slice(0, MAX_SENTENCE_CHARS - 1).trimEnd()}…` : sentence;
}
