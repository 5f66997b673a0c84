import { isStopword } from '../analyze/stopwords.js';
import { splitSentences } from '../analyze/split-sentences.js';
import { escapeWikiLinks, inlineText } from '../model/render-page.js';

/** A passage found for a question: where it is and its indexed text. */
export interface Passage {
  /** KB-relative page path. */
  page: string;
  title: string;
  section: number | null;
  pages?: [number, number];
  text: string;
}

export interface Citation {
  /** Wiki link target of the page, e.g. `sources/tug-manual`. */
  target: string;
  page: string;
  title: string;
  section?: number;
  pages?: [number, number];
}

export interface OfflineAnswer {
  /** Markdown: the chosen sentences, each group followed by its `[[citation]]`. */
  text: string;
  citations: Citation[];
}

/** Sentences an answer quotes at most, and from any one passage. */
const MAX_SENTENCES = 6;
const MAX_PER_PASSAGE = 2;
/** Sentences longer than this are clipped: an answer quotes, it does not reprint. */
const MAX_SENTENCE_CHARS = 400;

/**
 * The offline engine's answer: no model writes anything, so the answer is the sentences of
 * the best passages that share most words with the question, quoted in the passages' order
 * (best first), each passage's sentences followed by a link to the page they come from.
 * Every citation is a page the search index holds, so every link resolves.
 */
export function assembleOfflineAnswer(question: string, passages: readonly Passage[]): OfflineAnswer {
  const words = questionWords(question);
  type Scored = { passage: number; position: number; text: string; score: number };
  const candidates: Scored[] = [];
  passages.forEach((passage, p) => {
    const sentences = sentencesOf(passage.text);
    sentences.forEach((text, position) => {
      const shared = sharedWords(text, words);
      // Rank of the passage breaks ties between equally matching sentences.
      if (shared > 0) candidates.push({ passage: p, position, text, score: shared - p * 0.01 });
    });
  });
  const chosen: Scored[] = [];
  const perPassage = new Map<number, number>();
  const seen = new Set<string>();
  for (const c of [...candidates].sort((a, b) => b.score - a.score || a.passage - b.passage || a.position - b.position)) {
    const key = c.text.toLowerCase().replace(/\W+/g, ' ').trim();
    if (seen.has(key) || (perPassage.get(c.passage) ?? 0) >= MAX_PER_PASSAGE) continue;
    seen.add(key);
    perPassage.set(c.passage, (perPassage.get(c.passage) ?? 0) + 1);
    chosen.push(c);
    if (chosen.length >= MAX_SENTENCES) break;
  }
  if (chosen.length === 0) return { text: '', citations: [] };
  const byPassage = [...new Set(chosen.map((c) => c.passage))].sort((a, b) => a - b);
  const citations: Citation[] = [];
  const paragraphs = byPassage.map((p) => {
    const passage = passages[p]!;
    const citation = citationOf(passage);
    if (!citations.some((c) => c.target === citation.target && c.section === citation.section)) citations.push(citation);
    // Quoted text links nothing, whatever brackets a document had.
    const sentences = chosen.filter((c) => c.passage === p).sort((a, b) => a.position - b.position).map((c) => escapeWikiLinks(c.text));
    return `${sentences.join(' ')} ([[${citation.target}|${inlineText(citation.title, 120)}]]${pagesNote(citation.pages)})`;
  });
  return { text: paragraphs.join('\n\n'), citations };
}

function citationOf(passage: Passage): Citation {
  return {
    target: passage.page.replace(/^wiki\//, '').replace(/\.md$/, ''),
    page: passage.page,
    title: passage.title,
    ...(passage.section !== null ? { section: passage.section } : {}),
    ...(passage.pages ? { pages: passage.pages } : {}),
  };
}

function pagesNote(pages: [number, number] | undefined): string {
  if (!pages) return '';
  return pages[0] === pages[1] ? `, p. ${pages[0]}` : `, pp. ${pages[0]}–${pages[1]}`;
}

/** Content words of the question, lower-cased and cut to a crude stem. */
function questionWords(question: string): string[] {
  const words = (question.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((w) => !isStopword(w));
  return [...new Set(words.map(stem))];
}

function sharedWords(sentence: string, words: readonly string[]): number {
  const present = new Set((sentence.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).map(stem));
  return words.filter((w) => present.has(w)).length;
}

/** Enough stemming to match "engines" with "engine" and "pumping" with "pump". */
function stem(word: string): string {
  return word.length > 4 ? word.replace(/(ing|ed|es|s)$/, '') : word;
}

function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    const line = paragraph.replace(/^\s*[-*+]\s+/, '').trim();
    if (line === '') continue;
    for (const [start, end] of splitSentences(line)) {
      const sentence = line.slice(start, end).trim();
      // Headings and outline entries are not statements: a sentence has a few words.
      if (sentence.split(/\s+/).length >= 4) out.push(sentence.length > MAX_SENTENCE_CHARS ? `${sentence.slice(0, MAX_SENTENCE_CHARS - 1).trimEnd()}…` : sentence);
    }
  }
  return out;
}

/**
 * The quoted sentences of an offline answer, citations left out: what a reader reads as the
 * answer's statements (bench/answer-quality.ts checks each is whole and none repeats).
 */
export function answerSentences(answer: string): string[] {
  const out: string[] = [];
  for (const paragraph of answer.split(/\n+/)) {
    const text = paragraph.replace(/\s*\(\[\[[^\]]*\]\][^)]*\)\s*$/u, '').replace(/\\\[/g, '[').trim();
    if (text === '') continue;
    for (const [start, end] of splitSentences(text)) {
      const sentence = text.slice(start, end).trim();
      if (sentence !== '') out.push(sentence);
    }
  }
  return out;
}
