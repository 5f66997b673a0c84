import fs from 'node:fs';
import type { Changeset } from '../model/changeset.js';
import type { RegistryOp, SectionRow } from '../model/registry.js';
import type { SearchIndexer } from '../model/search-indexer.js';

/**
 * The full-text index rows a changeset changes, as registry ops committed in the same SQLite
 * transaction as its pages: search never disagrees with the files, whichever command made
 * the change (add, remove, recompile, lint --fix). Written and published pages are indexed
 * from their new content; deleted pages leave the index. Reads the staged files it publishes,
 * so call it before they are moved into place.
 */
export function searchIndexOps(changeset: Changeset, indexer: SearchIndexer): RegistryOp[] {
  const sectionsOf = sourceSections(changeset);
  const ops: RegistryOp[] = [];
  const index = (page: string, content: string): void => {
    ops.push({ kind: 'indexPage', page, rows: indexer.rowsOf(page, content, sectionsOf.get(page)) });
  };
  for (const write of changeset.writes) {
    if (indexer.isSearched(write.path)) index(write.path, typeof write.content === 'string' ? write.content : Buffer.from(write.content).toString('utf8'));
  }
  for (const publish of changeset.publishes) {
    if (indexer.isSearched(publish.path)) index(publish.path, fs.readFileSync(publish.from, 'utf8'));
  }
  for (const deleted of changeset.deletes) {
    if (indexer.isSearched(deleted)) ops.push({ kind: 'indexPage', page: deleted, rows: [] });
  }
  return ops;
}

/** The section rows the changeset stores, by the source page of their document. */
function sourceSections(changeset: Changeset): Map<string, SectionRow[]> {
  const sourcePathOf = new Map<string, string>();
  for (const op of changeset.registry) if (op.kind === 'upsertDocument') sourcePathOf.set(op.doc.name, op.doc.source_path);
  const out = new Map<string, SectionRow[]>();
  for (const op of changeset.registry) {
    const page = op.kind === 'replaceSections' ? sourcePathOf.get(op.doc) : undefined;
    if (op.kind === 'replaceSections' && page) out.set(page, op.sections);
  }
  return out;
}
