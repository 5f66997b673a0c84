import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../commit/kb-context.js';
import { listJournalIds } from '../commit/journal.js';
import { isStagingOwnerAlive } from '../commit/sweep-orphans.js';
import { parseTempName } from '../core/atomic-write.js';
import { hashFile } from '../core/hash-file.js';
import { isOwnerAlive } from '../core/process-owner.js';
import { extractWikiLinks, linkTargetFile } from '../core/wikilinks.js';
import { isSearchedPage } from '../search/search-rows.js';

export interface Violation {
  kind: string;
  path: string;
  detail: string;
}

/** Registry ↔ files: every document has its raw, source and summary, and raw has its hash. */
export async function checkRegistry(ctx: KbContext): Promise<Violation[]> {
  const out: Violation[] = [];
  const docs = ctx.store.listDocuments();
  const known = new Set<string>();
  for (const doc of docs) {
    for (const rel of [doc.raw_path, doc.source_path, doc.summary_path]) {
      known.add(rel);
      if (!fs.existsSync(path.join(ctx.paths.root, rel))) out.push({ kind: 'missing-file', path: rel, detail: `registered for ${doc.name} but missing` });
    }
    const raw = path.join(ctx.paths.root, doc.raw_path);
    if (fs.existsSync(raw) && (await hashFile(raw)) !== doc.hash) {
      out.push({ kind: 'hash-mismatch', path: doc.raw_path, detail: `content differs from the registered hash of ${doc.name}` });
    }
  }
  for (const rel of [...listFiles(ctx.paths.root, 'raw'), ...listFiles(ctx.paths.root, 'wiki/sources'), ...listFiles(ctx.paths.root, 'wiki/summaries')]) {
    if (!known.has(rel)) out.push({ kind: 'unregistered-file', path: rel, detail: 'no document in the registry owns this file' });
  }
  return out;
}

/** Nothing may be left of an interrupted change once recovery has run. */
export function checkLeftovers(ctx: KbContext): Violation[] {
  const out: Violation[] = [];
  for (const id of listJournalIds(ctx.paths.journal)) out.push({ kind: 'pending-journal', path: `.kb/journal/${id}.json`, detail: 'an interrupted change is not yet recovered' });
  for (const name of readdirSafe(ctx.paths.backup)) out.push({ kind: 'leftover-backup', path: `.kb/backup/${name}`, detail: 'backup of a finished change' });
  for (const name of readdirSafe(ctx.paths.staging)) {
    if (!isStagingOwnerAlive(ctx.paths.staging, name)) out.push({ kind: 'leftover-staging', path: `.kb/staging/${name}`, detail: 'staging of a dead process' });
  }
  for (const rel of [...listFiles(ctx.paths.root, 'raw', true), ...listFiles(ctx.paths.root, 'wiki', true)]) {
    const temp = parseTempName(path.basename(rel));
    if (temp && !isOwnerAlive({ pid: temp.pid })) out.push({ kind: 'leftover-temp', path: rel, detail: 'temp file of an interrupted write' });
  }
  return out;
}

/** Every [[wikilink]] in wiki/ points at a page that exists. */
export function checkWikiLinks(ctx: KbContext): Violation[] {
  const out: Violation[] = [];
  for (const rel of listFiles(ctx.paths.root, 'wiki')) {
    if (!rel.endsWith('.md')) continue;
    const text = fs.readFileSync(path.join(ctx.paths.root, rel), 'utf8');
    for (const link of extractWikiLinks(text)) {
      const target = linkTargetFile(link.target);
      const safe = !target.split('/').includes('..') && !path.isAbsolute(target);
      if (!safe || !fs.existsSync(path.join(ctx.paths.wiki, target))) {
        out.push({ kind: 'broken-link', path: `${rel}:${link.line}`, detail: `[[${link.target}]] points at no page` });
      }
    }
  }
  return out;
}

/**
 * The full-text index covers exactly the searched pages on disk (it is written in each
 * commit's transaction, so a difference means files were changed outside kb). Not checked
 * before the first build of a KB from an older kb, which `kb search` does by itself.
 */
export function checkSearchIndex(ctx: KbContext): Violation[] {
  if (!ctx.store.searchIndexBuilt()) return [];
  const onDisk = new Set(listFiles(ctx.paths.root, 'wiki').filter(isSearchedPage));
  const indexed = new Set(ctx.store.searchIndexedPages());
  const out: Violation[] = [];
  for (const rel of onDisk) if (!indexed.has(rel)) out.push({ kind: 'search-unindexed', path: rel, detail: 'page missing from the search index (kb doctor --repair rebuilds it)' });
  for (const rel of indexed) if (!onDisk.has(rel)) out.push({ kind: 'search-stale', path: rel, detail: 'search index has a page that does not exist (kb doctor --repair rebuilds it)' });
  return out;
}

export function checkDatabase(ctx: KbContext): Violation[] {
  const result = ctx.store.db.pragma('quick_check', { simple: true });
  return result === 'ok' ? [] : [{ kind: 'database-corrupt', path: '.kb/kb.db', detail: String(result) }];
}

/** KB-relative paths of files under `folder`, sorted; dot files only when asked. */
export function listFiles(root: string, folder: string, includeDotFiles = false): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSafeTyped(path.join(root, rel))) {
      if (!includeDotFiles && entry.name.startsWith('.')) continue;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk(folder);
  return out.sort();
}

function readdirSafe(dir: string): string[] {
  return readdirSafeTyped(dir).map((e) => e.name);
}

function readdirSafeTyped(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
