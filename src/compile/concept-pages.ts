import type { StoreReader } from '../store/store-reader.js';
import type { TopicNaming } from '../model/registry.js';
import type { ConceptCandidate } from '../analyze/analyze-document.js';
import { MAX_DOCUMENT_CONCEPTS, rankShippedCandidates, selectSalient } from '../analyze/rank-concepts.js';
import type { RelatedFinder, TopicChoice } from './topic-merge.js';
import { topicLink } from './topic-page.js';

/** Related concepts listed on a concept page. */
export const MAX_RELATED_CONCEPTS = 8;

/**
 * The terms a document ranks, best first, each with its rank (0: the best): its concepts as
 * selectSalient picks them (rank-concepts.ts: its strongest term, the names it defines, terms
 * nearly as strong), and at least its `salient` best (compile.concepts_per_document), by their
 * strength in the document alone, so they never depend on what else the KB holds; those it has
 * a key sentence of come first. Its summary
 * names them (linked when they have a page, else as plain text, "Also: …") and the registry
 * keeps them (concept_docs), so that how many documents share a term is a query. Which of them
 * get a page is conceptHasPage's call.
 */
export function rankDocumentTerms(candidates: readonly ConceptCandidate[], salient: number): TopicChoice[] {
  const ranked = rankShippedCandidates(candidates, candidates.length);
  const named = new Set(selectSalient(ranked));
  // Asked for more than the document names: its next strongest terms make up the count.
  for (const c of ranked) if (named.size < salient) named.add(c);
  // A document that says nothing of the terms it names (a title, a heading's words) also names
  // the strongest term it does say something of: that one ranks first below, and gets the page
  // a lone document's best term gets, which would otherwise say only that its term is mentioned.
  if (named.size < MAX_DOCUMENT_CONCEPTS && ![...named].some((c) => c.sentences.length > 0)) {
    const said = ranked.find((c) => c.sentences.length > 0);
    if (said) named.add(said);
  }
  // A term the document says something of ranks before one it only names (in a heading, a
  // list, code): the page of a term with no sentence would say only that it is mentioned.
  // The name the title gives the document comes first of all: "git-log(1)" is about git log,
  // however often it says "commit" (only the best term of a lone document gets a page).
  const chosen = ranked.filter((c) => named.has(c) && c.subject).concat(ranked.filter((c) => named.has(c) && !c.subject));
  const said = [...chosen.filter((c) => c.sentences.length > 0), ...chosen.filter((c) => c.sentences.length === 0)];
  return said.map((c, rank) => ({ key: c.key, name: c.name, score: c.score, mentions: c.mentions, sentences: c.sentences, rank }));
}

/**
 * A concept page is worth having when it connects documents: when two or more documents rank
 * the concept among their terms. So that a document alone still gets a page or two, a term
 * among its `salient` best (compile.concepts_per_document) gets one too. Both depend only on
 * the set of documents in the KB, never on the order they came in.
 *
 * Why `salient` is 1 by default (`npm run bench:concepts`, tuning half of the PostgreSQL pages,
 * strict F1 of the concepts each summary links against the book index, and kb add of the whole
 * corpus): see docs/engine.md, "Which concepts".
 */
export function conceptHasPage(documents: number, bestRank: number, salient: number): boolean {
  return documents >= 2 || (documents === 1 && bestRank < salient);
}

/**
 * Related concepts by co-occurrence: the concepts that two or more of the page's sectioned
 * documents (its most relevant ones) rank. Shared by two documents, such a concept always has
 * a page, so the list depends on those documents alone and not on what the rest of the KB
 * holds. Bounded: at most max-sections documents, each with at most its ranked terms. The
 * document being committed counts with its new terms (`own`), since its registry rows change
 * only when the commit lands. A related concept is named as the best of those documents names
 * it, not by its page's current name, which later commits may change without rewriting this page.
 */
export function relatedConceptsFinder(store: StoreReader, doc: string, own: readonly TopicNaming[]): RelatedFinder {
  return (key, sectionDocs, rowOf) => {
    const shared = new Map<string, { count: number; best: TopicNaming & { doc: string } }>();
    for (const other of sectionDocs) {
      for (const m of other === doc ? own : store.topics.namesOfDocument('concept', other)) {
        if (m.key === key) continue;
        const entry = shared.get(m.key);
        const candidate = { ...m, doc: other };
        if (!entry) shared.set(m.key, { count: 1, best: candidate });
        else {
          entry.count++;
          if (m.score > entry.best.score || (m.score === entry.best.score && other < entry.best.doc)) entry.best = candidate;
        }
      }
    }
    return [...shared]
      .filter(([, { count }]) => count >= 2)
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, MAX_RELATED_CONCEPTS)
      .flatMap(([k, { count, best }]) => {
        const row = rowOf(k);
        return row ? [{ link: topicLink('concept', row.slug, best.name), shared: count }] : [];
      });
  };
}
