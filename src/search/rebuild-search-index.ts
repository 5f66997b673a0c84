import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../store/kb-context.js';
import type { SearchRow } from '../model/registry.js';
import { isSearchedPage, searchRowsOfPage } from './search-rows.js';

const SEARCHED_FOLDERS = ['summaries', 'concepts', 'entities', 'explorations', 'sources'];

/**
 * Rebuilds the full-text index from the pages on disk and the stored sections, in one SQLite
 * transaction (the index is derived data: no page changes, so no journal). Used by
 * `kb doctor --repair` and by the first search of a KB created before the index existed.
 * The caller holds a lock that keeps writers out (shared or exclusive).
 */
export function rebuildSearchIndex(ctx: KbContext): { pages: number; rows: number } {
  const sectionsOf = new Map(ctx.store.documents.list().map((d) => [d.source_path, d.name]));
  let pages = 0;
  function* rows(): Generator<SearchRow> {
    for (const folder of SEARCHED_FOLDERS) {
      const dir = path.join(ctx.paths.root, 'wiki', folder);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir).sort()) {
        const rel = `wiki/${folder}/${name}`;
        if (!isSearchedPage(rel)) continue;
        const doc = sectionsOf.get(rel);
        pages++;
        yield* searchRowsOfPage(rel, fs.readFileSync(path.join(dir, name), 'utf8'), doc ? ctx.store.sections.ofDocument(doc) : []);
      }
    }
  }
  const count = ctx.store.sections.rebuildIndex(rows());
  return { pages, rows: count };
}
