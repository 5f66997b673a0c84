/*
 * compile/: planning. Turns analysed documents and the registry into the pages kb writes
 * (sources, summaries, concept and entity pages, index, catalogues, log, backlinks) and the
 * registry rows that go with them, as one Changeset per command; it writes nothing itself
 * (commit/ applies changesets). One entry per command: compile-add.ts (this file),
 * compile-remove.ts, compile-recompile.ts, compile-exploration.ts.
 */
import type { Changeset } from '../model/changeset.js';
import { defaultConfig } from '../config/config-schema.js';
import { logEntry } from '../core/wiki-skeleton.js';
import type { SectionNode } from '../model/converted-document.js';
import type { StoreReader } from '../store/store-reader.js';
import type { DocumentRow, SectionRow } from '../model/registry.js';
import type { DocumentAnalysis } from '../analyze/analyze-document.js';
import { freeLinkTargets } from './backlinks.js';
import { catalogPageOf, catalogPagePath, choosePageForNewDocument, documentCatalogChanges, renderCatalogPage } from './catalog-pages.js';
import { catalogSizes } from './catalog-tree.js';
import { renderSummaryPage } from './document-pages.js';
import { largestTopicsAfter, mergeDocumentContributions, writesWithUnlinkedPages } from './document-contributions.js';
import { INDEX_EXPLORATIONS, INDEX_TOPICS, renderIndexPage } from './index-page.js';
import { appendLogEntry } from './log-page.js';
import { pageTextFor, plainLinkText } from './page-text.js';
import { topicPagePath } from './topic-page.js';

export interface AddedDocument {
  doc: string;
  fileName: string;
  originalPath: string;
  ext: string;
  hash: string;
  size: number;
  analysis: DocumentAnalysis;
  sections: SectionNode[];
  /** Staged files to publish. */
  stagedRaw: string;
  stagedSource: string;
}

export interface CompileAddInputs {
  store: StoreReader;
  /** Reads a live page (KB-relative path); undefined when it does not exist. */
  readPage: (relPath: string) => string | undefined;
  now: Date;
  /** compile.concepts_per_document and compile.max_sections_per_concept. */
  compile?: { concepts_per_document: number; max_sections_per_concept: number };
  /** Whether the live page of a concept holds a user's words: kept while any document ranks it (document-contributions.ts). */
  keepsConceptPage?: (key: string) => boolean;
}

/**
 * The commit half of adding one document: reads the live registry and pages it will change
 * and returns the changeset — raw file and source page published from staging, summary page,
 * the document's catalogue page, the concept and entity pages it contributes to (or no longer
 * does, when it replaces an earlier version), index.md and log.md, registry and section rows. Every page
 * it writes is bounded in size, so a commit costs the same with 10 or 10,000 documents.
 */
