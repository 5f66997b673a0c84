import { splitSentences } from '../analyze/split-sentences.js';
import { authorAsked, authorLead, coversSubject, definitionLead, personLead, titleWords, typedLead, whoAction } from './answer-leads.js';
import { repeatKey, stem, wordsOf, type Candidate, type Passage } from './answer-words.js';
import { askedSubject, saysPhrase, subjectPhrases } from './defining-sentence.js';
import { passageSentences } from './passage-sentences.js';
import { questionFrame, questionTerms } from './question-terms.js';
import { documentKey } from './rank-passages.js';
import { escapeWikiLinks, inlineText } from '../model/render-page.js';

export type { Passage } from './answer-words.js';

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
 * index holds, so every link resolves. `people` are the persons the passages' documents name,
 * for "Who …?" (answer-leads.ts personLead).
 */
export function assembleOfflineAnswer(question: string, passages: readonly Passage[], alreadySaid: readonly string[] = [], rarity?: WordRarity, people: readonly string[] = []): OfflineAnswer {
  // A chat follow-up gets what it adds: sentences the earlier answers quoted are not quoted
  // again, unless nothing else answers it.
  const said = new Set(alreadySaid.map(repeatKey));
  if (said.size > 0) {
    const fresh = assembleAnswer(question, passages, said, rarity, people);
    if (fresh.text !== '') return fresh;
  }
  return assembleAnswer(question, passages, new Set(), rarity, people);
}

/** How many of the knowledge base's search rows hold a word (FTS5 counts, with its stemming). */
export interface WordRarity {
  rows: number;
  rowsWith: (term: string) => number;
}

function assembleAnswer(question: string, passages: readonly Passage[], said: ReadonlySet<string>, rarity: WordRarity | undefined, people: readonly string[]): OfflineAnswer {
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
  const onTopic = sayingSubject(question, passages, rarity ? documentsOnTopic(passages, words, subjectWeights(question, rarity), true) : documentsOnTopic(passages, words, weight, false));
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
  // "Who wrote X?" of a document whose file names its author: said from the file, citing its source page.
  const byAuthor = authorLead(question, passages, onTopic);
  const read = byAuthor ? [...passages, byAuthor.passage] : passages;
  const asked = definitionLead(question, passages, onTopic) ?? typedLead(question, ranked);
  const who = asked ? undefined : ((byAuthor && { ...byAuthor.lead, passage: read.length - 1 }) ?? personLead(question, passages, onTopic, people, weight));
  const lead = asked ?? who;
  // A chat's "and who maintains it?" after "Who created Git?" is answered by the sentence the
  // first answer quoted ("… created by Linus Torvalds and maintained by Junio Hamano"): quoted again.
  if (lead && (!said.has(lead.key) || who)) {
    // The description opens the answer; a sentence that repeats it goes. After the person who
    // did it, only sentences that name people too ("MakeIndex is a C program written by Pehong
    // Chen"): others pad a "Who …?" answer ("MakeIndex can produce a variety of other error messages …").
    const others = who ? ranked.filter((c) => !c.leansBack && people.some((name) => c.text.includes(name))) : chosen;
    const rest = others.filter((c, i) => c.key !== lead.key && !repeats(lead, c) && !others.slice(0, i).some((o) => repeats(o, c)));
    chosen.splice(0, chosen.length, lead, ...rest.slice(0, MAX_SENTENCES - 1));
  }
  // "Who founded Microsoft?" with no one found who did: only a sentence that says that deed, in
  // the question's own verb, of the subject answers ("PostgreSQL is developed by the PostgreSQL
  // Global Development Group"); a kindred verb is not enough without a person ("… if you intend
  // to build with Microsoft's Visual C++").
  const action = lead ? undefined : whoAction(question);
  if (action) {
    const saysIt = (c: Candidate): boolean => c.words.has(action.verb) && coversSubject(action.subject, new Set([...c.words, ...titleWords(read[c.passage]!.title)]));
    chosen.splice(0, chosen.length, ...chosen.filter(saysIt));
  }
  if (chosen.length === 0) return { text: '', citations: [] };
  const byPassage = [...new Set(chosen.map((c) => c.passage))].sort((a, b) => Number(b === lead?.passage) - Number(a === lead?.passage) || a - b);
  const citations: Citation[] = [];
  const paragraphs = byPassage.map((p) => {
    const passage = read[p]!;
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
  // "Who wrote kvoptions?": the answer is about kvoptions, whose manual never says "wrote".
  const authored = authorAsked(question);
  if (authored !== undefined) for (const word of questionTerms(question.slice(0, question.lastIndexOf(authored)))) shares.set(stem(word), CLOSING_VERB_SHARE);
  const subject = askedSubject(question);
  if (subject !== undefined) {
    const own = new Set(questionTerms(subject.text).map(stem));
    for (const word of questionTerms(subject.more).map(stem)) if (!own.has(word)) shares.set(word, CLOSING_VERB_SHARE);
  }
  return shares;
}

/**
 * The documents of `onTopic` that say the subject of "What is X?" when X is a name of two words
 * or more (defining-sentence.ts subjectPhrases); `onTopic` itself for other questions.
 */
function sayingSubject(question: string, passages: readonly Passage[], onTopic: Set<string>): Set<string> {
  const subject = askedSubject(question);
  const phrases = subject && subjectPhrases(subject);
  if (!phrases) return onTopic;
  const saying = new Set<string>();
  for (const passage of passages) {
    const doc = documentKey(passage.page);
    if (onTopic.has(doc) && !saying.has(doc) && saysPhrase(`${passage.title}\n${passage.text}`, phrases)) saying.add(doc);
  }
  return saying;
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

/** Content words of the question, each without its inflection (answer-words.ts stem). */
function questionWords(question: string): string[] {
  return [...new Set(questionTerms(question).map(stem))];
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
