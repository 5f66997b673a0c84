import { conceptKey } from '../analyze/concept-key.js';
import type { SearchCandidate } from '../model/registry.js';
import type { StoreReader } from '../store/store-reader.js';
import { matchExpressions, type MatchExpressions } from './search-query.js';

/*
 * How search ranks: FTS5's BM25 over the title, headings and body columns, then boosts for
 * what kb knows beyond the raw text, then rows grouped by the document they belong to. The
 * figures were tuned on the tuning half of bench/search-quality.ts's queries only (the test
 * half is reported, never tuned on); the comments say what each one stands for.
 */

/** Per-column BM25 weights: title (page title › section path), headings (and the names a line defines), body. */
export const COLUMN_WEIGHTS: readonly [number, number, number] = [1, 1, 1];
/** Rows fetched before boosting and grouping: enough to find the first documents after re-ranking. */
const MIN_CANDIDATES = 200;
/** A row whose title or headings hold every word of the query is the place that is about it. */
const NAMED_BOOST = 4;
const NAMED_PHRASE_BOOST = 1;
/**
 * A row whose title, a heading or a name its lines define IS the query ("log" defined by
 * the row `log` ( numeric ) → …, not "Logging" in a title): the place that defines the term.
 */
const EXACT_NAME_BOOST = 1;
/** Multi-word queries: a row with every word, the words near each other, the exact phrase. */
const ALL_WORDS_BOOST = 0.5;
/**
 * Multi-word queries: a row's score is multiplied by the share of the query's words it holds.
 * BM25 gives a word in more than half the rows almost no weight (FTS5 floors its IDF), so in a
 * small KB about indexing, "index" counts for nothing and a page with only "style" would win
 * "index style file" against the manual's sections that hold two of the three words.
 */
const COORD_POWER = 1;
const NEAR_BOOST = 0.5;
const PHRASE_BOOST = 0.5;
/** A summary is the document in a few sentences: a match there speaks for the whole document. */
const SUMMARY_WEIGHT = 2;
/**
 * A concept or entity page repeats sentences its documents' sections already hold: it comes
 * after them unless it says much more about the query (it gathers many documents' words).
 */
const TOPIC_WEIGHT = 0.25;
/**
 * A document whose own concepts (concept_docs) include the query's concept is about it: its
 * score is multiplied by 1 + CONCEPT_BOOST / (1 + the rank it gives the concept).
 */
const CONCEPT_BOOST = 2;
/** Each further matching row of a document adds this share of its score to the document's. */
const MORE_ROWS_SHARE = 0.1;

const TOPIC_PAGE = /^wiki\/(concepts|entities)\//;
const DOCUMENT_PAGE = /^wiki\/(?:sources|summaries)\/(.+)\.md$/;

export interface RankedRow extends SearchCandidate {
  /** The row's score after boosts (the BM25 `score` as FTS5 gave it is replaced). */
  score: number;
}

export interface RankedDocument {
  /** The document's source or summary page name, or the page itself for a wiki page of no document. */
  key: string;
  score: number;
  /** Its matching rows, best first: the first is the one a result line shows. */
  rows: RankedRow[];
}

