import type { TaggedUnit } from './collect-candidates.js';
import { APPEAL, isAppeal, isProse, isStandaloneSentence, startsWithAnaphora, titleWordStems } from './sentence-check.js';
import { shownSentence } from './shown-sentence.js';
import { isOneLiner, isTagline } from './tagline.js';
import { definesTitle, lowerCaseName, saysWhatItIs, titleIsName, titleName } from './title-subject.js';
import { singularize } from './singularize.js';
import { composeDescription, describeOutline, nameLineSentence } from './compose-description.js';
import { definitionList } from './describe-definition-list.js';
import { lineIndex } from './line-index.js';
import { textRank } from './text-rank.js';
import { isStopword } from './stopwords.js';
import type { Token } from './tokenize.js';

/** Most sentences one ranking sees: the similarity graph is quadratic in them, so it is bounded. */
export const RANK_WINDOW = 200;
/** Key points of a document read as one piece. */
export const SHORT_KEY_POINTS = 5;
/** Top-level sections of a long document that get a key point (the longest, kept in order). */
export const MAX_SECTION_POINTS = 12;
const MAX_SENTENCE_CHARS = 300;

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
  /** Pages of a paged document (PDF): a description of a document without sentences may say how long it is. */
  pages?: number;
  /** Called with the size of each sentence graph ranked: how tests see that the work stays bounded. */
  onRank?: (sentences: number) => void;
}

export interface Summary {
  /** One sentence saying what the document is, its own or composed from what it holds (chooseDescription). */
  description: string;
  keyPoints: string[];
  /** The description is its author's tagline under the title ("Very low overhead JavaScript logger."): a noun phrase, not a sentence. */
  tagline?: true;
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
  /** The first sentence under a heading that sums the document up ("Abstract", "Summary", "Decisions"). */
  sumsUp?: boolean;
  words: string[];
}

/**
 * Extractive summary, TextRank-style: sentences are nodes, shared content words are edges, and
 * the most central sentences are the key points. A long document is ranked per top-level
 * section, and any run of sentences in windows of RANK_WINDOW, so the cost grows linearly with
 * the text, never with its square. Deterministic: fixed iterations, ties by position.
 */
export function summarize(input: SummaryInput): Summary {
  const { sentences, opening } = documentSentences(input.tagged, input.markdown.split('\n'), input.title);
  const ranked = new WindowRanks(input.onRank);
  const description = chooseDescription(input, sentences, opening, ranked);
  const keyPoints = input.long && input.sections.length > 1 ? sectionKeyPoints(input, sentences, description, ranked) : bestSentences(sentences, SHORT_KEY_POINTS, description, ranked);
  return { description: description.text, keyPoints, ...(opening?.tagline && description.text === opening.text ? { tagline: true as const } : {}) };
}

/**
 * The author's tagline when it stands alone; else the best sentence of the opening; else a
 * description composed from what the document holds (compose-description.ts); else the
 * tagline however short, the outline, the opening words or what little the document is.
 */
function chooseDescription(input: SummaryInput, sentences: readonly Sentence[], opening: Opening | undefined, ranks: WindowRanks): Described {
  const own = (text: string, words: readonly string[] = []): Described => ({ text, words: new Set(words) });
  // A catalogue (git's command lists: a term and a one-line definition each) is described by
  // what it holds: its opening and its sentences are one entry's definition ("Add file contents
  // to the index.").
  const catalogue = definitionList(input.markdown);
  if (catalogue?.oneLineEach) return own(catalogue.description);
  const described = describe(sentences, ranks);
  // The tagline, unless the text defines the thing by its name ("Assertion Error is a module that …").
  if (opening?.tagline && fitsAlone(opening.text) && !(described && definesTitle(described.text, input.title))) return own(opening.text, opening.words);
  const composition = { title: input.title, markdown: input.markdown, tagged: input.tagged, headings: input.sections.map((s) => s.title), ...(input.pages !== undefined ? { pages: input.pages } : {}) };
  if (described && !described.lead && !saysWhatItIs(described.text, input.title)) {
    // A man page's name line says what it is better than a sentence from its option list
    // ("When showing "other" files, show only those matched by an exclude pattern.").
    const named = nameLineSentence(composition);
    if (named !== undefined) return own(named);
  }
  // A README's one line under its package's name says what it does ("Only call a function
  // once.") better than a sentence about a detail ("To check whether … use fn.called."), unless
  // that sentence says what the thing is ("Assertion Error is a module that …").
  const describesIt = described !== undefined && (saysWhatItIs(described.text, input.title) || definesTitle(described.text, input.title));
  if (opening?.oneLiner && !describesIt && titleIsName(input.title) && readsAlone(opening.text)) return own(opening.text, opening.words);
  if (described) return own(described.text, described.words);
  const composed = composeDescription(composition);
  if (composed !== undefined) return own(composed);
  if (opening?.shortTagline) return own(opening.text, opening.words);
  const outline = describeOutline(composition);
  if (!outline.startsWith('A document in') && opening !== undefined && readsAlone(opening.text)) return own(opening.text, opening.words);
  return own(outline);
}

