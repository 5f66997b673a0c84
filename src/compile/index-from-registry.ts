import type { ExplorationRow, Store, TopicKind } from '../store/store.js';
import { CATALOG_PAGE_SIZE } from './catalog-pages.js';
import { INDEX_EXPLORATIONS, INDEX_TOPICS, renderIndexPage, type IndexTopics } from './index-page.js';

/**
 * index.md as the registry says it is now, with `explorations` laid over (a changeset that
 * saves one passes it in, since its row lands only with the commit). For changesets that
 * touch no document or topic; add and remove build theirs with their own rows laid over.
 */
export function indexPageFromRegistry(store: Store, newExploration?: ExplorationRow): string {
  const explorations = store.recentExplorations(INDEX_EXPLORATIONS);
  if (newExploration && !explorations.recent.some((e) => e.slug === newExploration.slug)) {
    explorations.total++;
    explorations.recent = [newExploration, ...explorations.recent].slice(0, INDEX_EXPLORATIONS);
  }
  const total = store.countDocuments();
  return renderIndexPage({
    totalDocuments: total,
    inlineDocuments: total <= CATALOG_PAGE_SIZE ? store.firstDocuments(CATALOG_PAGE_SIZE) : [],
    catalogPages: total > CATALOG_PAGE_SIZE ? store.catalogPages() : [],
    concepts: topicsNow(store, 'concept'),
    entities: topicsNow(store, 'entity'),
    explorations,
  });
}

function topicsNow(store: Store, topic: TopicKind): IndexTopics {
  return { total: store.countTopics(topic), top: store.largestTopics(topic, INDEX_TOPICS), catalogPages: store.lastTopicCatalogPage(topic).page };
}
