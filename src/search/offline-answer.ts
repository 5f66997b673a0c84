import { conceptKey } from '../analyze/concept-key.js';
import { inflectionStem } from '../analyze/inflection-stem.js';
import { splitSentences } from '../analyze/split-sentences.js';
import { titleName } from '../analyze/title-subject.js';
import { askedType, countsAsked, holdsAnswer } from './answer-type.js';
import { askedSubject, definitionGrade, type AskedSubject } from './defining-sentence.js';
import { passageSentences, type PassageSentence } from './passage-sentences.js';
import { questionFrame, questionTerms, WORD } from './question-terms.js';
import { documentKey } from './rank-passages.js';
import { escapeWikiLinks, inlineText } from '../model/render-page.js';

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
const MAX_PER_PASSAGE = 3;
/** A sentence scoring below this share of the best one is off the question: the answer stops short rather than pad. */
const MIN_SHARE_OF_BEST = 0.4;
/** Share of the question's words (by weight) a document must hold for its sentences to be quoted. */
const MIN_DOCUMENT_COVER = 0.5;
/**
 * Shares of its weight a word of a question's frame keeps (question-terms.ts questionFrame):
 * the kind asked for ("options") half — the answer lists them, but any command page has
 * options — and the closing verb ("accept") a quarter: it says how the question is asked, and a
 * verb rare in the KB otherwise outweighs the subject the answering page is about. Chosen on
 * bench:answers' tuning half and hand-written questions of that shape (docs/benchmarks.md).
 */
const ASKED_KIND_SHARE = 0.5;
const CLOSING_VERB_SHARE = 0.25;
/** Words two sentences share, of the shorter one's words, above which the second repeats the first. */
const REPEAT_OVERLAP = 0.8;

type Candidate = PassageSentence & { passage: number; score: number; key: string; words: Set<string> };

/**
 * The offline engine's answer: no model writes anything, so the answer is whole sentences of
 * the best-ranked passages (passage-sentences.ts: no code, markup or broken lines). A sentence
 * is used only when it shares content words with the question — weighted by how rare each is
 * among the candidates, so a word every passage has ("git" in a git manual) does not carry an
 * answer — and scores at least half the best one's, so an answer stops short rather than pad
 * with lines that merely mention a word. No sentence is quoted twice, even when a summary
 * repeats its source (the source's section is cited then). Sentences are grouped by passage,
 * best passage first and document order within one, each group followed by its citation:
 * [[sources/doc#Section|Title › Section]], with PDF pages. Every citation is a page the search
 * index holds, so every link resolves.
 */
export function assembleOfflineAnswer(question: string, passages: readonly Passage[], alreadySaid: readonly string[] = [], rarity?: WordRarity): OfflineAnswer {
  // A chat follow-up gets what it adds: sentences the earlier answers quoted are not quoted
  // again, unless nothing else answers it.
  const said = new Set(alreadySaid.map(repeatKey));
  if (said.size > 0) {
    const fresh = assembleAnswer(question, passages, said, rarity);
    if (fresh.text !== '') return fresh;
  }
  return assembleAnswer(question, passages, new Set(), rarity);
}

/** How many of the knowledge base's search rows hold a word (FTS5 counts, with its stemming). */
export interface WordRarity {
  rows: number;
  rowsWith: (term: string) => number;
}

