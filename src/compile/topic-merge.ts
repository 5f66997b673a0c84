import type { StoreReader } from '../store/store-reader.js';
import type { RegistryOp, TopicKind, TopicMember, TopicRow } from '../model/registry.js';
import { catalogPageAllocator, topicCatalogEntry, topicCatalogWrites } from './topic-catalog.js';
import { allocateSlug } from './topic-slug.js';
import { offlineOverview } from './topic-overview.js';
import { shownLlmOverview } from './topic-synthesis.js';
import { memberBlock, parseSectionBlocks, renderTopicPage, topicPagePath, type PageMember } from './topic-page.js';
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
  /** Concepts only: where the document ranks it among its terms (0: its best). */
  rank?: number;
}

export interface TopicMergeInputs {
  store: StoreReader;
  readPage: (relPath: string) => string | undefined;
  /** Document sections a page keeps (compile.max_sections_per_concept). */
  maxSections: number;
}

/**
 * Whether a topic ranked by `documents` documents (the best of them ranking it `bestRank`) has
 * a page. Without one, every topic a document contributes to has a page (entities).
 */
export type PagePolicy = (key: string, documents: number, bestRank: number) => boolean;

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
   * The document's topics that have a page, in the order chosen (best first): their pages'
   * rows, named as this document names them (a summary page's links then depend on that
   * document alone).
   */
  chosen: TopicRow[];
  /** The names of the document's topics without a page, in the order chosen. */
  unpaged: string[];
  /**
   * Other documents whose summaries must be relinked: they rank a topic whose page this
   * changeset creates (a second document shares it) or deletes (it is left to one), sorted.
   */
  relink: string[];
  /** A topic's page row once this changeset lands; undefined when it has none. */
  pageAfter: (key: string) => TopicRow | undefined;
}

