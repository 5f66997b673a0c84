/**
 * Catalogue pages (of documents, concepts or entities) are numbered 1, 2, 3, … and index.md
 * links them. Past CATALOG_LINKS pages one line per page would make index.md grow without
 * bound, so the pages are grouped: a group page of level 2 links CATALOG_LINKS catalogue
 * pages, one of level 3 links CATALOG_LINKS group pages of level 2, and so on; index.md links
 * the groups of the lowest level that needs no more than CATALOG_LINKS of them. Every page of
 * the tree, index.md included, then holds at most CATALOG_LINKS links whatever the size of the
 * KB, and a change to one catalogue page rewrites one group page per level above it.
 *
 * A group covers a fixed range of page numbers, `wiki/catalog/<kind>-pages-<from>-<to>.md`,
 * so its path never changes while it exists; a catalogue page is level 1.
 */
export type CatalogKind = 'documents' | 'concepts' | 'entities';

/** A range of catalogue page numbers: a catalogue page (level 1, from = to) or a group page. */
export interface CatalogGroup {
  level: number;
  from: number;
  to: number;
}

/**
 * Catalogue page size and links per tree page. Constants for kb; tests lower them to build
 * deep trees from a few documents.
 */
export const catalogSizes = { pageSize: 200, links: 50 };

/** Catalogue pages under one entry of `level`. */
function span(level: number): number {
  return catalogSizes.links ** (level - 1);
}

/** The level index.md lists, for catalogue pages numbered up to `lastPage` (1: the pages themselves). */
export function catalogTopLevel(lastPage: number): number {
  let level = 1;
  while (Math.ceil(lastPage / span(level)) > catalogSizes.links) level++;
  return level;
}

/** The group of `level` that holds catalogue page `page`. */
export function groupOf(level: number, page: number): CatalogGroup {
  const size = span(level);
  const from = Math.floor((page - 1) / size) * size + 1;
  return { level, from, to: from + size - 1 };
}

/** The groups of `level` over catalogue pages 1..lastPage, in order. */
export function groupsOfLevel(level: number, lastPage: number): CatalogGroup[] {
  const groups: CatalogGroup[] = [];
  for (let page = 1; page <= lastPage; page += span(level)) groups.push(groupOf(level, page));
  return groups;
}

/** The entries a group page lists: the groups one level down within its range, up to lastPage. */
export function childGroups(group: CatalogGroup, lastPage: number): CatalogGroup[] {
  return groupsOfLevel(group.level - 1, Math.min(group.to, lastPage)).filter((g) => g.from >= group.from);
}

/** What index.md lists for catalogue pages up to lastPage: the groups of the top level. */
export function indexGroups(lastPage: number): CatalogGroup[] {
  return groupsOfLevel(catalogTopLevel(lastPage), lastPage);
}

function pad(page: number): string {
  return String(page).padStart(3, '0');
}

/** The page of a group: a catalogue page at level 1, else a group page. */
export function groupPath(kind: CatalogKind, group: CatalogGroup): string {
  return group.level === 1 ? `wiki/catalog/${kind}-${pad(group.from)}.md` : `wiki/catalog/${kind}-pages-${pad(group.from)}-${pad(group.to)}.md`;
}

export function groupLink(kind: CatalogKind, group: CatalogGroup): string {
  return groupPath(kind, group).replace(/^wiki\//, '').replace(/\.md$/, '');
}

/** Catalogue page numbers a group page covers, as a reader reads them: "1–50". */
export function groupPagesLabel(group: CatalogGroup): string {
  return `${group.from}–${group.to}`;
}

/**
 * The group pages (level ≥ 2) a change to catalogue page `page` must rewrite, when the last
 * page number goes from lastBefore to lastAfter: the group holding it at each level up to the
 * top, and every group of a level that appears (the top rose). Ascending by level, then range.
 */
export function groupsToRewrite(page: number, lastBefore: number, lastAfter: number): CatalogGroup[] {
  const topBefore = catalogTopLevel(lastBefore);
  const topAfter = catalogTopLevel(lastAfter);
  const groups: CatalogGroup[] = [];
  for (let level = 2; level <= topAfter; level++) groups.push(...(level > topBefore ? groupsOfLevel(level, lastAfter) : [groupOf(level, page)]));
  return groups;
}

/** Every group page (level ≥ 2) over catalogue pages 1..lastPage, by level, then range. */
export function allGroups(lastPage: number): CatalogGroup[] {
  const groups: CatalogGroup[] = [];
  for (let level = 2; level <= catalogTopLevel(lastPage); level++) groups.push(...groupsOfLevel(level, lastPage));
  return groups;
}

/** The group pages of levels above the new top: they go when the last page number falls. */
export function groupsAboveTop(lastBefore: number, lastAfter: number): CatalogGroup[] {
  const groups: CatalogGroup[] = [];
  for (let level = catalogTopLevel(lastAfter) + 1; level <= catalogTopLevel(lastBefore); level++) groups.push(...groupsOfLevel(level, lastBefore));
  return groups;
}
