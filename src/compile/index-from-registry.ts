import type { StoreReader } from '../store/store-reader.js';
import type { ExplorationRow } from '../model/registry.js';
import { catalogSizes } from './catalog-tree.js';
import { largestTopicsAfter } from './document-contributions.js';
import { INDEX_EXPLORATIONS, INDEX_TOPICS, renderIndexPage } from './index-page.js';
import type { TopicChanges } from './topic-merge.js';

const NO_TOPIC_CHANGES: TopicChanges = { writes: [], deletes: [], registry: [], rows: [], deleted: [], created: 0, catalogWrites: [], chosen: [], unpaged: [], relink: [], pageAfter: () => undefined };

/**
 * index.md as the registry says it is now, with what a changeset is about to change laid
 * over (its rows land only with the commit): an exploration it saves, concept rows a lint
 * fix rewrites or deletes. For changesets that add or remove no document; add and remove
 * build theirs with their own document rows laid over.
 */
export function indexPageFromRegistry(store: StoreReader, pending: { exploration?: ExplorationRow; concepts?: TopicChanges } = {}): string {
  const explorations = store.explorations.recent(INDEX_EXPLORATIONS);
  const added = pending.exploration;
  if (added && !explorations.recent.some((e) => e.slug === added.slug)) {
    explorations.total++;
    explorations.recent = [added, ...explorations.recent].slice(0, INDEX_EXPLORATIONS);
  }
  const total = store.documents.count();
  return renderIndexPage({
    totalDocuments: total,
    inlineDocuments: total <= catalogSizes.pageSize ? store.documents.first(catalogSizes.pageSize) : [],
    catalogPages: total > catalogSizes.pageSize ? store.documents.catalogPages() : [],
    concepts: largestTopicsAfter(store, 'concept', pending.concepts ?? NO_TOPIC_CHANGES, INDEX_TOPICS),
    entities: largestTopicsAfter(store, 'entity', NO_TOPIC_CHANGES, INDEX_TOPICS),
    explorations,
  });
}