/** Every candidate row of the text, re-scored, best first (ties by page and section: deterministic). */
export function rankRows(store: StoreReader, text: string, limit: number): { rows: RankedRow[]; match: MatchExpressions | undefined } {
  const match = matchExpressions(text);
  if (!match || limit <= 0) return { rows: [], match };
  const queryKey = nameKey(text);
  const candidates = store.sections.candidates(match.any, Math.max(MIN_CANDIDATES, limit), COLUMN_WEIGHTS);
  const named = store.sections.matchingRows(match.named);
  const boosts: Array<[Set<number>, number]> = [[store.sections.matchingRows(match.namedPhrase), NAMED_PHRASE_BOOST]];
  // A candidate matched one of the words at least. With two words, it holds both exactly when
  // it matches `all`, so their own row sets (each as large as the word is common: 200,000 rows
  // for a common word at 100,000 documents) are not read.
  const perWord = match.words > 2 ? match.terms.map((term) => store.sections.matchingRows(`"${term}"`)) : [];
  const allWords = match.words > 1 ? store.sections.matchingRows(match.all) : new Set<number>();
  const wordsHeld = (id: number): number => (perWord.length > 0 ? perWord.filter((ids) => ids.has(id)).length : allWords.has(id) ? match.words : 1);
  if (match.words > 1) {
    boosts.push([allWords, ALL_WORDS_BOOST]);
    if (match.near) boosts.push([store.sections.matchingRows(match.near), NEAR_BOOST]);
    if (match.phrase) boosts.push([store.sections.matchingRows(match.phrase), PHRASE_BOOST]);
  }
  const rows: RankedRow[] = [];
  for (const row of candidates) {
    // A concept or entity page is a hit when it is about the query (its name holds every
    // word) and its statements say something about it: a name alone is no content (an empty
    // page came first on its title), and a page about something else that quotes a sentence
    // with the word only repeats a source section that is already in the list.
    if (TOPIC_PAGE.test(row.page) && (row.bodyScore <= 0 || !named.has(row.id))) continue;
    let factor = 1;
    if (named.has(row.id) && namesWords(row, match.terms)) factor += NAMED_BOOST;
    for (const [ids, boost] of boosts) if (ids.has(row.id)) factor += boost;
    if (queryKey !== '' && namesOf(row).some((name) => nameKey(name) === queryKey)) factor += EXACT_NAME_BOOST;
    if (TOPIC_PAGE.test(row.page)) factor *= TOPIC_WEIGHT;
    if (match.words > 1) factor *= (wordsHeld(row.id) / match.words) ** COORD_POWER;
    rows.push({ ...row, score: row.score * factor });
  }
  rows.sort(byScore);
  return { rows, match };
}

/**
 * Entity pages whose statements hold words of the text, best first: BM25 times the share of the
 * words each holds. rankRows leaves a topic page out unless the text names it, and a "Who …?"
 * question never names the person it asks for (query.ts personPages).
 */
