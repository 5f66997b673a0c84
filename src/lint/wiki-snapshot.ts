import type { KbFiles } from '../core/kb-files.js';
import { WIKI_FOLDERS } from '../core/kb-paths.js';
import { parseFrontmatter } from '../model/render-page.js';
import { isReportPage } from './lint-issue.js';
import { classifyPage, KEPT_COPIES_FOLDER, type PageRecordLookup } from '../commit/live-page.js';
import type { StoreReader } from '../store/store-reader.js';

/**
 * Every Markdown page of wiki/ (KB-relative path → text), read once per lint: the checks
 * all look at the same bytes. Lint reports are left out; they are exempt from the checks, and
 * so are the copies kb kept of users' edits (wiki/conflicts/): those hold the user's words as
 * they were, links that no longer resolve included.
 */
export type WikiSnapshot = ReadonlyMap<string, string>;

export function readWikiSnapshot(files: KbFiles): WikiSnapshot {
  const pages = new Map<string, string>();
  for (const rel of files.list('wiki')) {
    if (!rel.endsWith('.md') || isReportPage(rel) || rel.startsWith(`${KEPT_COPIES_FOLDER}/`)) continue;
    const text = files.read(rel);
    if (text !== undefined) pages.set(rel, text);
  }
  return pages;
}

/**
 * The wiki as `kb lint --fix` may change it: for each page kb wrote, its own text without the
 * notes a user put after it (the commit carries those over); a page whose kb text the user
 * edited is there whole and listed in `edited` (its links are left as written: only
 * navigation pages are rewritten over such edits, and the commit keeps a copy first); pages
 * kb never wrote are not there at all: they are the user's, and lint only reports them.
 */
export interface KbTextView {
  pages: WikiSnapshot;
  edited: ReadonlySet<string>;
}

export function kbTextView(store: StoreReader, snapshot: WikiSnapshot): KbTextView {
  const pages = new Map<string, string>();
  const edited = new Set<string>();
  // One query for every record, not one per page; and a page that is kb's text alone keeps the
  // snapshot's string rather than a copy: at 20,000 documents the copies were 80 MB to collect.
  const byPath = store.pages.recordsByPath();
  const complete = store.pages.recordsComplete();
  const records: PageRecordLookup = { record: (rel) => byPath.get(rel), recordsComplete: () => complete };
  for (const [rel, text] of snapshot) {
    const page = classifyPage(rel, Buffer.from(text, 'utf8'), records);
    if (page.state === 'user') continue;
    if (page.state === 'edited') edited.add(rel);
    pages.set(rel, page.state === 'edited' || page.kbText.length === text.length ? text : page.kbText);
  }
  return { pages, edited };
}

/**
 * Pages a user keeps in places of their own: not written by kb, and outside the folders kb
 * writes (sources, summaries, concepts, entities, explorations, reports, catalog, log,
 * conflicts) — `wiki/my-reading-list.md`, `wiki/journal/2026-12-07.md`. An Obsidian note
 * needs no frontmatter and no inbound link, so lint asks neither of them; their links are
 * still checked. A page a user puts in kb's folders is read by kb as one of its kind, and is
 * checked as one.
 */
export function usersOwnNotes(snapshot: WikiSnapshot, kbText: KbTextView): Set<string> {
  const own = new Set<string>();
  for (const page of snapshot.keys()) {
    const folder = /^wiki\/([^/]+)\//.exec(page)?.[1];
    const kbsPlace = folder === undefined ? KB_ROOT_PAGES.has(page) : KB_FOLDERS.has(folder);
    if (!kbText.pages.has(page) && !kbsPlace) own.add(page);
  }
  return own;
}

const KB_FOLDERS: ReadonlySet<string> = new Set([...WIKI_FOLDERS, 'catalog', 'log', KEPT_COPIES_FOLDER.replace(/^wiki\//, '')]);
// kb's own pages at the wiki's root, whether or not a record of them survives (a KB older than page records).
const KB_ROOT_PAGES: ReadonlySet<string> = new Set(['wiki/index.md', 'wiki/log.md', 'wiki/AGENTS.md']);

/** The `title` of a page's frontmatter, when it has a usable one. */
export function pageTitle(page: string): string | undefined {
  const parsed = parseFrontmatter(page);
  const title = parsed.ok ? parsed.data.title : undefined;
  return typeof title === 'string' && title.trim() !== '' ? title : undefined;
}
