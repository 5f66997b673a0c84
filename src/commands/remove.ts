import fs from 'node:fs';
import path from 'node:path';
import { compileRemove } from '../compile/compile-remove.js';
import { applyChangeset } from '../commit/apply-changeset.js';
import type { Changeset } from '../commit/changeset.js';
import { readLivePage, type KbContext } from '../commit/kb-context.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { ExitCode, KbError } from '../core/errors.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import type { DocumentRow, Store } from '../store/store.js';
import { planKeepRaw, type KeptRawMove } from './keep-raw-file.js';

export interface PlanRow {
  action: 'DELETE' | 'MODIFY' | 'MOVE';
  path: string;
  /** MOVE only: where the file goes (--keep-raw moves the raw file to raw/kept/). */
  to?: string;
}

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
    return { doc, plan: planOf(...compile(ctx, doc, options.keepRaw)) };
  });
  const result = { doc: first.doc.name, removed: false, plan: first.plan };
  if (options.dryRun || !(await options.confirm(first.doc.name, first.plan))) return result;
  return withKbLock(ctx, 'exclusive', () => {
    const doc = ctx.store.getDocument(first.doc.name);
    if (!doc || doc.hash !== first.doc.hash) {
      throw new KbError('DOCUMENT_CHANGED', ExitCode.someFailed, `${first.doc.name} changed while waiting for confirmation; nothing was removed`, { hint: 'run kb remove again' });
    }
    const [changeset, move] = compile(ctx, doc, options.keepRaw);
    applyChangeset(ctx, changeset);
    return { doc: doc.name, removed: true, plan: planOf(changeset, move) };
  });
}

/** By document name, then original file name, then unique prefix of a document name. */
export function resolveDocument(store: Store, query: string): DocumentRow {
  const exact = store.getDocument(query);
  if (exact) return exact;
  const docs = store.listDocuments();
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

export function renderPlan(doc: string, plan: readonly PlanRow[]): string {
  return [`removing ${doc}:`, ...plan.map((row) => `  ${row.action.padEnd(6)}  ${row.path}${row.to ? ` → ${row.to}` : ''}`)].join('\n');
}

/** The removal's changeset; with --keep-raw, the raw file's move to raw/kept/ is part of it. */
function compile(ctx: KbContext, doc: DocumentRow, keepRaw: boolean): [Changeset, KeptRawMove | undefined] {
  const changeset = compileRemove({ store: ctx.store, readPage: (rel) => readLivePage(ctx, rel), now: ctx.clock.now(), compile: ctx.config.compile, keepRaw }, doc);
  if (!keepRaw || !fs.existsSync(resolveInKb(ctx.paths.root, doc.raw_path))) return [changeset, undefined];
  const kept = planKeepRaw(ctx.paths.root, doc.raw_path);
  return [{ ...changeset, writes: [...changeset.writes, ...kept.changes.writes], deletes: [...changeset.deletes, ...kept.changes.deletes] }, kept.move];
}

/** One row per path: deletions first, then the kept raw file's move, then rewrites, each by path. */
function planOf(changeset: Changeset, move?: KeptRawMove): PlanRow[] {
  const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const moved = new Set(move ? [move.from, move.to] : []);
  const deletes = [...new Set(changeset.deletes)].filter((p) => !moved.has(p)).sort(byPath);
  const writes = [...new Set(changeset.writes.map((w) => w.path))].filter((p) => !deletes.includes(p) && !moved.has(p)).sort(byPath);
  return [
    ...deletes.map((path) => ({ action: 'DELETE' as const, path })),
    ...(move ? [{ action: 'MOVE' as const, path: move.from, to: move.to }] : []),
    ...writes.map((path) => ({ action: 'MODIFY' as const, path })),
  ];
}
