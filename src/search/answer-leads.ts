import { conceptKey } from '../analyze/concept-key.js';
import { titleName } from '../analyze/title-subject.js';
import { repeatKey, stem, wordsOf, type Candidate, type Passage } from './answer-words.js';
import { askedType, countsAsked, holdsAnswer } from './answer-type.js';
import { askedSubject, definitionGrade, type AskedSubject } from './defining-sentence.js';
import { passageSentences } from './passage-sentences.js';
import { documentKey, documentOfPage } from './rank-passages.js';
import { isStopword } from '../analyze/stopwords.js';
import { AUXILIARIES, questionTerms } from './question-terms.js';

/*
 * The sentence an offline answer opens with when the question says what it asks for: a
 * definition for "What is X?", a number, a duration or a time for "How many …", "How long …",
 * "When …", a person for "Who …". offline-answer.ts puts it first, its passage first.
 */

/**
 * For "How many …", "How long …", "How often …" or "When …" (answer-type.ts), the best of the
 * sentences good enough to quote that holds such an answer: a number, a duration, a frequency, a
 * time; a number before the word counted ("100,000 steps" for "How many steps …") counts half
 * as much again. It opens the answer, as a definition opens "what is X". A sentence that leans
 * on the one before it cannot open anything.
 */
export function typedLead(question: string, ranked: readonly Candidate[]): Candidate | undefined {
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
export function definitionLead(question: string, passages: readonly Passage[], onTopic: ReadonlySet<string>): Candidate | undefined {
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
  const p = passages.findIndex((passage) => isSummaryNamed(passage, subject.text));
  if (p === -1) return undefined;
  // The summary's description, as kb wrote it when the caller has it; else its first paragraph
  // in the index, where code names lost their backticks ("pg_waldump displays …").
  const { text, description: written } = passages[p]!;
  const end = text.indexOf('\n\n');
  const description = (written ?? text.slice(0, end === -1 ? text.length : end)).replace(/\s+/g, ' ').trim();
  if (!/[.!?]$/.test(description) || OUTLINE_ONLY.test(description)) return undefined;
  return { text: description, position: 0, leansBack: false, passage: p, score: Infinity, key: repeatKey(description), words: wordsOf(description) };
}

/** Whether a page (a search row, a passage) is the summary of the document named `name`: "Partial Indexes" for "partial index", "git-gc(1)" for "git gc". */
export function isSummaryNamed(page: { page: string; section: number | null; title: string }, name: string): boolean {
  return page.page.startsWith('wiki/summaries/') && !page.section && conceptKey(titleName(page.title.replace(SECTION_NUMBER, ''))) === conceptKey(name);
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
    for (const sentence of passageSentences(withCodeName(passage.text, subject), passage.section === null || passage.section === 0, { entries: true })) {
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
 * For "Who …?", the sentence in which a person the knowledge base knows (`people`: the person
 * entities of the passages' documents) does what was asked: the name opens the sentence
 * ("Johannes Gutenberg introduced movable metal type …") or follows "by" ("… created by Linus
 * Torvalds"); a sentence that only mentions one ("Historians such as Elizabeth Eisenstein argue
 * …") does not answer who did something. The question's words in it count (`weight`), then the
 * search's rank: the sentence may share no word with the question ("invented" is not
 * "introduced"), and is then taken from the best passage on the question's topic only.
 */
export function personLead(question: string, passages: readonly Passage[], onTopic: ReadonlySet<string>, people: readonly string[], weight: ReadonlyMap<string, number>): Candidate | undefined {
  if (!isWhoQuestion(question) || people.length === 0) return undefined;
  // Names joined by a hyphen are one word here: "git" of "git-gui" is not Git, whose maintainer
  // "Who maintains Git?" asks for. A name's weight is its parts'.
  const asked = new Map([...namesOf(question)].map((name) => [name, name.split(/[-_/]/).reduce((sum, part) => sum + (weight.get(stem(part)) ?? 0), 0)]));
  const action = whoAction(question);
  let best: { candidate: Candidate; score: number } | undefined;
  let firstOnTopic: number | undefined;
  passages.forEach((passage, p) => {
    if (!onTopic.has(documentKey(passage.page))) return;
    firstOnTopic ??= p;
    // A credit often introduces what follows ("… maintained by Pratyush Yadav:", then the address).
    for (const sentence of passageSentences(passage.text, passage.section === null || passage.section === 0, { introducing: true })) {
      // "These definitions were written by Rodrigo Pietnechuk." leans on what came before, but
      // the question says what it speaks of: a credit that is the sentence itself is quoted alone
      // ("He mentioned the article … written by …" is not one).
      const credits = CREDIT_OF_THIS.test(sentence.text) && people.some((name) => sentence.text.includes(` by ${name}`));
      if ((sentence.leansBack && !credits) || !people.some((name) => doneBy(sentence.text, name))) continue;
      const words = wordsOf(sentence.text);
      // "Who develops PostgreSQL?" is not answered by "The LaTeX support was developed by …",
      // nor "Who wrote fancyhdr?" by "… an article about float placement by Frank Mittelbach
      // appeared …": the sentence (or its page's title) speaks of the subject, and says the
      // deed, unless the person opens the best passage's sentence ("Johannes Gutenberg
      // introduced movable metal type …" for "Who invented the printing press?").
      if (action && !coversSubject(action.subject, new Set([...words, ...titleWords(passage.title)]), weight)) continue;
      if (action && !saysDeed(action.verb, words) && !(p === firstOnTopic && people.some((name) => sentence.text.startsWith(`${name} `)))) continue;
      const names = namesOf(sentence.text);
      const shared = [...asked].reduce((sum, [name, w]) => sum + (names.has(name) ? w : 0), 0);
      if (shared === 0 && p !== firstOnTopic) continue;
      const score = shared * (1 - 0.04 * p);
      if (best && score <= best.score) continue;
      best = { candidate: { ...sentence, passage: p, score, key: repeatKey(sentence.text), words }, score };
    }
  });
  return best?.candidate;
}

// "These definitions were written by", "It was created by": the sentence credits what it points back at.
const CREDIT_OF_THIS = /^(?:This|These|That|Those|It|They)\b(?:\s+[\p{L}-]+){0,3}\s+(?:was|were|is|are|has been|have been)\s+(?:[\p{L}-]+\s+){0,2}by\s/u;

/**
 * What "Who <verb> X?" asks: the verb, stemmed ("maintain"), and X's words, stemmed, less the
 * words that say what kind of work X is ("package", "paper"). Undefined for a question that is
 * not "Who" with a verb: "Who is …", "Who can …", "Who has …".
 */
export function whoAction(question: string): { verb: string; subject: string[] } | undefined {
  const asked = WHO_ACTION.exec(question);
  if (!asked || !asked[1] || NOT_DEEDS.has(asked[1].toLowerCase())) return undefined;
  const verb = stem(asked[1].toLowerCase());
  const subject = [...new Set(questionTerms(asked[2] ?? '').map(stem))].filter((word) => word !== verb && !AUTHORSHIP_WORDS.has(word));
  return { verb, subject };
}

// After "who", a word that says no deed: an auxiliary ("Who can …"), a form of be or have, "else".
const NOT_DEEDS = new Set([...AUXILIARIES, 'is', 'are', 'was', 'were', 'be', 'been', 'shall', 'has', 'have', 'had', 'else']);

/**
 * Verbs of making a thing, stemmed: a sentence with any of them says the deed a question with
 * one asks about ("Who developed MakeIndex?" of "MakeIndex is a C program written by Pehong Chen").
 */
const MAKING = new Set(['write', 'author', 'create', 'develop', 'make', 'build', 'design', 'program', 'code', 'implement', 'invent', 'found', 'establish', 'start', 'originate', 'devise', 'compose'].map(stem));

/** Whether a sentence's words say the deed asked: the verb itself, or another verb of making for one. */
function saysDeed(verb: string, words: ReadonlySet<string>): boolean {
  if (words.has(verb)) return true;
  if (!MAKING.has(verb)) return false;
  for (const word of words) if (MAKING.has(word)) return true;
  return false;
}

/**
 * Whether `words` hold at least half the subject's words, by their weight in the question (all
 * of them when none weighs). A question that names no subject ("who wrote", "Who founded [[x]]?")
 * is covered by nothing: any sentence with the verb would do ("Say somebody wrote you about …").
 */
export function coversSubject(subject: readonly string[], words: ReadonlySet<string>, weight?: ReadonlyMap<string, number>): boolean {
  if (subject.length === 0) return false;
  if (!weight) return subject.every((word) => words.has(word));
  const total = subject.reduce((sum, word) => sum + (weight.get(word) ?? 0), 0);
  if (total === 0) return subject.every((word) => words.has(word));
  return subject.reduce((sum, word) => sum + (words.has(word) ? (weight.get(word) ?? 0) : 0), 0) * 2 >= total;
}

/** A page title's words, stemmed, a joined name in parts ("@types_deep-eql": type, deep, eql). */
export function titleWords(title: string): Set<string> {
  return wordsOf(title.replace(/[-/@_]/g, ' '));
}

/** A question asking who: "Who maintains Git?", and a chat's follow-up "and who maintains it?". */
export function isWhoQuestion(question: string): boolean {
  return WHO_QUESTION.test(question);
}

// "Who", or a chat's follow-up "and who", "but who", … (the same opening for authorAsked).
const WHO_OPENING = String.raw`^\s*(?:(?:and|but|so|then|also|or)\s+)?who`;
const WHO_QUESTION = new RegExp(String.raw`${WHO_OPENING}\b`, 'i');
// "Who maintains Git?": the verb right after who, then what the question says it was done to.
const WHO_ACTION = new RegExp(String.raw`${WHO_OPENING}\s+(\p{L}+)\b(.*)$`, 'iu');

/**
 * For "Who wrote X?" ("Who is the author of X?", "Who created X?"), when X is the title of a
 * document whose file names its author (a PDF's Info Author, an EPUB's creators: the source
 * page's `author:`), that said as a sentence: "The aliascnt package was written by Heiko
 * Oberdiek.". No sentence of the text may say it; the file does. Returned with the passage it
 * cites, the document's source page as a whole, which the caller adds to its passages.
 */
export function authorLead(question: string, passages: readonly Passage[], onTopic: ReadonlySet<string>): { lead: Candidate; passage: Passage } | undefined {
  const asked = authorAsked(question);
  if (asked === undefined) return undefined;
  const subject = [...wordsOf(asked)].filter((w) => !AUTHORSHIP_WORDS.has(w) && !isStopword(w));
  if (subject.length === 0) return undefined;
  for (const passage of passages) {
    if (passage.author === undefined || !onTopic.has(documentKey(passage.page))) continue;
    const title = passage.title.split(' › ')[0]!;
    const titleWords = wordsOf(title);
    const authors = passage.author.split(/\s*[;,]\s*/).map((a) => a.trim()).filter((a) => a !== '' && !a.includes('@'));
    if (authors.length === 0 || !subject.every((w) => titleWords.has(w))) continue;
    const text = `${title.replace(/[.!?]$/, '')} was written by ${listed(authors)}.`;
    const doc = documentOfPage(passage.page)!;
    const whole: Passage = { page: `wiki/sources/${doc}.md`, title, section: null, text };
    return { lead: { text, position: 0, leansBack: false, passage: -1, score: Infinity, key: repeatKey(text), words: wordsOf(text) }, passage: whole };
  }
  return undefined;
}

/** What "Who wrote X?" (or "Who is the author of X?", "Who created X?") asks about: X; undefined for other questions. */
export function authorAsked(question: string): string | undefined {
  const asked = AUTHOR_QUESTION.exec(question);
  return asked ? question.slice(asked[0].length).replace(/[?.!]+\s*$/, '').trim() || undefined : undefined;
}

const AUTHOR_QUESTION = new RegExp(String.raw`${WHO_OPENING}\s+(?:wrote|authored|created|made|designed|developed|(?:is|was)\s+the\s+author\s+of|(?:are|were)\s+the\s+authors\s+of)\b`, 'i');
// Words of the question that say what was written, not which: "the url package" is "url.sty version 3.4".
// Compared stemmed, as wordsOf gives them ("package" is "packag").
const AUTHORSHIP_WORDS = new Set(['write', 'author', 'paper', 'book', 'document', 'manual', 'guide', 'article', 'package', 'program', 'library', 'module', 'tool', 'class', 'style', 'environment', 'software'].map(stem));

function listed(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A text's words, stemmed, with names joined by a hyphen, underscore or slash kept whole ("git-gui"). */
function namesOf(text: string): Set<string> {
  return new Set((text.normalize('NFKC').toLowerCase().match(JOINED_WORD) ?? []).map((word) => (/[-_/]/.test(word) ? word : stem(word))));
}

const JOINED_WORD = /[\p{L}\p{N}]+(?:[-_/][\p{L}\p{N}]+)*/gu;

/** The person is the one who does: the sentence opens with the name, or "by" comes right before it. */
function doneBy(sentence: string, name: string): boolean {
  return sentence.startsWith(`${name} `) || sentence.includes(` by ${name}`);
}
