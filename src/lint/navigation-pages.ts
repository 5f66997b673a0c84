import type { StoreReader } from '../store/store-reader.js';
import type { TopicKind, TopicRow } from '../model/registry.js';
import { catalogPagePath, renderCatalogGroupPage, renderCatalogPage } from '../compile/catalog-pages.js';
import { catalogTopLevel, groupPath, groupsOfLevel, type CatalogKind } from '../compile/catalog-tree.js';
import { indexPageFromRegistry } from '../compile/index-from-registry.js';
import type { TopicChanges } from '../compile/topic-merge.js';
import { renderTopicCatalogPage, renderTopicGroupPage, topicCatalogPath } from '../compile/topic-catalog.js';
import { indexPage as skeletonIndexPage } from '../core/wiki-skeleton.js';

/** Topic rows a fix changes before it lands: rows written and keys deleted. */
export interface TopicOverlay {
  rows: readonly TopicRow[];
  deleted: readonly string[];
}

const NO_CHANGE: TopicOverlay = { rows: [], deleted: [] };

/**
 * index.md and the catalogue pages as the registry says they should read, path → content,
 * or null for a catalogue page that should not exist (a documents page listing nobody).
 * `existing` are the catalogue pages on disk. With `concepts`, the registry is read as it
 * will be once a fix's concept changes land. Reads every catalogue row: O(knowledge base),
 * which lint is anyway.
 */
export function expectedNavigationPages(store: StoreReader, existing: readonly string[], concepts: TopicOverlay = NO_CHANGE): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const overlays: Record<TopicKind, TopicOverlay> = { concept: concepts, entity: NO_CHANGE };
  out.set('wiki/index.md', indexPageFromRegistry(store, { concepts: asTopicChanges(overlays.concept) }));
  const catalogRows = store.documents.catalogPages();
  const documentPages = new Set(catalogRows.map((p) => p.page));
  for (const page of documentPages) out.set(catalogPagePath(page), renderCatalogPage(page, store.documents.catalogPage(page)));
  for (const rel of existing) {
    const documents = /^wiki\/catalog\/documents-(\d+)\.md$/.exec(rel);
    if (documents && !documentPages.has(Number(documents[1]))) out.set(rel, null);
  }
  const lastDocumentPage = catalogRows.at(-1)?.page ?? 0;
  setGroupPages(out, existing, 'documents', lastDocumentPage, (group) => {
    const pages = catalogRows.filter((p) => p.page >= group.from && p.page <= group.to);
    return pages.length > 0 ? renderCatalogGroupPage(group, pages, lastDocumentPage) : null;
  });
  for (const topic of ['concept', 'entity'] as const) {
    const overlay = overlays[topic];
    const pages = new Set(overlay.rows.map((r) => r.catalog_page));
    for (let page = 1; page <= store.topics.lastCatalogPage(topic).page; page++) pages.add(page);
    const prefix = `wiki/catalog/${topic === 'concept' ? 'concepts' : 'entities'}-`;
    for (const rel of existing) if (rel.startsWith(prefix) && /^\d+\.md$/.test(rel.slice(prefix.length))) pages.add(Number(rel.slice(prefix.length, -3)));
    for (const page of [...pages].sort((a, b) => a - b)) {
      const path = topicCatalogPath(topic, page);
      const rows = new Map(store.topics.catalogPage(topic, page).map((r) => [r.key, r]));
      for (const key of overlay.deleted) rows.delete(key);
      for (const row of overlay.rows) if (row.catalog_page === page) rows.set(row.key, row);
      // kb keeps a page whose topics all went, but never writes one no topic was given.
      if (rows.size > 0 || existing.includes(path)) out.set(path, renderTopicCatalogPage(topic, page, [...rows.values()]));
    }
    const lastPage = Math.max(0, ...pages);
    setGroupPages(out, existing, topic === 'concept' ? 'concepts' : 'entities', lastPage, (group) => renderTopicGroupPage(topic, group, lastPage));
  }
  return out;
}

/** The group pages above catalogue pages 1..lastPage (catalog-tree.ts); any other group page on disk should not exist. */
function setGroupPages(out: Map<string, string | null>, existing: readonly string[], kind: CatalogKind, lastPage: number, render: (group: ReturnType<typeof groupsOfLevel>[number]) => string | null): void {
  const expected = new Set<string>();
  for (let level = 2; level <= catalogTopLevel(lastPage); level++) {
    for (const group of groupsOfLevel(level, lastPage)) {
      const content = render(group);
      if (content === null) continue;
      expected.add(groupPath(kind, group));
      out.set(groupPath(kind, group), content);
    }
  }
  for (const rel of existing) if (rel.startsWith(`wiki/catalog/${kind}-pages-`) && !expected.has(rel)) out.set(rel, null);
}

/** The skeleton index of `kb init` is in sync for a knowledge base that has nothing yet. */
export function isEmptyKbIndex(store: StoreReader, content: string | undefined): boolean {
  return content === skeletonIndexPage() && store.documents.count() === 0 && store.topics.count('concept') === 0 && store.topics.count('entity') === 0 && store.explorations.recent(1).total === 0;
}

function asTopicChanges(overlay: TopicOverlay): TopicChanges {
  return { writes: [], deletes: [], registry: [], rows: [...overlay.rows], deleted: [...overlay.deleted], created: 0, catalogWrites: [], chosen: [], unpaged: [], relink: [], pageAfter: () => undefined };
}

/** Whether a live navigation page is what the registry gives (null: should not exist). */
export function isNavigationPageInSync(live: string | undefined, expected: string | null): boolean {
  return expected === null ? live === undefined : live === expected;
}
