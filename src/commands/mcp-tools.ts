import fs from 'node:fs';
import path from 'node:path';
import { withKbLock } from '../commit/with-kb-lock.js';
import { rebuildConvertedDocument } from '../model/rebuild-converted-document.js';
import type { SectionRow } from '../model/registry.js';
import { isInside } from '../prepare/scan-inputs.js';
import { hasPageNumbers, ownSectionText, pageRangeText } from '../search/source-parts.js';
import type { KbContext } from '../store/kb-context.js';
import { ToolRefusal } from './tool-refusal.js';
import type { AddOptions } from './add.js';
import { listDocuments, type ListedDocument } from './list.js';
import { searchKnowledgeBase, type SearchResult } from './search.js';

/*
 * What `kb mcp`'s read tools do, apart from the protocol (mcp-server.ts): each is one read of
 * the KB under the shared lock, as the CLI's readers are, and returns plain data. A request
 * the KB cannot answer (a path outside wiki/, a document or section that does not exist) is
 * a ToolRefusal: the agent gets its message as a tool error, and the server goes on.
 */

export function searchTool(ctx: KbContext, query: string, limit: number): Promise<SearchResult[]> {
  return searchKnowledgeBase(ctx, query, limit, { sections: 2 });
}

export function listDocumentsTool(ctx: KbContext): Promise<ListedDocument[]> {
  return listDocuments(ctx);
}

/**
 * A wiki page by its path (`wiki/sources/x.md`, `sources/x.md` or `sources/x`). Only pages
 * under wiki/ are read: a path that leaves it (`..`, an absolute path, a symlink out) is refused.
 */
export async function readPageTool(ctx: KbContext, requested: string): Promise<{ page: string; text: string }> {
  const page = wikiPagePath(requested);
  return withKbLock(ctx, 'shared', () => {
    const file = path.join(ctx.paths.root, page);
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch {
      throw new ToolRefusal(`no page ${page} (list_documents and search name the pages there are)`);
    }
    if (!isInside(fs.realpathSync(ctx.paths.wiki), real)) throw new ToolRefusal(`${requested} leads outside the wiki; only pages under wiki/ can be read`);
    if (!fs.statSync(real).isFile()) throw new ToolRefusal(`no page ${page} (list_documents and search name the pages there are)`);
    return { page, text: fs.readFileSync(real, 'utf8') };
  });
}

export interface SectionText {
  doc: string;
  section: number;
  title: string;
  level: number;
  pages?: [number, number];
  /** The section's own text (up to the next section), as the document's converted Markdown has it. */
  text: string;
  /** Sections of the document, for the next call: how many there are. */
  sections: number;
}

export interface PageRangeAnswer {
  doc: string;
  /** The pages asked for. */
  pages: [number, number];
  /** The sections whose text covers them, in document order. */
  parts: { section: number; title: string; level: number; pages: [number, number] }[];
  text: string;
  sections: number;
}

/** Which part to read: a section by number (search gives it), a PDF page, or pages `page`..`toPage`. */
export type SectionChoice = { section: number } | { page: number; toPage?: number };

/**
 * Part of a document, its text as converted: a section by number; the innermost section
 * that covers a PDF page (the last in document order whose page range holds it); or the
 * sections that cover a range of PDF pages.
 */