function assembleAnswer(question: string, passages: readonly Passage[], said: ReadonlySet<string>, rarity: WordRarity | undefined): OfflineAnswer {
  const words = questionWords(question);
  const all: Candidate[] = [];
  passages.forEach((passage, p) => {
    for (const sentence of passageSentences(passage.text, passage.section === null || passage.section === 0)) {
      const present = wordsOf(sentence.text);
      if (words.some((w) => present.has(w))) all.push({ ...sentence, passage: p, score: 0, key: repeatKey(sentence.text), words: present });
    }
  });
  // Every shared word counts; a rare one among the candidates counts more, but not so much that
  // one unusual word ("useful") outweighs the subject itself ("partial index"). A word of the
  // question's frame ("accept" in "What options does … accept?") counts its share only.
  const shares = frameShares(question);
  const weight = new Map(words.map((w) => [w, (shares.get(w) ?? 1) * (1 + 0.5 * Math.log(1 + (all.length + 1) / (1 + all.filter((c) => c.words.has(w)).length)))]));
  // The search's rank of the passage counts too: its best passages are about the question.
  for (const c of all) c.score = words.reduce((sum, w) => sum + (c.words.has(w) ? weight.get(w)! : 0), 0) * (1 - 0.04 * c.passage);
  const onTopic = rarity ? documentsOnTopic(passages, words, subjectWeights(question, rarity), true) : documentsOnTopic(passages, words, weight, false);
  const distinct = quotedOnce(passages, all.filter((c) => onTopic.has(documentKey(passages[c.passage]!.page))));
  // The bar is set by the best sentence, said before or not: what is left must still be on the question.
  const best = Math.max(0, ...distinct.map((c) => c.score));
  const chosen: Candidate[] = [];
  const perPassage = new Map<number, number>();
  const ranked = distinct.filter((c) => c.score >= best * MIN_SHARE_OF_BEST && !said.has(c.key)).sort((a, b) => b.score - a.score || a.passage - b.passage || a.position - b.position);
  for (const c of ranked) {
    if ((perPassage.get(c.passage) ?? 0) >= MAX_PER_PASSAGE || chosen.some((o) => repeats(o, c))) continue;
    // "It does …" needs the sentence before it, quoted just before it.
    if (c.leansBack && !chosen.some((o) => o.passage === c.passage && o.position === c.position - 1)) continue;
    perPassage.set(c.passage, (perPassage.get(c.passage) ?? 0) + 1);
    chosen.push(c);
    if (chosen.length >= MAX_SENTENCES) break;
  }
  const lead = definitionLead(question, passages, onTopic) ?? typedLead(question, ranked);
  if (lead && !said.has(lead.key)) {
    // The description opens the answer; a sentence that repeats it goes.
    const rest = chosen.filter((c) => c.key !== lead.key && !repeats(lead, c));
    chosen.splice(0, chosen.length, lead, ...rest.slice(0, MAX_SENTENCES - 1));
  }
  if (chosen.length === 0) return { text: '', citations: [] };
  const byPassage = [...new Set(chosen.map((c) => c.passage))].sort((a, b) => Number(b === lead?.passage) - Number(a === lead?.passage) || a - b);
  const citations: Citation[] = [];
  const paragraphs = byPassage.map((p) => {
    const passage = passages[p]!;
    const citation = citationOf(passage);
    if (!citations.some((c) => c.target === citation.target && c.section === citation.section)) citations.push(citation);
    // Quoted text links nothing, whatever brackets a document had.
    // The lead opens its paragraph, the rest keep document order.
    const sentences = chosen.filter((c) => c.passage === p).sort((a, b) => Number(b === lead) - Number(a === lead) || a.position - b.position).map((c) => escapeWikiLinks(c.text));
    return `${sentences.join(' ')} ([[${linkOf(citation, passage.heading)}|${inlineText(citation.title, 120).replace(/[|\]\[]/g, ' ')}]]${pagesNote(citation.pages)})`;
  });
  return { text: paragraphs.join('\n\n'), citations };
}

/**
 * For "How many …", "How long …", "How often …" or "When …" (answer-type.ts), the best of the
 * sentences good enough to quote that holds such an answer: a number, a duration, a frequency, a
 * time; a number before the word counted ("100,000 steps" for "How many steps …") counts half
 * as much again. It opens the answer, as a definition opens "what is X". A sentence that leans
 * on the one before it cannot open anything.
 */
function typedLead(question: string, ranked: readonly Candidate[]): Candidate | undefined {
  const asked = askedType(question);
  if (asked === undefined) return undefined;
  let best: { candidate: Candidate; score: number } | undefined;
  for (const c of ranked) {
    if (c.leansBack || !holdsAnswer(c.text, asked)) continue;
    const score = c.score * (countsAsked(c.text, asked, stem) ? 1.5 : 1);
    if (!best || score > best.score) best = { candidate: c, score };
  }
  return best?.candidate;
}

/**
 * The sentence an answer to "what is X" (defining-sentence.ts askedSubject) opens with, whatever
 * the search ranked first: the description of the document titled X (titledLead), else the
 * sentence of an on-topic passage that defines X (definingLead).
 */
function definitionLead(question: string, passages: readonly Passage[], onTopic: ReadonlySet<string>): Candidate | undefined {
  const subject = askedSubject(question);
  if (subject === undefined) return undefined;
  return titledLead(subject, passages) ?? definingLead(subject, passages, onTopic);
}

/**
 * The first sentence of the summary of the document named after X, for a question asking what
 * X is or does: a summary opens with the document's description, which says just that, where
 * the search may rank a side section first ("The 'git gc --auto' command will run the
 * 'pre-auto-gc' hook." for "what does git gc do"). Matched on concept keys, so "git gc",
 * "git-gc" and "git-gc(1)" are one name, and "Partial Indexes" answers "what is a partial index".
 */
