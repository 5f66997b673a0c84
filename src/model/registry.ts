/**
 * The rows of kb.db as kb reads and writes them, and the registry ops a changeset carries:
 * plain data, shared by the store that keeps them and every layer that plans changes.
 */
export interface DocumentRow {
  name: string;
  title: string;
  hash: string;
  original_path: string;
  raw_path: string;
  source_path: string;
  summary_path: string;
  size: number;
  added_at: string;
  updated_at: string;
  /** Page count of paged formats. */
  pages?: number | null;
  /** One line saying what the document is, for index and catalogue entries. */
  description?: string;
  /** Which `wiki/catalog/documents-NNN.md` lists this document (see compile/catalog). */
  catalog_page?: number;
}

export interface SectionRow {
  idx: number;
  title: string;
  level: number;
  start_offset: number;
  end_offset: number;
  page_start: number | null;
  page_end: number | null;
}

/** Concept and entity pages share one shape: a page per key, documents contributing to it. */
export type TopicKind = 'concept' | 'entity';

/** A concept or entity page registered in kb.db. `type` is set for entities only. */
export interface TopicRow {
  key: string;
  slug: string;
  name: string;
  type?: string;
  /** How many documents contribute to the page. */
  docs: number;
  /** One line for index.md: the page's overview, clipped. */
  description: string;
  /** Which `wiki/catalog/<concepts|entities>-NNN.md` lists it (set when the page is created). */
  catalog_page: number;
}

/** An overview an LLM wrote for a concept or entity page (compile/topic-synthesis.ts). */
export interface TopicOverview {
  /** overviewBasis of the page's top sections when it was written. */
  basis: string;
  /** Markdown, as checked (checkedOverview): the page shows it as is. */
  text: string;
}

/** One document's contribution to a concept or entity page. */
export interface TopicMember {
  doc: string;
  /** What this document calls the topic (its most frequent surface form). */
  name: string;
  /** What this document takes an entity for; entities only. */
  type?: string;
  score: number;
  mentions: number;
  /** Key sentences of the document about the topic (at most 3). */
  sentences: string[];
  /** Concepts only: where the document ranks the concept among its terms (0: its best). */
  rank?: number;
}

/** A saved answer or chat, `wiki/explorations/<slug>.md`. */
export interface ExplorationRow {
  slug: string;
  title: string;
  created_at: string;
}

/** One row of the full-text index: a wiki page, or one section of a source page (search-rows.ts). */
export interface SearchRow {
  /** KB-relative path of the page. */
  page: string;
  /** Index of the source section (sections table) the row holds; null for a whole page. */
  section: number | null;
  pageStart: number | null;
  pageEnd: number | null;
  title: string;
  /** The headings inside the row's text, one per line: weighted between title and body. */
  headings: string;
  body: string;
}

/** A search hit: the row's place, BM25 score (higher is better) and a snippet with [matches]. */
export interface SearchHit {
  page: string;
  section: number | null;
  pageStart: number | null;
  pageEnd: number | null;
  title: string;
  score: number;
  snippet: string;
}

/** A row considered for ranking: a hit (without its snippet) with its row id and the share of its score its body earns. */
export interface SearchCandidate extends Omit<SearchHit, 'snippet'> {
  id: number;
  /** BM25 of the body column alone: 0 when only the title or headings match. */
  bodyScore: number;
  /** The row's headings column: its headings and the names its lines define, one a line. */
  headings: string;
}

/** How one document names one of its topics, and how strongly it is about it. */
export interface TopicNaming {
  key: string;
  name: string;
  score: number;
  /** Concepts only: where the document ranks it among its terms (0: its best). */
  rank?: number;
}

/**
 * What kb last wrote at a wiki page (commit/live-page.ts, guard-user-words.ts). The first `body_bytes` bytes are
 * kb's own text; what follows is the user's notes that kb carried over when it rewrote the page.
 */
export interface PageRecord {
  path: string;
  /** sha256 of the whole file as kb wrote it. */
  sha256: string;
  size: number;
  mtime_ms: number;
  body_bytes: number;
  body_sha256: string;
  /** sha256 of the last line of kb's text (live-page.ts kbTextEnd); '' in records from before schema 12. */
  body_tail_sha256?: string;
  /** The top-level frontmatter keys kb wrote, space-separated: any other key is the user's. */
  kb_keys: string;
}

/** Row changes a changeset makes; applied inside the commit transaction. */
export type RegistryOp =
  | { kind: 'upsertDocument'; doc: DocumentRow }
  | { kind: 'deleteDocument'; name: string }
  | { kind: 'replaceSections'; doc: string; sections: SectionRow[] }
  /**
   * The pages that a page's free text links (text an LLM wrote, which may link any page):
   * replaces what was recorded for `page`; an empty list forgets it. See backlinks.ts.
   */
  | { kind: 'setPageLinks'; page: string; targets: string[] }
  | { kind: 'recordPage'; record: PageRecord }
  | { kind: 'forgetPage'; path: string }
  | { kind: 'setMeta'; key: string; value: string }
  | { kind: 'upsertExploration'; exploration: ExplorationRow }
  | { kind: 'deleteExploration'; slug: string }
  /** Replaces the page's rows in the full-text index (none: the page is not searched any more). */
  | { kind: 'indexPage'; page: string; rows: SearchRow[] }
  | { kind: 'upsertTopic'; topic: TopicKind; row: TopicRow }
  | { kind: 'deleteTopic'; topic: TopicKind; key: string }
  /** Drops a concept's page row but keeps the documents that rank it (their terms stay registered). */
  | { kind: 'deleteTopicPage'; topic: TopicKind; key: string }
  | { kind: 'setTopicMember'; topic: TopicKind; key: string; member: TopicMember }
  | { kind: 'removeTopicMember'; topic: TopicKind; key: string; doc: string }
  /** The overview an LLM wrote for a topic's page and the basis it was written from; null forgets it. */
  | { kind: 'setTopicOverview'; topic: TopicKind; key: string; overview: TopicOverview | null }
  /**
   * Brings a whole table to given contents (kb recompile --all): `deletes` are primary keys of
   * rows to drop, `upserts` whole rows to write. See replaceRows for the order and cascades.
   */
  | { kind: 'replaceRows'; table: string; deletes: Record<string, unknown>[]; upserts: Record<string, unknown>[] };

export interface CommitRecord {
  journalId: string;
  op: string;
  detail: string;
  committedAt: string;
}