export function compileAdd(inputs: CompileAddInputs, added: AddedDocument): Changeset {
  const { store, now } = inputs;
  const previous = store.documents.get(added.doc);
  const row: DocumentRow = {
    name: added.doc,
    title: added.analysis.title,
    hash: added.hash,
    original_path: added.originalPath,
    raw_path: `raw/${added.doc}${added.ext}`,
    source_path: `wiki/sources/${added.doc}.md`,
    summary_path: `wiki/summaries/${added.doc}.md`,
    size: added.size,
    added_at: previous?.added_at ?? now.toISOString(),
    updated_at: now.toISOString(),
    pages: added.analysis.pages ?? null,
    description: added.analysis.engine === 'llm' ? plainLinkText(added.analysis.description) : added.analysis.description,
    catalog_page: previous?.catalog_page ?? choosePageForNewDocument(store.documents.lastCatalogPage()),
  };
  const page = row.catalog_page ?? 1;
  const catalogRows = [...store.documents.catalogPage(page).filter((d) => d.name !== row.name), row];
  const total = store.documents.count() + (previous ? 0 : 1);
  // The commands always pass the KB's config; without one (a test), its defaults.
  const settings = inputs.compile ?? defaultConfig().compile;
  const contributions = mergeDocumentContributions(
    {
      store,
      readPage: inputs.readPage,
      conceptsPerDocument: settings.concepts_per_document,
      maxSections: settings.max_sections_per_concept,
      ...(inputs.keepsConceptPage ? { keepsConceptPage: inputs.keepsConceptPage } : {}),
    },
    { name: row.name, title: row.title, replacesPrevious: previous !== undefined },
    withPlainTopicSentences(added.analysis),
  );
  const topics = { concepts: contributions.concepts.chosen, entities: contributions.entities.chosen, terms: contributions.conceptTerms };
  const catalog = documentCatalogChanges(store, inputs.readPage, catalogPageOf(page, catalogRows));
  const indexPage = renderIndexPage({
    totalDocuments: total,
    inlineDocuments: total <= catalogSizes.pageSize ? withRow(store.documents.first(catalogSizes.pageSize + 1), row) : [],
    catalogPages: total > catalogSizes.pageSize ? catalog.indexPages : [],
    concepts: largestTopicsAfter(store, 'concept', contributions.concepts, INDEX_TOPICS),
    entities: largestTopicsAfter(store, 'entity', contributions.entities, INDEX_TOPICS),
    explorations: store.explorations.recent(INDEX_EXPLORATIONS),
  });
  const log = appendLogEntry(inputs.readPage('wiki/log.md') ?? '', logEntry(now, previous ? 'update' : 'add', `${added.doc} (${added.fileName})`));
  const summary = renderSummaryPage({ doc: added.doc, fileName: added.fileName }, added.analysis, topics, pageTextFor(added.analysis, { readPage: inputs.readPage, created: createdTargets(row, contributions.writes), topicPage: (key) => registeredTopicPage(store, key) }));
  // The pages LLM text links beyond the document's own (which outlive it only if it stays),
  // recorded so that deleting one of them later unlinks this summary (backlinks.ts).
  const ownPages = new Set([row.summary_path, row.source_path, ...topics.concepts.map((t) => topicPagePath('concept', t.slug)), ...topics.entities.map((t) => topicPagePath('entity', t.slug))]);
  const summaryLinks = added.analysis.engine === 'llm' ? freeLinkTargets(summary, ownPages) : [];
  const deletes = [...(previous && previous.raw_path !== row.raw_path ? [previous.raw_path] : []), ...catalog.deletes, ...contributions.deletes];
  const unlinked = writesWithUnlinkedPages(inputs, contributions, deletes, new Set([row.summary_path]));

  const changeset: Changeset = {
    op: 'add',
    detail: `${added.doc} (${added.fileName})`,
    writes: [
      { path: row.summary_path, content: summary },
      { path: catalogPagePath(page), content: renderCatalogPage(page, catalogRows) },
      ...catalog.writes,
      { path: 'wiki/index.md', content: indexPage },
      ...unlinked.writes,
      { path: 'wiki/log.md', content: log.logPage },
      ...(log.archive ? [{ path: log.archive.path, content: log.archive.content }] : []),
    ],
    publishes: [
      { path: row.raw_path, from: added.stagedRaw },
      { path: row.source_path, from: added.stagedSource },
    ],
    deletes,
    registry: [
      { kind: 'upsertDocument', doc: row },
      { kind: 'replaceSections', doc: row.name, sections: added.sections.map(toSectionRow) },
      ...contributions.registry,
      { kind: 'setPageLinks', page: row.summary_path, targets: summaryLinks },
      ...unlinked.registry,
    ],
  };
  return changeset;
}

/**
 * LLM sentences about a concept or entity land on shared pages that later commits rewrite
 * around them, where a link's target could not be re-checked: their links become plain text.
 */
function withPlainTopicSentences(analysis: DocumentAnalysis): DocumentAnalysis {
  if (analysis.engine !== 'llm') return analysis;
  const plain = <T extends { sentences: string[] }>(c: T): T => ({ ...c, sentences: c.sentences.map(plainLinkText) });
  return { ...analysis, concepts: analysis.concepts.map(plain), entities: analysis.entities.map(plain) };
}

export function registeredTopicPage(store: StoreReader, key: string): string | undefined {
  const concept = store.topics.get('concept', key);
  if (concept) return `concepts/${concept.slug}`;
  const entity = store.topics.get('entity', key);
  return entity ? `entities/${entity.slug}` : undefined;
}

/** Wiki-relative link targets the changeset creates: the document's own pages and the topic pages it writes. */
function createdTargets(row: DocumentRow, writes: readonly { path: string }[]): string[] {
  const own = [row.summary_path, row.source_path];
  return [...own, ...writes.map((w) => w.path)].map((p) => p.replace(/^wiki\//, '').replace(/\.md$/, ''));
}

function withRow(rows: DocumentRow[], row: DocumentRow): DocumentRow[] {
  return [...rows.filter((r) => r.name !== row.name), row].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, catalogSizes.pageSize);
}

function toSectionRow(section: SectionNode, idx: number): SectionRow {
  return {
    idx,
    title: section.title,
    level: section.level,
    start_offset: section.start,
    end_offset: section.end,
    page_start: section.pageStart ?? null,
    page_end: section.pageEnd ?? null,
  };
}
