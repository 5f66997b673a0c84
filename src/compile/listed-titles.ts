import path from 'node:path';
import type { DocumentRow } from '../model/registry.js';

/**
 * The title each document is listed under on one listing (index.md, a catalogue page).
 * Documents with equal titles (three issues of "LATEX News", several READMEs titled
 * "Installation") would read as one repeated line, so each of them gets its file name after
 * the title: "LATEX News (ltnews32)". The file name is what a user knows the file by and is
 * always there; it is the document name (unique in the KB) when even file names are equal.
 * Titles of other documents are listed as they are.
 */
export function listedTitles(docs: readonly Pick<DocumentRow, 'name' | 'title' | 'original_path'>[]): Map<string, string> {
  const byTitle = new Map<string, Array<(typeof docs)[number]>>();
  for (const doc of docs) {
    const key = doc.title.trim().toLowerCase();
    const group = byTitle.get(key);
    if (group) group.push(doc);
    else byTitle.set(key, [doc]);
  }
  const out = new Map<string, string>();
  for (const group of byTitle.values()) {
    const stems = group.map((d) => fileStemOf(d.original_path));
    const stemsDiffer = new Set(stems.map((s) => s.toLowerCase())).size === group.length;
    group.forEach((doc, i) => {
      const suffix = stemsDiffer ? stems[i]! : doc.name;
      out.set(doc.name, group.length === 1 || doc.title.trim().toLowerCase() === suffix.toLowerCase() ? doc.title : `${doc.title} (${suffix})`);
    });
  }
  return out;
}

function fileStemOf(originalPath: string): string {
  const base = path.basename(originalPath);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