// Headings whose first sentence sums up the whole document: a paper's abstract, a report's
// summary or conclusions, a meeting's decisions. Not "Description" or "Introduction": a man
// page's name line, or a paper's opening, says what the thing is better.
const SUMMING_HEADING = /^(?:\d+(?:\.\d+)*\.?\s+)?(?:abstract|summary|tl;?dr|decisions?|conclusions?|key findings|executive summary)$/i;

// Images and links left over (badges), link reference definitions and a setext heading's underline.
const MARKUP_RESIDUE = /!\[|\]\(|\]: |(?:^|\s)(?:={3,}|-{3,})$/;
// "English | Русский | 简体中文": links to translations or sections, set in a row.
const LINK_BAR = /^[^|·•]{1,40}(?: [|·•] [^|·•]{1,40}){2,}$/u;

/** A sentence fit to be shown alone: a standalone sentence of prose, no licence notice. */
function fitsAlone(text: string, opensDocument = false): boolean {
  return isStandaloneSentence(text, opensDocument) && readsAlone(text);
}

/** What fitsAlone asks of a standalone sentence: prose, no licence notice. */
function readsAlone(text: string): boolean {
  return isProse(text) && !BOILERPLATE.test(text);
}

/** The line of the one paragraph of prose above the title's heading, if one alone is there. */
function prefaceLine(tagged: readonly TaggedUnit[], titleLine: number): number | undefined {
  const above = new Set(tagged.filter(({ unit }) => unit.line >= 0 && unit.line < titleLine).map(({ unit }) => unit.line));
  return above.size === 1 ? [...above][0] : undefined;
}