export function entityPageRows(store: StoreReader, text: string): RankedRow[] {
  const match = matchExpressions(text);
  if (!match) return [];
  const candidates = store.sections
    .candidates(match.any, MIN_CANDIDATES, COLUMN_WEIGHTS)
    .filter((row) => ENTITY_PAGE.test(row.page) && row.bodyScore > 0)
    .slice(0, MAX_ENTITY_ROWS);
  // The words each holds, from its own text: a word's row set is read for no page (at 100,000
  // documents a common word's is 200,000 rows), and entity pages among the candidates are few.
  const held = (row: SearchCandidate): number => {
    const words = new Set(store.sections.passageText(row.page, row.section).toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
    return match.terms.filter((term) => [...words].some((word) => word === term || word.startsWith(porterPrefix(term)))).length / match.words;
  };
  return candidates.map((row) => ({ ...row, score: row.score * held(row) })).sort(byScore);
}

/**
 * Rows with an entry for `name` in a list of commands ("git-worktree(1): Manage multiple
 * working trees." for "git worktree"), best BM25 first: such a list says what each command
 * does, and for "What does git worktree do?" the search ranks pages that use the command often
 * (git-config) far above the list that names it once. The index keeps "git-worktree(1)" as the
 * words "git worktree 1", so the phrase with each section number finds the rows that name it;
 * of those, the ones where it opens a line and a colon follows are entries ("see
 * git-worktree(1)" is a mention).
 */
export function commandEntryRows(store: StoreReader, name: string, limit: number): SearchCandidate[] {
  const words = name.toLowerCase().split(/[\s-]+/).filter((w) => w !== '');
  if (words.length === 0 || !words.every((w) => /^[\p{Ll}\p{N}]+$/u.test(w))) return [];
  const phrases = MANUAL_SECTIONS.map((n) => `"${[...words, n].join(' ')}"`).join(' OR ');
  const entry = new RegExp(`(?:^|\\n)${words.join('[-\\s]')}\\(\\d\\w{0,3}\\): `, 'iu');
  return store.sections
    .candidates(phrases, ENTRY_CANDIDATES, COLUMN_WEIGHTS)
    .filter((row) => entry.test(store.sections.passageText(row.page, row.section)))
    .slice(0, limit);
}

/** The sections of the Unix manual: "git-stash(1)", "gitglossary(7)". */
const MANUAL_SECTIONS = ['1', '2', '3', '4', '5', '6', '7', '8'];
/** Rows naming a command read for its entry: pages that mention it come first, the list among them. */
const ENTRY_CANDIDATES = 30;

/** A term's stem as a prefix, as namesWords reads one: "maintains" finds "maintained". */
function porterPrefix(term: string): string {
  return term.replace(/(?:ing|ed|es|s)$/, '') || term;
}

const ENTITY_PAGE = /^wiki\/entities\//;
/** Entity pages weighed at most, best BM25 first: a "Who …?" answer reads two. */
const MAX_ENTITY_ROWS = 50;

/**
 * The rows grouped by document, best document first: its best row (a summary's counted
 * SUMMARY_WEIGHT times) plus a share of the others. Passages (find-passages.ts) do not weight
 * summaries: an answer quotes the section, where the sentence is.
 */
export function rankDocuments(rows: readonly RankedRow[], conceptRanks: ReadonlyMap<string, number> = new Map()): RankedDocument[] {
  const byKey = new Map<string, RankedDocument & { best: number; total: number }>();
  for (const row of rows) {
    const key = documentKey(row.page);
    const doc = byKey.get(key) ?? { key, score: 0, rows: [], best: 0, total: 0 };
    if (doc.rows.length === 0) byKey.set(key, doc);
    doc.rows.push(row);
    const score = row.page.startsWith('wiki/summaries/') ? SUMMARY_WEIGHT * row.score : row.score;
    doc.best = Math.max(doc.best, score);
    doc.total += score;
    doc.score = doc.best + MORE_ROWS_SHARE * (doc.total - doc.best);
  }
  for (const doc of byKey.values()) {
    const rank = conceptRanks.get(doc.key);
    if (rank !== undefined) doc.score *= 1 + CONCEPT_BOOST / (1 + rank);
  }
  return [...byKey.values()].map(({ key, score, rows }) => ({ key, score, rows })).sort((a, b) => b.score - a.score || byScore(a.rows[0]!, b.rows[0]!));
}

/**
 * The documents of `rows` (by documentKey) that rank the query's concept among theirs, with
 * that rank: rankDocuments boosts only documents that have a row.
 */
export function conceptRanksOf(store: StoreReader, text: string, rows: readonly RankedRow[]): Map<string, number> {
  const key = nameKey(text);
  if (key === '') return new Map();
  const docs = new Set<string>();
  for (const row of rows) {
    const doc = DOCUMENT_PAGE.exec(row.page)?.[1];
    if (doc !== undefined) docs.add(doc);
  }
  return new Map(store.topics.documentRanks(key, docs).map(({ doc, rank }) => [documentKey(`wiki/sources/${doc}.md`), rank]));
}

/** The names a row gives itself: its title's parts (page › section), its headings and defined names. */
function namesOf(row: SearchCandidate): string[] {
  return [...row.title.split(' › '), ...row.headings.split('\n')];
}

/**
 * Whether the row's names hold every query word as a word of their own. FTS5 cuts code names
 * at underscores, so "max" matches a heading `max_wal_size`; a section that sets max_wal_size
 * is not named "max". A word counts when a name has a word starting with its stem (FTS5's
 * Porter stemming already matched "logging" for "log") that is not part of such a name.
 */
function namesWords(row: SearchCandidate, terms: readonly string[]): boolean {
  const words = namesOf(row).flatMap((name) => name.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
  return terms.every((term) => {
    const stem = porterPrefix(term);
    return words.some((word) => word === term || (!word.includes('_') && word.startsWith(stem)));
  });
}

/** A name compared as a concept key, without a call's empty parentheses ("spi_commit()"). */
function nameKey(name: string): string {
  return conceptKey(name.replace(/\(\s*\)\s*$/, ''));
}

/** A source page and its summary are one document; any other page stands for itself. */
export function documentKey(page: string): string {
  const doc = documentOfPage(page);
  return doc !== undefined ? `document:${doc}` : page;
}

/** The document a source or summary page belongs to (`wiki/summaries/tides.md` → tides), else undefined. */
export function documentOfPage(page: string): string | undefined {
  return DOCUMENT_PAGE.exec(page)?.[1];
}

function byScore(a: RankedRow, b: RankedRow): number {
  return b.score - a.score || (a.page < b.page ? -1 : a.page > b.page ? 1 : 0) || (a.section ?? -1) - (b.section ?? -1);
}
