import type { StoreReader } from '../store/store-reader.js';
import type { RegistryOp, TopicRow } from '../model/registry.js';
import type { DocumentAnalysis } from '../analyze/analyze-document.js';
import { chooseConcepts, relatedConceptsFinder } from './concept-pages.js';
import { chooseEntities } from './entity-pages.js';
import { mergeTopicContributions, type TopicChanges } from './topic-merge.js';

export interface ContributionInputs {
  store: StoreReader;
  readPage: (relPath: string) => string | undefined;
  conceptsPerDocument: number;
  maxSections: number;
}

export interface ContributionChanges {
  writes: { path: string; content: string }[];
  deletes: string[];
  /** Ops to apply after the document's own row exists (and before deleteDocument on removal). */
  registry: RegistryOp[];
  concepts: TopicChanges;
  entities: TopicChanges;
  /** The document's concepts past those with a page, named as plain text on its summary. */
  conceptTerms: string[];
}

/**
 * A document's contributions to concept and entity pages, as it is now: what an earlier
 * version contributed is taken back in the same changeset.
 */
export function mergeDocumentContributions(
  inputs: ContributionInputs,
  doc: { name: string; title: string; replacesPrevious: boolean },
  analysis: Pick<DocumentAnalysis, 'concepts' | 'entities'>,
): ContributionChanges {
  const { store } = inputs;
  const { pages: concepts, terms } = chooseConcepts(analysis.concepts, inputs.conceptsPerDocument);
  const pages = { store, readPage: inputs.readPage, maxSections: inputs.maxSections };
  const conceptChanges = mergeTopicContributions(pages, 'concept', doc, concepts, relatedConceptsFinder(store, doc.name, concepts));
  const entityChanges = mergeTopicContributions(pages, 'entity', doc, chooseEntities(analysis.entities));
  return { ...combine(conceptChanges, entityChanges), conceptTerms: terms };
}

/**
 * What removing a document does to concept and entity pages: its sections leave every page, pages left without documents are deleted. For `kb remove`,
 * which adds the deletion of the document's own files and its deleteDocument op (after these).
 */
export function removeDocumentContributions(inputs: Omit<ContributionInputs, 'conceptsPerDocument'>, doc: { name: string; title: string }): ContributionChanges {
  const pages = { store: inputs.store, readPage: inputs.readPage, maxSections: inputs.maxSections };
  const conceptChanges = mergeTopicContributions(pages, 'concept', doc, [], relatedConceptsFinder(inputs.store, doc.name, []));
  const entityChanges = mergeTopicContributions(pages, 'entity', doc, []);
  return combine(conceptChanges, entityChanges);
}

function combine(concepts: TopicChanges, entities: TopicChanges): ContributionChanges {
  // Removal names no terms: the summary goes with the document.
  return {
    writes: [...concepts.writes, ...concepts.catalogWrites, ...entities.writes, ...entities.catalogWrites],
    deletes: [...concepts.deletes, ...entities.deletes],
    registry: [...concepts.registry, ...entities.registry],
    concepts,
    entities,
    conceptTerms: [],
  };
}

/**
 * The `limit` largest topics once this changeset lands, for index.md: the registry's current
 * largest, overlaid with the rows this changeset writes or deletes. Reads limit + changed rows.
 */
export function largestTopicsAfter(store: StoreReader, topic: 'concept' | 'entity', changes: TopicChanges, limit: number): { total: number; top: TopicRow[]; catalogPages: number } {
  const changed = new Map(changes.rows.map((r) => [r.key, r]));
  const gone = new Set(changes.deleted);
  const current = store.topics.largest(topic, limit + changed.size + gone.size).filter((r) => !changed.has(r.key) && !gone.has(r.key));
  const top = [...current, ...changed.values()].sort((a, b) => b.docs - a.docs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, limit);
  const catalogPages = Math.max(store.topics.lastCatalogPage(topic).page, ...changes.rows.map((r) => r.catalog_page));
  return { total: store.topics.count(topic) + changes.created - changes.deleted.length, top, catalogPages };
}
