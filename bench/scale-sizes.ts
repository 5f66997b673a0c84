/**
 * What a knowledge base weighs on disk, and its pages that must stay bounded however many
 * documents it holds: the largest concept and entity page, wiki/index.md and the largest
 * catalogue page (wiki/catalog/). Read from the files, as a user's disk holds them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileSize } from './scale-cli.js';

export interface LargestPage {
  page: string;
  bytes: number;
  /** The `documents:` count in its frontmatter, where it has one. */
  documents?: number;
}

export interface KbSizes {
  dbBytes: number;
  wikiBytes: number;
  wikiFiles: number;
  rawBytes: number;
  indexBytes: number;
  catalogPages: number;
  largestConcept?: LargestPage;
  largestEntity?: LargestPage;
  largestCatalog?: LargestPage;
}

export function measureKbSizes(root: string): KbSizes {
  const wiki = path.join(root, 'wiki');
  const db = path.join(root, '.kb', 'kb.db');
  const all = folderSize(wiki);
  const catalog = listPages(path.join(wiki, 'catalog'));
  return {
    dbBytes: fileSize(db) + fileSize(`${db}-wal`),
    wikiBytes: all.bytes,
    wikiFiles: all.files,
    rawBytes: folderSize(path.join(root, 'raw')).bytes,
    indexBytes: fileSize(path.join(wiki, 'index.md')),
    catalogPages: catalog.length,
    ...optional('largestConcept', largestPage(wiki, 'concepts')),
    ...optional('largestEntity', largestPage(wiki, 'entities')),
    ...optional('largestCatalog', largestPage(wiki, 'catalog')),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function largestPage(wiki: string, folder: string): LargestPage | undefined {
  let best: { file: string; bytes: number } | undefined;
  for (const file of listPages(path.join(wiki, folder))) {
    const bytes = fileSize(file);
    if (!best || bytes > best.bytes) best = { file, bytes };
  }
  if (!best) return undefined;
  const documents = /^documents: (\d+)$/m.exec(fs.readFileSync(best.file, 'utf8').slice(0, 4096))?.[1];
  return { page: path.relative(wiki, best.file), bytes: best.bytes, ...(documents ? { documents: Number(documents) } : {}) };
}

function listPages(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(dir, entry.name));
}

function folderSize(dir: string): { bytes: number; files: number } {
  if (!fs.existsSync(dir)) return { bytes: 0, files: 0 };
  let bytes = 0;
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += fileSize(path.join(entry.parentPath, entry.name));
    files++;
  }
  return { bytes, files };
}
