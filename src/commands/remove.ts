import fs from 'node:fs';
import path from 'node:path';
import { compileRemove } from '../compile/compile-remove.js';
import { applyChangeset } from '../commit/apply-changeset.js';
import type { Changeset } from '../model/changeset.js';
import type { KbContext } from '../store/kb-context.js';
import { readLivePage } from '../commit/live-page.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { keepPlanRows, type KeepPlanRow } from '../commit/guard-user-words.js';
import { ExitCode, KbError } from '../core/errors.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import type { Store } from '../store/store.js';
import type { DocumentRow } from '../model/registry.js';
import { chooseKeptPath, keepRawChanges, type KeptRawMove } from './keep-raw-file.js';
import { keepsConceptPage } from './keeps-concept-page.js';

export type PlanRow =
  | {
      action: 'DELETE' | 'MODIFY' | 'MOVE';
      path: string;
      /** MOVE only: where the file goes (--keep-raw moves the raw file to raw/kept/). */
      to?: string;
    }
  | KeepPlanRow;

export interface RemoveOptions {
  /** A document name, an original file name, or a unique prefix of a document name. */
  query: string;
  dryRun: boolean;
  keepRaw: boolean;
  /** Shown the plan before anything changes; false leaves the KB as it is. */
  confirm: (doc: string, plan: readonly PlanRow[]) => Promise<boolean>;
}

export interface RemoveResult {
  doc: string;
  removed: boolean;
  plan: PlanRow[];
}

/**
 * `kb remove`: resolve and plan under a shared lock, ask, then re-plan and apply under the
 * exclusive lock as one changeset (nobody waits on the lock while the user reads the plan).
 * If the document changed in between, nothing is removed.
 */
export async function removeDocument(ctx: KbContext, options: RemoveOptions): Promise<RemoveResult> {
  const first = await withKbLock(ctx, 'shared', () => {
    const doc = resolveDocument(ctx.store, options.query);
    // The plan only: the raw file's bytes are read for the changeset applied below.
    return { doc, plan: planOf(ctx, compile(ctx, doc, options.keepRaw), keptMove(ctx, doc, options.keepRaw)) };
  });
  const result = { doc: first.doc.name, removed: false, plan: first.plan };
  if (options.dryRun || !(await options.confirm(first.doc.name, first.plan))) return result;
  return withKbLock(ctx, 'exclusive', () => {
    const doc = ctx.store.documents.get(first.doc.name);
    if (!doc || doc.hash !== first.doc.hash) {
      throw new KbError('DOCUMENT_CHANGED', ExitCode.someFailed, `${first.doc.name} changed while waiting for confirmation; nothing was removed`, { hint: 'run kb remove again' });
    }
    const move = keptMove(ctx, doc, options.keepRaw);
    const removal = compile(ctx, doc, options.keepRaw);
    const kept = move ? keepRawChanges(ctx.paths.root, move) : { writes: [], deletes: [] };
    const changeset = { ...removal, writes: [...removal.writes, ...kept.writes], deletes: [...removal.deletes, ...kept.deletes] };
    const plan = planOf(ctx, changeset, move);
    applyChangeset(ctx, changeset);
    return { doc: doc.name, removed: true, plan };
  });
}

/** By document name, then original file name, then unique prefix of a document name. */
export function resolveDocument(store: Store, query: string): DocumentRow {
  const exact = store.documents.get(query);
  if (exact) return exact;
  const docs = store.documents.list();
  const byFile = docs.filter((d) => path.basename(d.original_path) === query);
  if (byFile.length === 1) return byFile[0] as DocumentRow;
  const candidates = byFile.length > 1 ? byFile : docs.filter((d) => d.name.startsWith(query));
  if (candidates.length === 1) return candidates[0] as DocumentRow;
  if (candidates.length > 1) {
    const list = candidates.map((d) => `${d.name} (${path.basename(d.original_path)})`).join('\n  ');
    throw new KbError('AMBIGUOUS_DOCUMENT', ExitCode.usage, `"${query}" matches ${candidates.length} documents:\n  ${list}`, { hint: 'name one document exactly' });
  }
  throw new KbError('UNKNOWN_DOCUMENT', ExitCode.someFailed, `no document matches "${query}"`, { hint: 'see kb list for the documents in this knowledge base' });
}

/** A plan row as a line: `  ACTION  path`, and where a KEEP row copies the page. Shared with recompile. */
export function renderPlanRow(row: PlanRow | { action: string; path: string }): string {
  const note =
    row.action === 'KEEP' ? ('copy' in row && row.copy ? `  (your edits, copied to ${row.copy})` : '  (what you added, carried over)') : 'to' in row && row.to ? ` → ${row.to}` : '';
  return `  ${row.action.padEnd(6)}  ${row.path}${note}`;
}

export function renderPlan(doc: string, plan: readonly PlanRow[]): string {
  return [`removing ${doc}:`, ...plan.map(renderPlanRow)].join('\n');
}

/** The removal's changeset; with --keep-raw it leaves the raw file out (keptMove moves it). */
function compile(ctx: KbContext, doc: DocumentRow, keepRaw: boolean): Changeset {
  return compileRemove({ store: ctx.store, readPage: (rel) => readLivePage(ctx, rel), now: ctx.clock.now(), compile: ctx.config.compile, keepsConceptPage: keepsConceptPage(ctx), keepRaw }, doc);
}

/** With --keep-raw, where the raw file goes in raw/kept/ (nothing when it is already gone). */
function keptMove(ctx: KbContext, doc: DocumentRow, keepRaw: boolean): KeptRawMove | undefined {
  return keepRaw && fs.existsSync(resolveInKb(ctx.paths.root, doc.raw_path)) ? chooseKeptPath(ctx.paths.root, doc.raw_path) : undefined;
}

/** One row per path: deletions first, then the kept raw file's move, then rewrites, each by path; then what keeps the user's words. */
function planOf(ctx: KbContext, changeset: Changeset, move?: KeptRawMove): PlanRow[] {
  const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const moved = new Set(move ? [move.from, move.to] : []);
  const deletes = [...new Set(changeset.deletes)].filter((p) => !moved.has(p)).sort(byPath);
  const writes = [...new Set(changeset.writes.map((w) => w.path))].filter((p) => !deletes.includes(p) && !moved.has(p)).sort(byPath);
  return [
    ...deletes.map((path) => ({ action: 'DELETE' as const, path })),
    ...(move ? [{ action: 'MOVE' as const, path: move.from, to: move.to }] : []),
    ...writes.map((path) => ({ action: 'MODIFY' as const, path })),
    ...keepPlanRows(ctx, changeset),
  ];
}
