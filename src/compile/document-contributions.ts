import type { StoreReader } from '../store/store-reader.js';
import type { RegistryOp, TopicRow } from '../model/registry.js';
import type { DocumentAnalysis } from '../analyze/analyze-document.js';
import { unlinkDeletedPages } from './backlinks.js';
import { conceptHasPage, rankDocumentTerms, relatedConceptsFinder } from './concept-pages.js';
import { chooseEntities } from './entity-pages.js';
import { relinkSummaries } from './summary-relink.js';
import { mergeTopicContributions, type PagePolicy, type TopicChanges } from './topic-merge.js';

export interface ContributionInputs {
  store: StoreReader;
  readPage: (relPath: string) => string | undefined;
  /** compile.concepts_per_document: a document's best terms that get a page even unshared. */
  conceptsPerDocument: number;
  maxSections: number;
  /**
   * Whether the live page of a concept holds words a user wrote (commit/live-page.ts): such a
   * page is kept while any document ranks the concept, even when it connects nothing.
   */
  keepsConceptPage?: (key: string) => boolean;
}

export interface ContributionChanges {
  writes: { path: string; content: string }[];
  deletes: string[];
  /** Ops to apply after the document's own row exists (and before deleteDocument on removal). */
  registry: RegistryOp[];
  concepts: TopicChanges;
  entities: TopicChanges;
  /** The document's ranked terms without a page, named as plain text on its summary. */
  conceptTerms: string[];
  /** Other documents' summaries rewritten because a term of theirs gained or lost its page. */
  relinked: Map<string, string>;
}

/**
 * A document's contributions to concept and entity pages, as it is now: what an earlier
 * version contributed is taken back in the same changeset, and other documents' summaries
 * are relinked where a concept page appears or goes.
 */
export function mergeDocumentContributions(
  inputs: ContributionInputs,
  doc: { name: string; title: string; replacesPrevious: boolean },
  analysis: Pick<DocumentAnalysis, 'concepts' | 'entities'>,
): ContributionChanges {
  const { store } = inputs;
  const terms = rankDocumentTerms(analysis.concepts, inputs.conceptsPerDocument);
  const pages = { store, readPage: inputs.readPage, maxSections: inputs.maxSections };
  const conceptChanges = mergeTopicContributions(pages, 'concept', doc, terms, { related: relatedConceptsFinder(store, doc.name, terms), hasPage: conceptPagePolicy(inputs) });
  const entityChanges = mergeTopicContributions(pages, 'entity', doc, chooseEntities(analysis.entities));
  return combine(inputs, conceptChanges, entityChanges);
}

/**
 * What removing a document does to concept and entity pages: its sections leave every page, pages left without documents are deleted. For `kb remove`,
 * which adds the deletion of the document's own files and its deleteDocument op (after these).
 */
export function removeDocumentContributions(inputs: ContributionInputs, doc: { name: string; title: string }): ContributionChanges {
  const pages = { store: inputs.store, readPage: inputs.readPage, maxSections: inputs.maxSections };
  const conceptChanges = mergeTopicContributions(pages, 'concept', doc, [], { related: relatedConceptsFinder(inputs.store, doc.name, []), hasPage: conceptPagePolicy(inputs) });
  const entityChanges = mergeTopicContributions(pages, 'entity', doc, []);
  return combine(inputs, conceptChanges, entityChanges);
}

function conceptPagePolicy(inputs: ContributionInputs): PagePolicy {
  return (key, documents, bestRank) => conceptHasPage(documents, bestRank, inputs.conceptsPerDocument) || (inputs.keepsConceptPage?.(key) ?? false);
}

function combine(inputs: ContributionInputs, concepts: TopicChanges, entities: TopicChanges): ContributionChanges {
  const relinked = relinkSummaries(inputs, concepts);
  return {
    writes: [...concepts.writes, ...concepts.catalogWrites, ...entities.writes, ...entities.catalogWrites, ...[...relinked].map(([path, content]) => ({ path, content }))],
    deletes: [...concepts.deletes, ...entities.deletes],
    registry: [...concepts.registry, ...entities.registry],
    concepts,
    entities,
    conceptTerms: concepts.unpaged,
    relinked,
  };
}

/**
 * The rewrites of pages whose recorded links point at pages this changeset deletes
 * (backlinks.ts), and the contributions' writes: a summary relinked here and unlinked there is
 * written once, with both changes.
 */
export function writesWithUnlinkedPages(
  inputs: { store: StoreReader; readPage: (relPath: string) => string | undefined },
  contributions: ContributionChanges,
  deletes: readonly string[],
  handled: ReadonlySet<string>,
): { writes: { path: string; content: string }[]; registry: RegistryOp[] } {
  const readPage = (relPath: string): string | undefined => contributions.relinked.get(relPath) ?? inputs.readPage(relPath);
  const unlinked = unlinkDeletedPages({ store: inputs.store, readPage }, deletes, handled);
  const rewritten = new Set(unlinked.writes.map((w) => w.path));
  return { writes: [...contributions.writes.filter((w) => !rewritten.has(w.path)), ...unlinked.writes], registry: unlinked.registry };
}

/**
 * The `limit` largest topics once this changeset lands, for index.md: the registry's current
 * largest, overlaid with the rows this changeset writes or deletes. Reads limit + changed rows.
 */
export function largestTopicsAfter(store: StoreReader, topic: 'concept' | 'entity', changes: Pick<TopicChanges, 'rows' | 'deleted' | 'created'>, limit: number): { total: number; top: TopicRow[]; catalogPages: number } {
  const changed = new Map(changes.rows.map((r) => [r.key, r]));
  const gone = new Set(changes.deleted);
  const current = store.topics.largest(topic, limit + changed.size + gone.size).filter((r) => !changed.has(r.key) && !gone.has(r.key));
  const top = [...current, ...changed.values()].sort((a, b) => b.docs - a.docs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, limit);
  const catalogPages = Math.max(store.topics.lastCatalogPage(topic).page, ...changes.rows.map((r) => r.catalog_page));
  return { total: store.topics.count(topic) + changes.created - changes.deleted.length, top, catalogPages };
}
