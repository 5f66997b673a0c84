import type { StoreReader } from '../store/store-reader.js';
import type { TopicKind, TopicRow } from '../model/registry.js';
import { choosePageForNewDocument } from './catalog-pages.js';
import { allGroups, childGroups, groupLink, groupPagesLabel, groupPath, groupsToRewrite, type CatalogGroup } from './catalog-tree.js';
import { renderPage } from '../model/render-page.js';
import { TOPIC_FOLDERS, topicLink } from './topic-page.js';
import { clipAtWord } from '../model/clip-at-word.js';

/**
 * Every concept and entity is listed by name on a catalogue page,
 * `wiki/catalog/<concepts|entities>-NNN.md`, of at most catalogSizes.pageSize (200) entries, the way
 * documents are: a page is given when the concept's page is created and kept after, so a
 * commit rewrites only the catalogue pages of concepts it creates, deletes or whose entry
 * (name, type, description) it changes. Entries carry no counts, which would go stale
 * between those rewrites.
 */
export function topicCatalogPath(topic: TopicKind, page: number): string {
  return `wiki/catalog/${TOPIC_FOLDERS[topic]}-${String(page).padStart(3, '0')}.md`;
}

export function topicCatalogLink(topic: TopicKind, page: number): string {
  return topicCatalogPath(topic, page).replace(/^wiki\//, '').replace(/\.md$/, '');
}

/** Hands out catalogue pages to new topics in the order asked: the last page while it has room. */
export function catalogPageAllocator(store: StoreReader, topic: TopicKind): () => number {
  let last: { page: number; count: number } | undefined;
  return () => {
    last ??= store.topics.lastCatalogPage(topic);
    const page = choosePageForNewDocument(last);
    last = page === last.page ? { page, count: last.count + 1 } : { page, count: 1 };
    return page;
  };
}

export function topicCatalogEntry(topic: TopicKind, row: TopicRow): string {
  const what = row.type ? ` (${row.type})` : '';
  const description = row.description ? ` — ${clipAtWord(row.description).replace(/<!--/g, '&lt;!--')}` : '';
  return `- ${topicLink(topic, row.slug, row.name)}${what}${description}`;
}

/**
 * The catalogue pages a changeset must rewrite: those of topics it deletes or whose entry it
 * creates or changes (`rewrittenKeys`), each read from the registry (at most
 * catalogSizes.pageSize rows) with the changeset's rows laid over; and the group pages above
 * a catalogue page the changeset opens (catalog-tree.ts), or that kb has not written yet.
 */
export function topicCatalogWrites(
  store: StoreReader,
  topic: TopicKind,
  changes: { rows: readonly TopicRow[]; deletedRows: readonly TopicRow[]; rewrittenKeys: ReadonlySet<string> },
): { path: string; content: string }[] {
  const pages = new Set([...changes.rows.filter((r) => changes.rewrittenKeys.has(r.key)), ...changes.deletedRows].map((r) => r.catalog_page));
  const gone = new Set(changes.deletedRows.map((r) => r.key));
  // Topic catalogue pages are kept once given, so the group pages above them change only when a page is opened.
  const lastBefore = store.topics.lastCatalogPage(topic).page;
  const lastAfter = Math.max(lastBefore, ...changes.rows.map((r) => r.catalog_page));
  const groups = new Map<string, { path: string; content: string }>();
  for (let page = lastBefore + 1; page <= lastAfter; page++) {
    for (const group of groupsToRewrite(page, page - 1, page)) groups.set(groupPath(kindOf(topic), group), { path: groupPath(kindOf(topic), group), content: renderTopicGroupPage(topic, group, lastAfter) });
  }
  // Group pages kb never wrote (a KB from before them): one point lookup per group page.
  for (const group of allGroups(lastAfter)) {
    const path = groupPath(kindOf(topic), group);
    if (!groups.has(path) && !store.pages.record(path)) groups.set(path, { path, content: renderTopicGroupPage(topic, group, lastAfter) });
  }
  const catalogPages = [...pages]
    .sort((a, b) => a - b)
    .map((page) => {
      const rows = new Map(store.topics.catalogPage(topic, page).map((r) => [r.key, r]));
      for (const row of changes.rows) if (row.catalog_page === page) rows.set(row.key, row);
      for (const key of gone) rows.delete(key);
      return { path: topicCatalogPath(topic, page), content: renderTopicCatalogPage(topic, page, [...rows.values()]) };
    });
  return [...catalogPages, ...groups.values()];
}

function kindOf(topic: TopicKind): 'concepts' | 'entities' {
  return topic === 'concept' ? 'concepts' : 'entities';
}

/** A group page of topic catalogue pages (catalog-tree.ts): links to the pages, or groups, under it. */
export function renderTopicGroupPage(topic: TopicKind, group: CatalogGroup, lastPage: number): string {
  const what = topic === 'concept' ? 'Concepts' : 'Entities';
  const title = `${what}, catalogue pages ${groupPagesLabel(group)}`;
  const entries = childGroups(group, lastPage).map((g) => `- [[${groupLink(kindOf(topic), g)}|${what}, catalogue ${g.level === 1 ? `page ${g.from}` : `pages ${groupPagesLabel(g)}`}]]`);
  return renderPage({ title, type: 'catalog' }, [`# ${title}`, '', '[[index]]', '', ...entries].join('\n'));
}

/** One catalogue page listing `rows` by key; a page whose topics are all gone says so (it is kept). */
export function renderTopicCatalogPage(topic: TopicKind, page: number, rows: readonly TopicRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const title = `${topic === 'concept' ? 'Concepts' : 'Entities'}, catalogue page ${page}`;
  const entries = sorted.length > 0 ? sorted.map((r) => topicCatalogEntry(topic, r)) : ['_None left on this page._'];
  return renderPage({ title, type: 'catalog' }, [`# ${title}`, '', '[[index]]', '', ...entries].join('\n'));
}