function titledLead(subject: AskedSubject, passages: readonly Passage[]): Candidate | undefined {
  const key = conceptKey(subject.text);
  const p = passages.findIndex((passage) => passage.page.startsWith('wiki/summaries/') && !passage.section && conceptKey(titleName(passage.title.replace(SECTION_NUMBER, ''))) === key);
  if (p === -1) return undefined;
  // The summary's description, as kb wrote it when the caller has it; else its first paragraph
  // in the index, where code names lost their backticks ("pg_waldump displays …").
  const { text, description: written } = passages[p]!;
  const end = text.indexOf('\n\n');
  const description = (written ?? text.slice(0, end === -1 ? text.length : end)).replace(/\s+/g, ' ').trim();
  if (!/[.!?]$/.test(description) || OUTLINE_ONLY.test(description)) return undefined;
  return { text: description, position: 0, leansBack: false, passage: p, score: Infinity, key: repeatKey(description), words: wordsOf(description) };
}

/**
 * When no document is titled X (a concept inside a larger page: "What is a savepoint?"), the
 * sentence of the passages that defines it, quoted as it stands: the squarest definition first
 * (definitionGrade: "X is a …" before "X refers to …" before "X does …"), then a source page
 * before a summary or topic page quoting it (its heading names X whatever it quotes), then the
 * passage about X (its heading names X), the search's rank and document order. Only documents on the question's topic are read, so a page
 * that defines a word of an unanswerable question does not answer it.
 */
function definingLead(subject: AskedSubject, passages: readonly Passage[], onTopic: ReadonlySet<string>): Candidate | undefined {
  let best: { candidate: Candidate; rank: number[] } | undefined;
  passages.forEach((passage, p) => {
    if (!onTopic.has(documentKey(passage.page))) return;
    for (const sentence of passageSentences(withCodeName(passage.text, subject), passage.section === null || passage.section === 0)) {
      const grade = sentence.leansBack ? 0 : definitionGrade(sentence.text, subject);
      if (grade === 0) continue;
      const rank = [grade, Number(passage.page.startsWith('wiki/sources/')), centrality(passage, subject), -p, -sentence.position];
      if (best && !isHigher(rank, best.rank)) continue;
      best = { candidate: { ...sentence, passage: p, score: Infinity, key: repeatKey(sentence.text), words: wordsOf(sentence.text) }, rank };
    }
  });
  return best?.candidate;
}

/** 2 when the passage's own heading is X ("Transactions › Savepoints"), 1 when its title names X, else 0. */
function centrality(passage: Passage, subject: AskedSubject): number {
  const heading = conceptKey(passage.title.split(' › ').at(-1)!.replace(SECTION_NUMBER, ''));
  const title = conceptKey(passage.title);
  if (subject.names.includes(heading)) return 2;
  return subject.names.some((name) => ` ${title} `.includes(` ${name} `)) ? 1 : 0;
}

function isHigher(rank: readonly number[], than: readonly number[]): boolean {
  for (let i = 0; i < rank.length; i++) if (rank[i] !== than[i]) return rank[i]! > than[i]!;
  return false;
}

/**
 * The index keeps no code marks, and a sentence opening with a lower-case code name is no
 * sentence without them ("test_decoding is an example …"): the asked name gets its marks back
 * where it opens a sentence, as kb's descriptions show it.
 */
