import type { StoreReader } from '../store/store-reader.js';
import type { RegistryOp, TopicKind, TopicRow } from '../model/registry.js';
import { inlineText } from '../model/render-page.js';
import { catalogPageAllocator, topicCatalogEntry, topicCatalogWrites } from './topic-catalog.js';
import { allocateSlug } from './topic-slug.js';
import { memberBlock, pageText, parseSectionBlocks, renderTopicPage, topicPagePath, type PageMember } from './topic-page.js';
import { clipAtWord } from '../model/clip-at-word.js';

/** A concept or entity this document contributes to, chosen and scored by commit. */
export interface TopicChoice {
  key: string;
  name: string;
  /** Entities only. */
  type?: string;
  score: number;
  mentions: number;
  sentences: string[];
}

export interface TopicMergeInputs {
  store: StoreReader;
  readPage: (relPath: string) => string | undefined;
  /** Document sections a page keeps (compile.max_sections_per_concept). */
  maxSections: number;
}

/** Documents past the sections that a page still links by name; the rest are counted only. */
export const MAX_LINKED_DOCUMENTS = 20;

/** Finds a page's related topics from the documents that have sections on it. */
export type RelatedFinder = (key: string, sectionDocs: readonly string[], rowOf: (key: string) => TopicRow | undefined) => { link: string; shared: number }[];

export interface TopicChanges {
  writes: { path: string; content: string }[];
  deletes: string[];
  registry: RegistryOp[];
  /** Registry rows of the pages this changeset writes, as they will be. */
  rows: TopicRow[];
  /** Keys of pages this changeset deletes. */
  deleted: string[];
  /** How many pages this changeset creates. */
  created: number;
  /** Catalogue pages to rewrite (topics created, deleted or renamed there). */
  catalogWrites: { path: string; content: string }[];
  /**
   * The document's topics, in the order chosen (best first): their pages' rows, named as this
   * document names them (a summary page's links then depend on that document alone).
   */
  chosen: TopicRow[];
}

/**
 * Merges one document's contributions into concept or entity pages: `choices` is what it
 * contributes now (empty when it is being removed), and whatever it contributed before is
 * taken out of pages it no longer belongs on. Each touched page is read live and rewritten
 * with only this document's section changed: other documents' sections are kept as written
 * (or, when one moves up into the kept sections, rendered from its registry row). Pages left
 * without documents are deleted. Reads are point lookups and LIMIT-bounded index ranges.
 *
 * A page is a function of the set of documents on it, never of the order they came in: it is
 * named (and an entity typed) as its best section's document names it, and its sections are
 * ordered by score, then document name. The one exception is the slug and catalogue page a
 * topic gets when its page is created, kept while it exists.
 */
