import type { Store } from '../store/store.js';
import type { ConceptCandidate } from './analyze-document.js';
import type { DocumentFrequencies } from './offline/document-frequencies.js';
import { rankShippedCandidates } from './offline/rank-concepts.js';
import type { RelatedFinder, TopicChoice } from './topic-merge.js';
import { topicLink } from './topic-page.js';

/** Related concepts listed on a concept page. */
export const MAX_RELATED_CONCEPTS = 8;

/**
 * The concepts a document contributes to: its candidates ranked against the KB's document
 * frequencies as they will be after this commit, best `max` first.
 */
export function chooseConcepts(candidates: readonly ConceptCandidate[], df: DocumentFrequencies, max: number): TopicChoice[] {
  return rankShippedCandidates(candidates, df, max).map((c) => ({ key: c.key, name: c.name, score: c.score, mentions: c.mentions, sentences: c.sentences }));
}

/**
 * Related concepts by co-occurrence: the concepts that most of the page's sectioned documents
 * (its most relevant ones) also contribute to. Bounded: at most max-sections documents, each
 * with at most its per-document number of concepts. The document being committed counts with
 * its new concepts (`ownKeys`), since its registry rows change only when the commit lands.
 */
export function relatedConceptsFinder(store: Store, doc: string, ownKeys: readonly string[]): RelatedFinder {
  return (key, sectionDocs, rowOf) => {
    const shared = new Map<string, number>();
    for (const other of sectionDocs) {
      for (const k of other === doc ? ownKeys : store.topicsOfDocument('concept', other)) {
        if (k !== key) shared.set(k, (shared.get(k) ?? 0) + 1);
      }
    }
    return [...shared]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, MAX_RELATED_CONCEPTS)
      .flatMap(([k, count]) => {
        const row = rowOf(k);
        return row ? [{ link: topicLink('concept', row.slug, row.name), shared: count }] : [];
      });
  };
}