function withCodeName(text: string, subject: AskedSubject): string {
  if (!/^[\p{Ll}_][\p{Ll}\p{N}_.]*$/u.test(subject.text) || !/[_.]/.test(subject.text)) return text;
  const name = subject.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(^|\\n|[.!?]\\s+)(${name})(?=[\\s(])`, 'gu'), '$1`$2`');
}

// A description composed for a document with no sentence to quote says what it is made of, not what it is.
const OUTLINE_ONLY = /^An? (?:\d+-page )?document (?:in \d|with )/;

// A manual's numbering before a title: "11.8. Partial Indexes", "Chapter 38. Extending SQL".
const SECTION_NUMBER = /^(?:(?:chapter|appendix|part)\s+)?[\dA-Z]{1,3}(?:\.\d+)*\.?\s+/i;

/**
 * One candidate per sentence text: a summary quotes its source, and the answer cites the source
 * section the words stand in (with the best score either copy had).
 */
function quotedOnce(passages: readonly Passage[], candidates: readonly Candidate[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  const inSource = (c: Candidate): boolean => passages[c.passage]!.page.startsWith('wiki/sources/');
  for (const c of candidates) {
    const kept = byKey.get(c.key);
    if (!kept) byKey.set(c.key, c);
    else if (inSource(c) && !inSource(kept)) byKey.set(c.key, { ...c, score: Math.max(c.score, kept.score) });
    else kept.score = Math.max(kept.score, c.score);
  }
  return [...byKey.values()];
}

/**
 * The question's words weighted by how rare each is in the whole knowledge base (inverse
 * document frequency over its search rows), a word no row holds weighing most: what the
 * question is about. "capital" is in a LaTeX manual, "Australia" in no page; "full" is in many
 * pages, "vacuum" in few. The words that frame the question weigh their share only (frameShares).
 */
function subjectWeights(question: string, rarity: WordRarity): Map<string, number> {
  const shares = frameShares(question);
  const weights = new Map<string, number>();
  for (const term of questionTerms(question)) {
    const word = stem(term);
    if (!weights.has(word)) weights.set(word, (shares.get(word) ?? 1) * Math.log(1 + rarity.rows / (1 + rarity.rowsWith(term))));
  }
  return weights;
}

/**
 * The share of its weight each (stemmed) word of the question's frame keeps; other words keep
 * all. What "What is X and when is it used?" asks besides X counts as its closing verb does: the
 * answer is about X, and a KB without "used" still answers it.
 */
function frameShares(question: string): Map<string, number> {
  const frame = questionFrame(question);
  const shares = new Map(frame.kind.map((w) => [stem(w), ASKED_KIND_SHARE]));
  if (frame.verb !== undefined) shares.set(stem(frame.verb), CLOSING_VERB_SHARE);
  const subject = askedSubject(question);
  if (subject !== undefined) {
    const own = new Set(questionTerms(subject.text).map(stem));
    for (const word of questionTerms(subject.more).map(stem)) if (!own.has(word)) shares.set(word, CLOSING_VERB_SHARE);
  }
  return shares;
}

/**
 * The documents whose passages, with their titles, hold at least half the question's words (by
 * weight). A document that shares one word of several ("keep" in meeting notes, for "how do I
 * keep a starter healthy") is about something else: its sentences would pad the answer.
 * `strict`, with the weights of the whole KB (subjectWeights): when no document holds half, no
 * document answers, and kb says nothing matches rather than quote a page that shares a common
 * word with the question ("What is the capital of Australia?" answered from a LaTeX manual's
 * "bold mathematical capital A"). Else the best document answers whatever it holds.
 */
function documentsOnTopic(passages: readonly Passage[], words: readonly string[], weight: ReadonlyMap<string, number>, strict: boolean): Set<string> {
  const present = new Map<string, Set<string>>();
  for (const passage of passages) {
    const doc = documentKey(passage.page);
    const seen = present.get(doc) ?? new Set<string>();
    present.set(doc, seen);
    for (const w of wordsOf(`${passage.title} ${passage.text}`)) seen.add(w);
  }
  const cover = new Map([...present].map(([doc, seen]) => [doc, words.reduce((sum, w) => sum + (seen.has(w) ? weight.get(w)! : 0), 0)]));
  const total = words.reduce((sum, w) => sum + weight.get(w)!, 0);
  const bar = strict ? total * MIN_DOCUMENT_COVER : Math.min(total * MIN_DOCUMENT_COVER, Math.max(0, ...cover.values()));
  return new Set([...cover].filter(([, c]) => c >= bar).map(([doc]) => doc));
}

function repeats(a: Candidate, b: Candidate): boolean {
  if (a.key === b.key) return true;
  const [small, large] = a.words.size <= b.words.size ? [a.words, b.words] : [b.words, a.words];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return small.size > 0 && shared / small.size >= REPEAT_OVERLAP;
}

/** Two sentences with the same words, case, emphasis and punctuation aside, are one. */
function repeatKey(sentence: string): string {
  return sentence.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** `sources/doc#Section`: the section's heading as the page shows it, so the link lands on it. */
function linkOf(citation: Citation, heading: string | undefined): string {
  const anchor = heading?.replace(/[[\]|#^\\]/g, ' ').replace(/\s+/g, ' ').trim();
  return anchor ? `${citation.target}#${anchor}` : citation.target;
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

/** Content words of the question, cut to a crude stem. */
function questionWords(question: string): string[] {
  return [...new Set(questionTerms(question).map(stem))];
}

function wordsOf(sentence: string): Set<string> {
  return new Set((sentence.normalize('NFKC').toLowerCase().match(WORD) ?? []).map(stem));
}

/**
 * A word without its inflection, as the search index's Porter stemming cuts it: "closes" is "close", so a
 * page the search found by a question's word is seen to hold it. Memoised: an answer stems the
 * words of every candidate sentence.
 */
function stem(word: string): string {
  let stemmed = STEMS.get(word);
  if (stemmed === undefined) {
    stemmed = inflectionStem(word);
    if (STEMS.size < MAX_STEMS) STEMS.set(word, stemmed);
  }
  return stemmed;
}

const STEMS = new Map<string, string>();
const MAX_STEMS = 100_000;

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
