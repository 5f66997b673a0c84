import type { StoreReader } from '../store/store-reader.js';
import type { TopicNaming } from '../model/registry.js';
import type { ConceptCandidate } from '../analyze/analyze-document.js';
import { rankShippedCandidates, selectSalient } from '../analyze/rank-concepts.js';
import type { RelatedFinder, TopicChoice } from './topic-merge.js';
import { topicLink } from './topic-page.js';

/** Related concepts listed on a concept page. */
export const MAX_RELATED_CONCEPTS = 8;

/**
 * The concepts a document contributes a page to (`pages`, at most `max`, which is
 * compile.concepts_per_document) and the ones its summary names without a page (`terms`).
 * Both come from its concepts as selectSalient picks them (rank-concepts.ts: its title terms,
 * the names it defines, its strongest terms), ranked by their strength in the document alone,
 * so the choice never depends on what else the KB holds. Why 3 pages: `npm run bench:concepts`,
 * tuning half of the PostgreSQL pages, strict F1 of the linked concepts against the book index
 * was 0.316 for 3 a document, 0.271 for 4, 0.252 for 5 and 0.195 for 10; and at 10 most
 * concept pages covered one document (369 of 438 in a 60-document KB), pages that connect nothing.
 */
export function chooseConcepts(candidates: readonly ConceptCandidate[], max: number): { pages: TopicChoice[]; terms: string[] } {
  const ranked = selectSalient(rankShippedCandidates(candidates, candidates.length)).map((c) => ({ key: c.key, name: c.name, score: c.score, mentions: c.mentions, sentences: c.sentences }));
  return { pages: ranked.slice(0, max), terms: ranked.slice(max).map((c) => c.name) };
}

/**
 * Related concepts by co-occurrence: the concepts that most of the page's sectioned documents
 * (its most relevant ones) also contribute to. Bounded: at most max-sections documents, each
 * with at most its per-document number of concepts. The document being committed counts with
 * its new concepts (`own`), since its registry rows change only when the commit lands.
 * A related concept is named as the best of those documents names it, not by its page's
 * current name, which later commits may change without rewriting this page.
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
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, MAX_RELATED_CONCEPTS)
      .flatMap(([k, { count, best }]) => {
        const row = rowOf(k);
        return row ? [{ link: topicLink('concept', row.slug, best.name), shared: count }] : [];
      });
  };
}
