import path from 'node:path';
import type { Changeset } from '../model/changeset.js';
import { defaultConfig } from '../config/config-schema.js';
import { logEntry } from '../core/wiki-skeleton.js';
import type { StoreReader } from '../store/store-reader.js';
import type { DocumentRow } from '../model/registry.js';
import { catalogPageOf, catalogPagePath, documentCatalogChanges, renderCatalogPage } from './catalog-pages.js';
import { catalogSizes } from './catalog-tree.js';
import { largestTopicsAfter, removeDocumentContributions, writesWithUnlinkedPages } from './document-contributions.js';
import { INDEX_EXPLORATIONS, INDEX_TOPICS, renderIndexPage } from './index-page.js';
import { appendLogEntry } from './log-page.js';

export interface CompileRemoveInputs {
  store: StoreReader;
  /** Reads a live page (KB-relative path); undefined when it does not exist. */
  readPage: (relPath: string) => string | undefined;
  now: Date;
  compile?: { concepts_per_document: number; max_sections_per_concept: number };
  /** Whether the live page of a concept holds a user's words: kept while any document ranks it (document-contributions.ts). */
  keepsConceptPage?: (key: string) => boolean;
  /** Leaves raw/<doc>.<ext> out of the changeset: the caller moves it to raw/kept/ (remove.ts). */
  keepRaw?: boolean;
}

/**
 * The commit half of removing one document: its source and summary pages (and raw file),
 * its sections on concept and entity pages (pages left without documents are deleted, with
 * their catalogue entries), its catalogue page, index.md and log.md, and its registry rows.
 * Document frequencies are taken back before the document row goes (deleteDocument last).
 */
export function compileRemove(inputs: CompileRemoveInputs, doc: DocumentRow): Changeset {
  const { store } = inputs;
  const fileName = path.basename(doc.original_path);
  // The commands always pass the KB's config; without one (a test), its defaults.
  const settings = inputs.compile ?? defaultConfig().compile;
  const contributions = removeDocumentContributions(
    {
      store,
      readPage: inputs.readPage,
      conceptsPerDocument: settings.concepts_per_document,
      maxSections: settings.max_sections_per_concept,
      ...(inputs.keepsConceptPage ? { keepsConceptPage: inputs.keepsConceptPage } : {}),
    },
    { name: doc.name, title: doc.title },
  );
  const page = doc.catalog_page ?? 1;
  const catalogRows = store.documents.catalogPage(page).filter((d) => d.name !== doc.name);
  const total = store.documents.count() - 1;
  const catalog = documentCatalogChanges(store, inputs.readPage, catalogPageOf(page, catalogRows));
  const indexPage = renderIndexPage({
    totalDocuments: total,
    inlineDocuments: total <= catalogSizes.pageSize ? store.documents.first(catalogSizes.pageSize + 1).filter((d) => d.name !== doc.name) : [],
    catalogPages: total > catalogSizes.pageSize ? catalog.indexPages : [],
    concepts: largestTopicsAfter(store, 'concept', contributions.concepts, INDEX_TOPICS),
    entities: largestTopicsAfter(store, 'entity', contributions.entities, INDEX_TOPICS),
    explorations: store.explorations.recent(INDEX_EXPLORATIONS),
  });
  const detail = `${doc.name} (${fileName})`;
  const log = appendLogEntry(inputs.readPage('wiki/log.md') ?? '', logEntry(inputs.now, 'remove', detail));
  const catalogPath = catalogPagePath(page);
  const deletes = [doc.source_path, doc.summary_path, ...(inputs.keepRaw ? [] : [doc.raw_path]), ...(catalogRows.length === 0 ? [catalogPath] : []), ...catalog.deletes, ...contributions.deletes];
  const unlinked = writesWithUnlinkedPages(inputs, contributions, deletes, new Set());
  return {
    op: 'remove',
    detail,
    writes: [
      ...(catalogRows.length > 0 ? [{ path: catalogPath, content: renderCatalogPage(page, catalogRows) }] : []),
      ...catalog.writes,
      { path: 'wiki/index.md', content: indexPage },
      ...unlinked.writes,
      { path: 'wiki/log.md', content: log.logPage },
      ...(log.archive ? [{ path: log.archive.path, content: log.archive.content }] : []),
    ],
    publishes: [],
    deletes,
    registry: [...contributions.registry, ...unlinked.registry, { kind: 'setPageLinks', page: doc.summary_path, targets: [] }, { kind: 'deleteDocument', name: doc.name }],
  };
}