/**
 * Merges one document's contributions into concept or entity pages: `choices` is what it
 * contributes now (empty when it is being removed), and whatever it contributed before is
 * taken out of pages it no longer belongs on. Each touched page is read live and rewritten
 * with only this document's section changed: other documents' sections are kept as written
 * (or, when one moves up into the kept sections, rendered from its registry row). Pages left
 * without documents are deleted. Reads are point lookups and LIMIT-bounded index ranges.
 *
 * With a page policy (concepts), a topic is registered for every document that ranks it but
 * has a page only while the policy says so: a page is created, with a section for every
 * document ranking the topic, when one comes to deserve it, and deleted (its documents staying
 * registered) when it no longer does; `relink` names the other documents whose summaries then
 * link it or stop linking it.
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
  options: { related?: RelatedFinder; hasPage?: PagePolicy } = {},
): TopicChanges {
  const { store, maxSections } = inputs;
  const { related, hasPage } = options;
  const oldKeys = new Set(store.topics.ofDocument(topic, doc.name));
  const chosen = new Map(choices.map((c) => [c.key, c]));
  const touched = [...new Set([...oldKeys, ...chosen.keys()])].sort();
  const pending = new Map<string, TopicRow>();
  const gone = new Set<string>();
  const changes: TopicChanges = {
    writes: [],
    deletes: [],
    registry: [],
    rows: [],
    deleted: [],
    created: 0,
    catalogWrites: [],
    chosen: [],
    unpaged: [],
    relink: [],
    pageAfter: (key) => pending.get(key) ?? (gone.has(key) ? undefined : store.topics.get(topic, key)),
  };
  const deletedRows: TopicRow[] = [];
  const createdKeys = new Set<string>();
  const changedEntryKeys = new Set<string>();

  const existing = new Map<string, TopicRow | undefined>(touched.map((key) => [key, store.topics.get(topic, key)]));
  // First, since slugs are allocated (and catalogue places taken) for pages only.
  const { totals, relink } = membershipAfter(store, topic, doc.name, { touched, existing, oldKeys, chosen }, hasPage);

  // Slugs first, for every page this document is on: related-concept links need them.
  const newSlugs = new Set<string>();
  const slugOf = new Map<string, string>();
  const catalogPageOf = new Map<string, number>();
  const nextCatalogPage = catalogPageAllocator(store, topic);
  for (const key of touched) {
    const row = existing.get(key);
    if (row) {
      slugOf.set(key, row.slug);
      catalogPageOf.set(key, row.catalog_page);
    } else if (totals.get(key)?.page) {
      // A page already there that the registry does not know is the user's: never taken over.
      const slug = allocateSlug(key, topic, (s) => newSlugs.has(s) || store.topics.bySlug(topic, s) !== undefined || inputs.readPage(topicPagePath(topic, s)) !== undefined);
      newSlugs.add(slug);
      slugOf.set(key, slug);
      catalogPageOf.set(key, nextCatalogPage());
    }
  }
  const rowOf = (key: string): TopicRow | undefined => {
    if (gone.has(key)) return undefined;
    return pending.get(key) ?? (slugOf.has(key) && totals.get(key)?.page ? provisionalRow(key) : store.topics.get(topic, key));
  };
  const provisionalRow = (key: string): TopicRow => {
    const row = existing.get(key);
    const choice = chosen.get(key);
    return { key, slug: slugOf.get(key) as string, name: row?.name ?? choice?.name ?? key, docs: row?.docs ?? 1, description: row?.description ?? '', catalog_page: catalogPageOf.get(key) as number };
  };
  for (const key of touched) if (existing.get(key) && !totals.get(key)?.page) gone.add(key);

  for (const key of touched) {
    const row = existing.get(key);
    const choice = chosen.get(key);
    const { total, page } = totals.get(key) as { total: number; page: boolean };
    const memberOp = (): RegistryOp | undefined => {
      if (choice) return { kind: 'setTopicMember', topic, key, member: memberOf(topic, doc.name, choice) };
      return oldKeys.has(key) ? { kind: 'removeTopicMember', topic, key, doc: doc.name } : undefined;
    };
    if (!page) {
      if (row) {
        changes.deletes.push(topicPagePath(topic, row.slug));
        // Documents that still rank the topic stay registered: a later one may share it again.
        changes.registry.push(total > 0 ? { kind: 'deleteTopicPage', topic, key } : { kind: 'deleteTopic', topic, key });
        if (store.topics.overview(topic, key)) changes.registry.push({ kind: 'setTopicOverview', topic, key, overview: null });
        changes.deleted.push(key);
        deletedRows.push(row);
      }
      const op = memberOp();
      if (op) changes.registry.push(op);
      continue;
    }
    const slug = slugOf.get(key) as string;
    const pagePath = topicPagePath(topic, slug);
    // Ranked from the index; a member's row (its sentences) is read only where the page needs
    // it: the best section, and sections the live page does not have as written.
    const members: RankedMember[] = inputs.store.topics.rankedMembers(topic, key, doc.name, maxSections + MAX_LINKED_DOCUMENTS);
    const mine: PageMember | undefined = choice
      ? { doc: doc.name, title: doc.title, name: choice.name, ...(topic === 'entity' ? { type: choice.type ?? 'other' } : {}), score: choice.score, mentions: choice.mentions, sentences: choice.sentences }
      : undefined;
    if (mine) members.push({ doc: mine.doc, score: mine.score, title: mine.title, full: mine });
    members.sort((a, b) => b.score - a.score || (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0));
    const sections = members.slice(0, maxSections);
    const links = members.slice(maxSections, maxSections + MAX_LINKED_DOCUMENTS);
    const live = parseSectionBlocks(inputs.readPage(pagePath));
    const fullMember = (m: RankedMember): PageMember => (m.full ??= inputs.store.topics.member(topic, key, m.doc) as PageMember);
    const best = fullMember(sections[0] as RankedMember);
    const name = best.name || row?.name || key;
    const type = best.type || row?.type || 'other';
    // The overview reads every sectioned member's sentences: at most maxSections point lookups.
    const overview = offlineOverview(name, total, sections.map(fullMember));
    // The model's overview, while every document it cites keeps a section here. Else it is
    // kept, not shown: a recompile's replay passes through pages with fewer documents.
    const llmOverview = shownLlmOverview(store.topics.overview(topic, key), sections.map((m) => m.doc));
    const next: TopicRow = { key, slug, name, ...(topic === 'entity' ? { type } : {}), docs: total, description: overview.lead ? clipAtWord(overview.lead) : '', catalog_page: catalogPageOf.get(key) as number };
    if (row && topicCatalogEntry(topic, row) !== topicCatalogEntry(topic, next)) changedEntryKeys.add(key);
    pending.set(key, next);
    const content = renderTopicPage({
      topic,
      name,
      ...(topic === 'entity' ? { entityType: type } : {}),
      total,
      overview: llmOverview?.text ?? overview.text,
      ...(llmOverview ? { overviewByLlm: true } : {}),
      sections: sections.map((m) => ({ doc: m.doc, block: (m.doc !== doc.name && live.get(m.doc)) || memberBlock(topic, fullMember(m)) })),
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
    const op = memberOp();
    if (op) changes.registry.push(op);
  }
  for (const c of choices) {
    const row = pending.get(c.key);
    if (row) changes.chosen.push({ ...row, name: c.name, ...(topic === 'entity' ? { type: c.type ?? 'other' } : {}) });
    else changes.unpaged.push(c.name);
  }
  changes.relink = [...relink].sort();
  changes.catalogWrites = topicCatalogWrites(store, topic, { rows: changes.rows, deletedRows, rewrittenKeys: new Set([...createdKeys, ...changedEntryKeys]) });
  return changes;
}

/**
 * Who ranks each touched topic once this document's change lands, and so whether it has a
 * page; and the other documents whose summaries name a topic that gains or loses its page.
 */