/** The document's first line of prose, as shown, and whether it is the author's tagline (tagline.ts). */
interface Opening {
  text: string;
  words: string[];
  tagline: boolean;
  /** A tagline without its author's full stop: the description of a document with nothing better. */
  shortTagline: boolean;
  /** A one-line description (tagline.ts isOneLiner): what a README under a name says the thing does. */
  oneLiner: boolean;
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

function documentSentences(tagged: readonly TaggedUnit[], lines: readonly string[], title: string): { sentences: Sentence[]; opening?: Opening } {
  const out: Sentence[] = [];
  const name = lowerCaseName(title);
  const titleWords = titleWordStems(title);
  let opened: Opening | undefined;
  // A paragraph above the heading that names the document (an appeal, a banner's line) is a
  // preface, not the document's: the opening is the first one under the heading.
  const titleLine = lines.findIndex((line) => /^ {0,3}# /.test(line));
  const preface = titleLine > 0 && lines[titleLine]!.replace(/^ {0,3}# +|[`*_]/g, '').trim() === title ? prefaceLine(tagged, titleLine) : undefined;
  const stems = new Map<string, string | null>();
  // A sentence repeated (a footer, a notice, boilerplate) would rank high by agreeing with its
  // own copies: only its first occurrence is a sentence of the summary.
  const seen = new Set<string>();
  // The sentence before, in the same paragraph: one opening with "This …" or "However, …" is
  // shown with it, as the pair a reader can follow.
  let before: { text: string; line: number; standsAlone: () => boolean; words: string[] } | undefined;
  let opensDocument = true;
  let headingsBefore = 0;
  let underSummingHeading = false;
  for (const { unit, tokens, tags } of tagged) {
    // A heading that is the author's tagline ("### Super-minimalist version of concat-stream.") opens the document too.
    if (opensDocument && unit.kind === 'heading' && /[.!]$/.test(unit.text) && isTagline(unit.text, tokens, tags)) {
      opened ??= { text: unit.text, words: contentWords(tokens, stems), tagline: true, shortTagline: true, oneLiner: true };
      continue;
    }
    // What follows a section heading is that section's, not the document's opening ("## Features"
    // then "CJS, ESM and browser support."); a level-1 heading is the title's line, and the first
    // other one may be its subtitle ("### Helper module for loading your native module's file").
    if (unit.kind === 'heading' && unit.line >= 0 && !/^ {0,3}# /.test(lines[unit.line] ?? '') && headingsBefore++ > 0) opensDocument = false;
    if (unit.kind === 'heading') underSummingHeading = SUMMING_HEADING.test(unit.text.trim());
    if (unit.kind !== 'lead' && unit.kind !== 'sentence') continue;
    const sumsUp = underSummingHeading;
    underSummingHeading = false;
    if (unit.line === preface) continue;
    const text = unit.text.trim();
    // The name repeated as a line of its own (an HTML heading turned into a paragraph) opens nothing.
    if (text.toLowerCase() === titleName(title)) continue;
    const previous = before;
    // "pump is a small node module …": the document's name as the subject is shown as code.
    const shown = shownSentence(unit, name !== undefined && tokens[0]?.text === name && (tags[1] === 'VERB' || tags[1] === 'AUX') ? name : undefined);
    // Badges and a setext heading's underline, left over by the Markdown, open no document; nor
    // does a bar of links to translations, or an appeal for sponsors.
    const opening = opensDocument && !MARKUP_RESIDUE.test(text) && !LINK_BAR.test(text) && !isAppeal(text);
    if (opening) opensDocument = false;
    // Asked at most twice (is this sentence fit to show, can the next one pair with it) and
    // often not at all (a repeat, a short line): checked once, when first asked.
    let standalone: boolean | undefined;
    const standsAlone = (): boolean => (standalone ??= isStandaloneSentence(shown, opening, titleWords));
    before = { text: shown, line: unit.line, standsAlone, words: [] };
    if (seen.has(text)) continue;
    seen.add(text);
    const words = contentWords(tokens, stems);
    before.words = words;
    if (opening) opened ??= { text: shown, words, tagline: isTagline(text, tokens, tags), shortTagline: isTagline(text, tokens, tags, false), oneLiner: isOneLiner(text, tokens, tags) };
    if (text.length < 20 || words.length < 2) continue;
    const hasVerb = tags.some((t) => t === 'VERB' || t === 'AUX');
    const hasNoun = tags.some((t) => t === 'NOUN' || t === 'PROPN' || t === 'PRON');
    const sentenceLike = hasVerb && hasNoun && tokens.length >= 5;
    if (sentenceLike && standsAlone() && readsAlone(shown)) {
      out.push({ position: out.length, line: unit.line, text: shown, lead: unit.kind === 'lead', complete: true, words, ...(sumsUp ? { sumsUp } : {}) });
      continue;
    }
    const pair = sentenceLike && previous !== undefined && previous.line === unit.line && startsWithAnaphora(shown) && previous.standsAlone() ? `${previous.text} ${shown}` : undefined;
    if (pair !== undefined && fitsAlone(pair, opening)) {
      out.push({ position: out.length, line: unit.line, text: pair, lead: unit.kind === 'lead', complete: true, paired: true, words: [...previous!.words, ...words] });
      continue;
    }
    out.push({ position: out.length, line: unit.line, text: clip(text), lead: unit.kind === 'lead', complete: false, words });
  }
  return { sentences: out, ...(opened ? { opening: opened } : {}) };
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
    const cue = (DEFINITION_CUE.test(sentence.text) ? 1.5 : 1) * (sentence.sumsUp ? 2 : 1);
    // A pair is the description only when no single sentence can be: it says one thing less directly.
    const score = (scores[i]! * window.length + 1) * prior * cue * (sentence.lead ? 1.5 : 1) * (sentence.paired ? 1e-6 : 1);
    if (!best || score > best.score) best = { score, sentence };
  });
  return best?.sentence;
}

// Licence and credit notices ("The PostgreSQL Project thanks … for reporting this problem."),
// what any file of a project says of itself ("This file is maintained by the LaTeX Project
// team.", "This document is part of …") and appeals for sponsors: true of every file, or of
// the people around it, so none of them says what this one is about.
const CREDIT = /\bthanks?\b.{0,120}\bfor (?:reporting|contributing|finding|helping|the report)\b/;
const BOILERPLATE = new RegExp(
  `${/\b(?:permission|copyright|licen[cs]ed?|all rights reserved|attribution|warranty)\b|^This (?:file|document) is (?:maintained by|part of)\b/.source}|${CREDIT.source}|${APPEAL.source}`,
  'i',
);
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

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}

function clip(sentence: string): string {
  return sentence.length > MAX_SENTENCE_CHARS ? `${sentence.slice(0, MAX_SENTENCE_CHARS - 1).trimEnd()}…` : sentence;
}
