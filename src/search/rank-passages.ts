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
/** Multi-word queries: a row with every word, the words near each other, the exact phrase. */
const ALL_WORDS_BOOST = 0.5;
const NEAR_BOOST = 0.5;
const PHRASE_BOOST = 0.5;
/** A summary is the document in a few sentences: a match there speaks for the whole document. */
const SUMMARY_WEIGHT = 2;
/**
 * A concept or entity page repeats sentences its documents' sections already hold: it comes
 * after them unless it says much more about the query (it gathers many documents' words).
 */
const TOPIC_WEIGHT = 0.25;
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
  const candidates = store.sections.candidates(match.any, Math.max(MIN_CANDIDATES, limit), COLUMN_WEIGHTS);
  const named = store.sections.matchingRows(match.named);
  const boosts: Array<[Set<number>, number]> = [
    [named, NAMED_BOOST],
    [store.sections.matchingRows(match.namedPhrase), NAMED_PHRASE_BOOST],
  ];
  if (match.words > 1) {
    boosts.push([store.sections.matchingRows(match.all), ALL_WORDS_BOOST]);
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
    for (const [ids, boost] of boosts) if (ids.has(row.id)) factor += boost;
    if (TOPIC_PAGE.test(row.page)) factor *= TOPIC_WEIGHT;
    rows.push({ ...row, score: row.score * factor });
  }
  rows.sort(byScore);
  return { rows, match };
}

/**
 * The rows grouped by document, best document first: its best row (a summary's counted
 * SUMMARY_WEIGHT times) plus a share of the others. Passages (find-passages.ts) do not weight
 * summaries: an answer quotes the section, where the sentence is.
 */
export function rankDocuments(rows: readonly RankedRow[]): RankedDocument[] {
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
  return [...byKey.values()].map(({ key, score, rows }) => ({ key, score, rows })).sort((a, b) => b.score - a.score || byScore(a.rows[0]!, b.rows[0]!));
}

/** A source page and its summary are one document; any other page stands for itself. */
export function documentKey(page: string): string {
  const m = DOCUMENT_PAGE.exec(page);
  return m ? `document:${m[1]}` : page;
}

function byScore(a: RankedRow, b: RankedRow): number {
  return b.score - a.score || (a.page < b.page ? -1 : a.page > b.page ? 1 : 0) || (a.section ?? -1) - (b.section ?? -1);
}
