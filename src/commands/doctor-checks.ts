import path from 'node:path';
import type { KbContext } from '../store/kb-context.js';
import { listJournalIds } from '../commit/journal.js';
import { isStagingOwnerAlive } from '../commit/sweep-orphans.js';
import { deadTrash } from '../commit/trash.js';
import { KEPT_COPIES_FOLDER } from '../commit/live-page.js';
import { parseTempName } from '../core/atomic-write.js';
import { kbFiles, listFiles, readdirTyped } from '../core/kb-files.js';
import { isOwnerAlive } from '../core/process-owner.js';
import { extractWikiLinks, linkResolves, rememberAnswers } from '../core/wikilinks.js';
import { findRegistryFileProblems } from '../lint/registry-files.js';
import { isSearchedPage } from '../search/search-rows.js';

export interface Violation {
  kind: string;
  path: string;
  detail: string;
}

/** Registry ↔ files: every document has its raw, source and summary, and raw has its hash. */
export async function checkRegistry(ctx: KbContext): Promise<Violation[]> {
  const problems = await findRegistryFileProblems(ctx.store.documents.list(), kbFiles(ctx.paths.root));
  return problems.map((p) => {
    if (p.kind === 'missing') return { kind: 'missing-file', path: p.path, detail: `registered for ${p.doc?.name} but missing` };
    if (p.kind === 'changed') return { kind: 'hash-mismatch', path: p.path, detail: `content differs from the registered hash of ${p.doc?.name}` };
    return { kind: 'unregistered-file', path: p.path, detail: 'no document in the registry owns this file' };
  });
}

/**
 * One document per content: an older kb could register the same bytes twice when two adds
 * raced. The first added is kept; each later one is named with the command that removes it.
 */
export function checkSameContent(ctx: KbContext): Violation[] {
  const kept = new Map<string, string>();
  const out: Violation[] = [];
  for (const doc of ctx.store.documents.sameContent()) {
    const first = kept.get(doc.hash);
    if (first === undefined) kept.set(doc.hash, doc.name);
    else out.push({ kind: 'same-content', path: doc.raw_path, detail: `same content as ${first}: remove one, e.g. \`kb remove ${doc.name}\`` });
  }
  return out;
}

/** Nothing may be left of an interrupted change once recovery has run. */
export function checkLeftovers(ctx: KbContext): Violation[] {
  const out: Violation[] = [];
  const journals = listJournalIds(ctx.paths.journal);
  for (const id of journals) {
    out.push({ kind: 'pending-journal', path: `.kb/journal/${id}.json`, detail: `an interrupted change is not yet recovered (keep .kb/backup/${id}: what it replaced)` });
  }
  // A pending journal's backups are no leftover: they are the only copy of what it replaced.
  for (const name of readdirSafe(ctx.paths.backup)) {
    if (!journals.includes(name)) out.push({ kind: 'leftover-backup', path: `.kb/backup/${name}`, detail: 'backup of a finished change' });
  }
  for (const name of deadTrash(ctx.paths)) out.push({ kind: 'leftover-trash', path: `.kb/trash/${name}`, detail: 'backups a dead process did not finish deleting' });
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
  const files = kbFiles(ctx.paths.root);
  const exists = rememberAnswers(files.exists);
  const out: Violation[] = [];
  for (const rel of listFiles(ctx.paths.root, 'wiki')) {
    // Kept copies hold the user's words as they were, links included: not part of the link graph.
    if (!rel.endsWith('.md') || rel.startsWith(`${KEPT_COPIES_FOLDER}/`)) continue;
    for (const link of extractWikiLinks(files.read(rel) ?? '')) {
      if (!linkResolves(link.target, exists)) out.push({ kind: 'broken-link', path: `${rel}:${link.line}`, detail: `[[${link.target}]] points at no page` });
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
  if (!ctx.store.sections.indexBuilt()) return [];
  // Pages the user wrote are indexed only by a rebuild (kb doctor --repair), not by commits.
  const recorded = ctx.store.pages.recordsComplete() ? new Set(ctx.store.pages.recordedPaths()) : undefined;
  const userPage = (rel: string): boolean => recorded !== undefined && !recorded.has(rel);
  const onDisk = new Set(listFiles(ctx.paths.root, 'wiki').filter((rel) => isSearchedPage(rel) && !userPage(rel)));
  const indexed = new Set(ctx.store.sections.indexedPages());
  const out: Violation[] = [];
  for (const rel of onDisk) if (!indexed.has(rel)) out.push({ kind: 'search-unindexed', path: rel, detail: 'page missing from the search index (kb doctor --repair rebuilds it)' });
  for (const rel of indexed) if (!onDisk.has(rel)) out.push({ kind: 'search-stale', path: rel, detail: 'search index has a page that does not exist (kb doctor --repair rebuilds it)' });
  return out;
}

export function checkDatabase(ctx: KbContext): Violation[] {
  const result = ctx.store.db.pragma('quick_check', { simple: true });
  return result === 'ok' ? [] : [{ kind: 'database-corrupt', path: '.kb/kb.db', detail: String(result) }];
}

function readdirSafe(dir: string): string[] {
  return readdirTyped(dir).map((e) => e.name);
}