export function mergeTopicContributions(
  inputs: TopicMergeInputs,
  topic: TopicKind,
  doc: { name: string; title: string },
  choices: readonly TopicChoice[],
  related?: RelatedFinder,
): TopicChanges {
  const { store, maxSections } = inputs;
  const oldKeys = new Set(store.topics.ofDocument(topic, doc.name));
  const chosen = new Map(choices.map((c) => [c.key, c]));
  const touched = [...new Set([...oldKeys, ...chosen.keys()])].sort();
  const changes: TopicChanges = { writes: [], deletes: [], registry: [], rows: [], deleted: [], created: 0, catalogWrites: [], chosen: [] };
  const deletedRows: TopicRow[] = [];
  const createdKeys = new Set<string>();
  const changedEntryKeys = new Set<string>();

  // Slugs first, for every page this document is on: related-concept links need them.
  const existing = new Map<string, TopicRow | undefined>(touched.map((key) => [key, store.topics.get(topic, key)]));
  const newSlugs = new Set<string>();
  const slugOf = new Map<string, string>();
  const catalogPageOf = new Map<string, number>();
  const nextCatalogPage = catalogPageAllocator(store, topic);
  for (const key of touched) {
    const row = existing.get(key);
    if (row) {
      slugOf.set(key, row.slug);
      catalogPageOf.set(key, row.catalog_page);
    } else {
      // A page already there that the registry does not know is the user's: never taken over.
      const slug = allocateSlug(key, topic, (s) => newSlugs.has(s) || store.topics.bySlug(topic, s) !== undefined || inputs.readPage(topicPagePath(topic, s)) !== undefined);
      newSlugs.add(slug);
      slugOf.set(key, slug);
      catalogPageOf.set(key, nextCatalogPage());
    }
  }
  const pending = new Map<string, TopicRow>();
  const rowOf = (key: string): TopicRow | undefined => pending.get(key) ?? (slugOf.has(key) ? provisionalRow(key) : store.topics.get(topic, key));
  const provisionalRow = (key: string): TopicRow => {
    const row = existing.get(key);
    const choice = chosen.get(key);
    return { key, slug: slugOf.get(key) as string, name: row?.name ?? choice?.name ?? key, docs: row?.docs ?? 1, description: row?.description ?? '', catalog_page: catalogPageOf.get(key) as number };
  };

  for (const key of touched) {
    const row = existing.get(key);
    const choice = chosen.get(key);
    const wasMember = oldKeys.has(key);
    const total = (row?.docs ?? 0) - (wasMember ? 1 : 0) + (choice ? 1 : 0);
    const slug = slugOf.get(key) as string;
    const pagePath = topicPagePath(topic, slug);
    if (total <= 0) {
      if (row) {
        changes.deletes.push(pagePath);
        changes.registry.push({ kind: 'deleteTopic', topic, key });
        changes.deleted.push(key);
        deletedRows.push(row);
      }
      continue;
    }
    const members: PageMember[] = inputs.store.topics.topMembers(topic, key, doc.name, maxSections + MAX_LINKED_DOCUMENTS);
    const mine: PageMember | undefined = choice
      ? { doc: doc.name, title: doc.title, name: choice.name, ...(topic === 'entity' ? { type: choice.type ?? 'other' } : {}), score: choice.score, mentions: choice.mentions, sentences: choice.sentences }
      : undefined;
    if (mine) members.push(mine);
    members.sort((a, b) => b.score - a.score || (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0));
    const sections = members.slice(0, maxSections);
    const links = members.slice(maxSections, maxSections + MAX_LINKED_DOCUMENTS);
    const live = parseSectionBlocks(inputs.readPage(pagePath));
    const best = sections[0] as PageMember;
    const name = best.name || row?.name || key;
    const type = best.type || row?.type || 'other';
    const lead = best.sentences[0];
    const overview = lead ? pageText(lead) : `_${inlineText(name, 120)} is mentioned in ${total} document${total === 1 ? '' : 's'}._`;
    const next: TopicRow = { key, slug, name, ...(topic === 'entity' ? { type } : {}), docs: total, description: lead ? clipAtWord(lead) : '', catalog_page: catalogPageOf.get(key) as number };
    if (row && topicCatalogEntry(topic, row) !== topicCatalogEntry(topic, next)) changedEntryKeys.add(key);
    pending.set(key, next);
    const content = renderTopicPage({
      topic,
      name,
      ...(topic === 'entity' ? { entityType: type } : {}),
      total,
      overview,
      sections: sections.map((m) => ({ doc: m.doc, block: (m !== mine && live.get(m.doc)) || memberBlock(topic, m) })),
      links: links.map((m) => ({ doc: m.doc, title: m.title })),
      unlisted: total - sections.length - links.length,
      related: related ? related(key, sections.map((m) => m.doc), rowOf) : [],
    });
    changes.writes.push({ path: pagePath, content });
    changes.rows.push(next);
    if (!row) {
      changes.created++;
      createdKeys.add(key);
    }
    changes.registry.push({ kind: 'upsertTopic', topic, row: next });
    if (mine) changes.registry.push({ kind: 'setTopicMember', topic, key, member: { doc: mine.doc, name: mine.name, ...(mine.type ? { type: mine.type } : {}), score: mine.score, mentions: mine.mentions, sentences: mine.sentences } });
    else changes.registry.push({ kind: 'removeTopicMember', topic, key, doc: doc.name });
  }
  changes.chosen = choices.map((c) => ({ ...(pending.get(c.key) as TopicRow), name: c.name, ...(topic === 'entity' ? { type: c.type ?? 'other' } : {}) }));
  changes.catalogWrites = topicCatalogWrites(store, topic, { rows: changes.rows, deletedRows, rewrittenKeys: new Set([...createdKeys, ...changedEntryKeys]) });
  return changes;
}
