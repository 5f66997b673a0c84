/**
 * "What is X?" questions from the PostgreSQL manual's back-of-book index, for the terms the
 * corpus defines (answer-quality.ts asks them and reports the section "What is X?").
 *
 * The rule, fixed before any run:
 * - Terms: every index term (pg-book-index.ts) that points to at least one page of the corpus's
 *   html/ (so an answer can cite a page the index maps the term to).
 * - Defined: a sentence an answer could quote (passageSentences) of a PostgreSQL source page of
 *   the KB (wiki/sources/pg-*.md) has the term as its subject in definitional form: "X is/are
 *   (a|an|the|one of) …", "X means/refers to/denotes/stands for …", with an optional "A"/"An"
 *   before X (not "The": "The count is the number of rows deleted" speaks of one count) and an
 *   optional parenthesis or comma-enclosed aside after it ("X (Extended Synonym Dictionary) is
 *   an …", "X, …, is a …"). The subject equals X by concept key; written as code (`rules`), it
 *   must equal X as written, case aside.
 * - Sample: the defined terms ordered by sha1("define:" + term), the first MAX_TERMS.
 * - Half: tuning when sha1(term) starts with a hex digit below 8 (corpus-half.ts), else test;
 *   the three phrasings of one term (PHRASINGS) are in the term's half.
 *
 * An answer's first sentence defines X (definesTerm) when X, or its concept key, is its subject
 * (an article, a kind word "command"/"function"/… and an aside allowed) followed by is/are/
 * was/means/refers to/denotes/stands for/represents — or, for X written as a name (capitals,
 * digits, underscores or code marks: a command or function), by any verb in -s ("`SAVEPOINT`
 * establishes a new savepoint …"): what a command does is what it is.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { conceptKey } from '../src/analyze/concept-key.js';
import { splitFrontmatter } from '../src/model/render-page.js';
import { passageSentences } from '../src/search/passage-sentences.js';
import { halfOf } from './corpus-half.js';

/** Terms asked about at most. */
const MAX_TERMS = 80;

export interface DefinitionQuestion {
  term: string;
  question: string;
  phrasing: Phrasing;
  half: 'tuning' | 'test';
  /** Corpus files ("pg-sql-savepoint.html") the index maps the term to. */
  indexed: Set<string>;
  /** A sentence of the corpus that defines the term (why it is asked). */
  defined: string;
}

export type Phrasing = 'what is X' | 'what does X mean' | 'what is X and …';
export const PHRASINGS: readonly Phrasing[] = ['what is X', 'what does X mean', 'what is X and …'];

/** The questions, in sample order, each term in each phrasing. */
export function definitionQuestions(index: ReadonlyMap<string, readonly string[]>, corpusFiles: ReadonlySet<string>, kbRoot: string): DefinitionQuestion[] {
  const pagesOf = new Map<string, Set<string>>();
  for (const [page, terms] of index) {
    if (!corpusFiles.has(`pg-${page}`)) continue;
    for (const term of terms) {
      const pages = pagesOf.get(term) ?? new Set<string>();
      pages.add(`pg-${page}`);
      pagesOf.set(term, pages);
    }
  }
  const definitions = definitionSentences(kbRoot);
  const defined = [...pagesOf.keys()].map((term) => ({ term, sentence: definitions.find((d) => subjectIs(d.subject, d.code, term))?.text })).filter((t): t is { term: string; sentence: string } => t.sentence !== undefined);
  const rank = (term: string): string => createHash('sha1').update(`define:${term}`).digest('hex');
  const sample = defined.sort((a, b) => (rank(a.term) < rank(b.term) ? -1 : 1)).slice(0, MAX_TERMS);
  return sample.flatMap(({ term, sentence }) => PHRASINGS.map((phrasing) => ({ term, question: phrase(term, phrasing), phrasing, half: halfOf(term), indexed: pagesOf.get(term)!, defined: sentence })));
}

function phrase(term: string, phrasing: Phrasing): string {
  const plural = /^\p{Ll}[\p{Ll}\s-]*s$/u.test(term) && conceptKey(term) !== term.toLowerCase();
  if (phrasing === 'what does X mean') return `What does ${term} mean?`;
  if (phrasing === 'what is X') return `What ${plural ? 'are' : 'is'} ${term}?`;
  return `What ${plural ? 'are' : 'is'} ${term} and when ${plural ? 'are they' : 'is it'} used?`;
}

interface DefinitionSentence {
  subject: string;
  /** The subject was written as code. */
  code: boolean;
  text: string;
}

const DEFINES = /^(?:(?:a|an)\s+)?(.+?)(?:\s*\([^)]*\)|\s*,[^,]*,)?\s+(?:(?:is|are)\s+(?:a|an|the|one\s+of)|means|refers\s+to|denotes|stands\s+for)\s/i;

function definitionSentences(kbRoot: string): DefinitionSentence[] {
  const dir = path.join(kbRoot, 'wiki/sources');
  const out: DefinitionSentence[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.startsWith('pg-') && f.endsWith('.md')).sort()) {
    const body = splitFrontmatter(fs.readFileSync(path.join(dir, name), 'utf8')).body;
    for (const { text } of passageSentences(body)) {
      const match = DEFINES.exec(plainText(text));
      const code = /^(?:(?:a|an)\s+)?_?`/i.test(text);
      if (match) out.push({ subject: match[1]!, code, text });
    }
  }
  return out;
}

/** Code marks and emphasis dropped: "A _domain_ is …" → "A domain is …". */
function plainText(sentence: string): string {
  return sentence.replace(/[`*]/g, '').replace(/(^|[\s(])_+|_+(?=[\s),.;:]|$)/g, '$1');
}

function subjectIs(subject: string, code: boolean, term: string): boolean {
  const key = conceptKey(term);
  if (key === '') return false;
  return code ? subject.trim().toLowerCase() === term.toLowerCase() : conceptKey(subject) === key;
}

// "The SAVEPOINT command", "The pg_lsn data type": a kind word may follow the name.
const KIND = /^(?:command|statement|clause|function|parameter|setting|option|data type|type|module|extension|view|mode|utility|program)\s+/i;
const ASIDE = /^(?:\([^)]*\)|,[^,]*,)\s*/;
const DEFINING_VERB = /^(?:is|are|was|means|refers\s+to|denotes|stands\s+for|represents)\b/i;

/** Whether a sentence defines the term (see the file comment). */
export function definesTerm(sentence: string, term: string): boolean {
  const plain = plainText(sentence).replace(/^(?:a|an|the)\s+/i, '');
  const asName = /[\p{Lu}\d_.]/u.test(term.replace(/^\p{Lu}(?=\p{Ll})/u, '')) || /^(?:(?:a|an|the)\s+)?_?`/i.test(sentence);
  // Every split of the opening words into a subject and the rest: "partial index" is two words.
  const words = plain.split(/\s+/);
  for (let n = 1; n <= Math.min(8, words.length - 1); n++) {
    const subject = words.slice(0, n).join(' ');
    let rest = words.slice(n).join(' ');
    if (/,$/.test(subject)) rest = `,${rest}`.replace(/^,[^,]*,\s*/, '');
    if (!subjectIs(subject.replace(/,$/, ''), false, term)) continue;
    rest = rest.replace(KIND, '').replace(ASIDE, '');
    if (DEFINING_VERB.test(rest) || (asName && /^\p{Ll}+s\s/u.test(rest))) return true;
  }
  return false;
}
