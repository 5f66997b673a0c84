import type { EntityCandidate } from '../analyze/extract-entities.js';
import type { TopicChoice } from './topic-merge.js';

/** Entity pages a document contributes to, its most mentioned entities first. */
export const MAX_ENTITIES_PER_DOCUMENT = 20;

/**
 * The entities a document contributes to: most mentions first, ties by key. Scored by
 * log-damped mentions, so an entity page keeps the documents that talk about it most.
 */
export function chooseEntities(candidates: readonly EntityCandidate[], max = MAX_ENTITIES_PER_DOCUMENT): TopicChoice[] {
  const byKey = new Map<string, EntityCandidate>();
  // Two candidates with one key (extractors may repeat): the one with more mentions speaks.
  for (const c of candidates) if ((byKey.get(c.key)?.mentions ?? -1) < c.mentions) byKey.set(c.key, c);
  return [...byKey.values()]
    .sort((a, b) => b.mentions - a.mentions || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, max)
    .map((c) => ({ key: c.key, name: c.name, type: c.type, score: Math.round(Math.log(1 + c.mentions) * 1e6) / 1e6, mentions: c.mentions, sentences: c.sentences.slice(0, 3) }));
}
