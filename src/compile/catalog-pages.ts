import type { DocumentRow } from '../model/registry.js';
import type { StoreReader } from '../store/store-reader.js';
import { inlineText, renderPage } from '../model/render-page.js';
import { listedTitles } from './listed-titles.js';
import { clipAtWord } from '../model/clip-at-word.js';
import { allGroups, catalogSizes, childGroups, groupLink, groupPagesLabel, groupPath, groupsAboveTop, groupsToRewrite, indexGroups, type CatalogGroup } from './catalog-tree.js';

/** A catalogue page's row: how many documents it lists, the first and last names on it. */
type DocumentCatalogPage = ReturnType<StoreReader['documents']['catalogPages']>[number];

/**
 * index.md may not grow with the knowledge base (a commit rewrites it, and a commit must
 * cost O(pages it changes)). So documents are listed on catalogue pages of at most
 * catalogSizes.pageSize (200) entries, `wiki/catalog/documents-NNN.md`, each document staying
 * on the page it was first put on; index.md lists the documents inline while they fit on one
 * page, and the catalogue pages after that, grouped past catalogSizes.links of them
 * (catalog-tree.ts).
 */
export function catalogPagePath(page: number): string {
  return `wiki/catalog/documents-${String(page).padStart(3, '0')}.md`;
}

/** One listing line; `title` is what the listing shows (listed-titles.ts tells equal titles apart). */
export function documentEntry(doc: Pick<DocumentRow, 'name' | 'title' | 'description'>, title: string = doc.title): string {
  const description = doc.description ? ` — ${clipAtWord(doc.description)}` : '';
  return `- [[summaries/${doc.name}|${inlineText(title, 120)}]]${description}`;
}

/** The listing lines of these documents, in the order given, equal titles told apart. */
export function documentEntries(docs: readonly DocumentRow[]): string[] {
  const titles = listedTitles(docs);
  return docs.map((doc) => documentEntry(doc, titles.get(doc.name)));
}

export function renderCatalogPage(page: number, docs: readonly DocumentRow[]): string {
  const sorted = [...docs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return renderPage({ title: `Documents, catalogue page ${page}`, type: 'catalog' }, [`# Documents, catalogue page ${page}`, '', '[[index]]', '', ...documentEntries(sorted)].join('\n'));
}

/** Where a new document goes: the last page while it has room, else a new page. */
export function choosePageForNewDocument(last: { page: number; count: number }): number {
  return last.page === 0 ? 1 : last.count < catalogSizes.pageSize ? last.page : last.page + 1;
}

/** A catalogue page's row as it is once these documents are all it lists (count 0: none). */
export function catalogPageOf(page: number, rows: readonly Pick<DocumentRow, 'name'>[]): DocumentCatalogPage {
  const names = rows.map((r) => r.name).sort();
  return { page, count: names.length, first: names[0] ?? '', last: names[names.length - 1] ?? '' };
}

/** The line listing a catalogue page or a group of them; undefined when they list nobody. */
function groupEntry(group: CatalogGroup, pages: readonly DocumentCatalogPage[]): string | undefined {
  const inside = pages.filter((p) => p.page >= group.from && p.page <= group.to && p.count > 0);
  if (inside.length === 0) return undefined;
  const count = inside.reduce((sum, p) => sum + p.count, 0);
  const first = inside.map((p) => p.first).reduce((a, b) => (b < a ? b : a));
  const last = inside.map((p) => p.last).reduce((a, b) => (b > a ? b : a));
  const what = group.level === 1 ? `${count}` : `${count} documents, catalogue pages ${groupPagesLabel(group)}`;
  return `- [[${groupLink('documents', group)}|${first} … ${last}]] (${what})`;
}

/** The lines index.md lists the catalogue pages with, or their groups past catalogSizes.links pages. */
export function catalogIndexLines(total: number, pages: readonly DocumentCatalogPage[]): string[] {
  const lastPage = pages.reduce((max, p) => (p.count > 0 ? Math.max(max, p.page) : max), 0);
  const groups = indexGroups(lastPage);
  const intro = groups[0] && groups[0].level > 1 ? `${total} documents, listed on catalogue pages, here ${catalogSizes.links ** (groups[0].level - 1)} pages to a line:` : `${total} documents, listed on catalogue pages:`;
  return [intro, '', ...groups.flatMap((g) => groupEntry(g, pages) ?? [])];
}

/** A group page: its catalogue pages (or groups one level down) that list anybody. */
export function renderCatalogGroupPage(group: CatalogGroup, pages: readonly DocumentCatalogPage[], lastPage: number): string {
  const title = `Documents, catalogue pages ${groupPagesLabel(group)}`;
  const entries = childGroups(group, lastPage).flatMap((g) => groupEntry(g, pages) ?? []);
  return renderPage({ title, type: 'catalog' }, [`# ${title}`, '', '[[index]]', '', ...entries].join('\n'));
}

/**
 * What a change to one catalogue page (`changed`, as it will be) does to the rest of the
 * documents catalogue: the group pages above it rewritten (deleted when they list nobody, and
 * when their level is no longer needed), and the lines index.md lists. Reads the catalogue
 * rows of those groups and of index.md's lines (one row per catalogue page: kept by triggers,
 * migration 9), never the documents.
 */
export function documentCatalogChanges(
  store: StoreReader,
  readPage: (relPath: string) => string | undefined,
  changed: DocumentCatalogPage,
): { writes: { path: string; content: string }[]; deletes: string[]; indexPages: DocumentCatalogPage[] } {
  const lastBefore = store.documents.lastCatalogPage().page;
  const pagesIn = (from: number, to: number): DocumentCatalogPage[] => {
    const rows = store.documents.catalogPages(from, to).filter((p) => p.page !== changed.page);
    if (changed.count > 0 && changed.page >= from && changed.page <= to) rows.push(changed);
    return rows.sort((a, b) => a.page - b.page);
  };
  const indexPages = pagesIn(1, Math.max(lastBefore, changed.page));
  const lastAfter = indexPages.at(-1)?.page ?? 0;
  const writes: { path: string; content: string }[] = [];
  const deletes: string[] = [];
  const rewrite = groupsToRewrite(changed.page, lastBefore, lastAfter);
  const chain = new Set(rewrite.map((g) => groupPath('documents', g)));
  // Group pages kb never wrote (a KB from before them, a page the user deleted) are written
  // now: a few point lookups, as there is one group page per catalogSizes.links catalogue pages.
  for (const group of allGroups(lastAfter)) if (!chain.has(groupPath('documents', group)) && !store.pages.record(groupPath('documents', group))) rewrite.push(group);
  for (const group of rewrite) {
    const pages = pagesIn(group.from, group.to);
    const path = groupPath('documents', group);
    if (pages.length > 0) writes.push({ path, content: renderCatalogGroupPage(group, pages, lastAfter) });
    else if (chain.has(path) && readPage(path) !== undefined) deletes.push(path);
  }
  for (const group of groupsAboveTop(lastBefore, lastAfter)) if (readPage(groupPath('documents', group)) !== undefined) deletes.push(groupPath('documents', group));
  return { writes, deletes, indexPages };
}