export async function readSectionTool(ctx: KbContext, doc: string, choice: SectionChoice): Promise<SectionText | PageRangeAnswer> {
  return withKbLock(ctx, 'shared', () => {
    const row = ctx.store.documents.get(doc);
    if (!row) throw new ToolRefusal(`no document named ${doc} (list_documents names them)`);
    const sections = ctx.store.sections.ofDocument(doc);
    if (sections.length === 0) throw new ToolRefusal(`${doc} has no sections; read_page reads it whole (${row.source_path})`);
    if ('page' in choice && !hasPageNumbers(sections)) throw new ToolRefusal(`${doc} has no pages (not a PDF): give a section number`);
    const markdown = () => rebuildConvertedDocument(fs.readFileSync(path.join(ctx.paths.root, row.source_path), 'utf8'), sections).markdown;
    if ('page' in choice && choice.toPage !== undefined) {
      const [from, to] = [choice.page, choice.toPage];
      if (to < from) throw new ToolRefusal(`to_page ${to} is before page ${from}`);
      const range = pageRangeText(markdown(), sections, from, to);
      if (!range) throw new ToolRefusal(`no section of ${doc} covers pages ${from}–${to} (it has ${row.pages ?? 0} pages)`);
      const parts = range.sections.map((s) => ({ section: s.idx, title: s.title, level: s.level, pages: pagesOf(s)! }));
      return { doc, pages: [from, to], parts, text: range.text.trim(), sections: sections.length };
    }
    const found =
      'section' in choice
        ? sections.find((s) => s.idx === choice.section)
        : sections.filter((s) => s.page_start !== null && s.page_start <= choice.page && (s.page_end ?? s.page_start) >= choice.page).at(-1);
    if (!found) {
      if ('section' in choice) throw new ToolRefusal(`${doc} has sections 0 to ${sections.length - 1}, not ${choice.section}`);
      throw new ToolRefusal(`no section of ${doc} covers page ${choice.page} (it has ${row.pages ?? 0} pages)`);
    }
    const pages = pagesOf(found);
    return {
      doc,
      section: found.idx,
      title: found.title,
      level: found.level,
      ...(pages ? { pages } : {}),
      text: ownSectionText(markdown(), sections, found).trim(),
      sections: sections.length,
    };
  });
}

function pagesOf(section: SectionRow): [number, number] | undefined {
  return section.page_start !== null ? [section.page_start, section.page_end ?? section.page_start] : undefined;
}

export interface AddAnswer {
  /** One per input file, as `kb add --json` prints them (status added, skipped or failed, and why). */
  files: { path: string; doc: string | null; status: string; reason: string | null }[];
  added: number;
  skipped: number;
  failed: number;
}

/**
 * `kb add` of a file or folder on this machine (an absolute path), the same journaled batch
 * as the CLI's, one commit per file. Refused unless config mcp.allow_writes is true: an agent
 * that may read a wiki may not thereby change it.
 */
export async function addTool(ctx: KbContext, input: string, llm: AddOptions['llm']): Promise<AddAnswer> {
  if (!ctx.config.mcp.allow_writes) throw new ToolRefusal('writing is off for agents: set mcp.allow_writes: true in .kb/config.yaml to let kb mcp add documents');
  if (!path.isAbsolute(input)) throw new ToolRefusal(`${input}: give an absolute path to a file or folder on this machine`);
  if (!fs.existsSync(input)) throw new ToolRefusal(`${input}: no such file or folder`);
  const { addFiles } = await import('./add.js');
  const files: AddAnswer['files'] = [];
  const summary = await addFiles(ctx, {
    inputs: [input],
    jobs: ctx.config.jobs,
    cwd: ctx.paths.root,
    ...(llm ? { llm } : {}),
    onEvent: (event) => {
      if (event.type === 'file') files.push({ path: event.outcome.path, doc: event.outcome.doc ?? null, status: event.outcome.status, reason: event.outcome.reason ?? null });
    },
  });
  return { files, added: summary.added, skipped: summary.skipped, failed: summary.failed };
}

/** `sources/x` → `wiki/sources/x.md`; refused when it names no Markdown page under wiki/. */
function wikiPagePath(requested: string): string {
  const trimmed = requested.trim().replace(/\\/g, '/');
  if (trimmed === '' || path.posix.isAbsolute(trimmed) || /^[A-Za-z]:/.test(trimmed)) throw new ToolRefusal(`${requested || '(empty)'}: give a page path inside the wiki, such as sources/<doc>.md`);
  if (trimmed.split('/').includes('..')) throw new ToolRefusal(`${requested}: ".." is not allowed; only pages under wiki/ can be read`);
  const inWiki = trimmed.startsWith('wiki/') ? trimmed : `wiki/${trimmed}`;
  return inWiki.endsWith('.md') ? inWiki : `${inWiki}.md`;
}