function membershipAfter(
  store: StoreReader,
  topic: TopicKind,
  doc: string,
  touch: { touched: readonly string[]; existing: ReadonlyMap<string, TopicRow | undefined>; oldKeys: ReadonlySet<string>; chosen: ReadonlyMap<string, TopicChoice> },
  hasPage: PagePolicy | undefined,
): { totals: Map<string, { total: number; page: boolean }>; relink: Set<string> } {
  const totals = new Map<string, { total: number; page: boolean }>();
  const relink = new Set<string>();
  for (const key of touch.touched) {
    const row = touch.existing.get(key);
    const choice = touch.chosen.get(key);
    if (!hasPage) {
      const total = (row?.docs ?? 0) - (touch.oldKeys.has(key) ? 1 : 0) + (choice ? 1 : 0);
      totals.set(key, { total, page: total > 0 });
      continue;
    }
    // A topic with a page has its documents counted on its row (every commit changing its
    // members rewrites the row), so a concept thousands of documents rank is not counted again
    // on each commit. One without a page has at most one document: two give it a page.
    const others = row ? { count: row.docs - (touch.oldKeys.has(key) ? 1 : 0), bestRank: store.topics.bestOtherRank(key, doc) } : store.topics.memberStats(topic, key, doc);
    const total = others.count + (choice ? 1 : 0);
    const page = total > 0 && hasPage(key, total, Math.min(others.bestRank, choice?.rank ?? Infinity));
    totals.set(key, { total, page });
    // A page appears when a second document comes and goes when one is left, so these are few.
    if (others.count > 0 && page !== (row !== undefined)) for (const m of store.topics.topMembers(topic, key, doc, others.count)) relink.add(m.doc);
  }
  relink.delete(doc);
  return { totals, relink };
}

/** A page's member as ranked (document, score, title), with its whole row once read. */
interface RankedMember {
  doc: string;
  score: number;
  title: string;
  full?: PageMember;
}

/** The registry row of one document's contribution to a topic. */
function memberOf(topic: TopicKind, doc: string, choice: TopicChoice): TopicMember {
  return {
    doc,
    name: choice.name,
    ...(topic === 'entity' ? { type: choice.type ?? 'other' } : { rank: choice.rank ?? 0 }),
    score: choice.score,
    mentions: choice.mentions,
    sentences: choice.sentences,
  };
}
