import type { DocumentRow } from '../model/registry.js';
import { inlineText, renderPage } from '../model/render-page.js';
import { listedTitles } from './listed-titles.js';
import { clipAtWord } from '../model/clip-at-word.js';

/**
 * index.md may not grow with the knowledge base (a commit rewrites it, and a commit must
 * cost O(pages it changes)). So documents are listed on catalogue pages of at most
 * CATALOG_PAGE_SIZE entries, `wiki/catalog/documents-NNN.md`, each document staying on the
 * page it was first put on; index.md lists the documents inline while they fit on one page,
 * and the catalogue pages after that.
 */
export const CATALOG_PAGE_SIZE = 200;

export function catalogPagePath(page: number): string {
  return `wiki/catalog/documents-${String(page).padStart(3, '0')}.md`;
}

export function catalogLink(page: number): string {
  return catalogPagePath(page).replace(/^wiki\//, '').replace(/\.md$/, '');
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
  return last.page === 0 ? 1 : last.count < CATALOG_PAGE_SIZE ? last.page : last.page + 1;
}
