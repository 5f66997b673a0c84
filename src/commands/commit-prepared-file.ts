import fs from 'node:fs';
import path from 'node:path';
import { compileAdd } from '../compile/compile-add.js';
import { renameSourcePage } from '../compile/document-pages.js';
import { applyChangeset } from '../commit/apply-changeset.js';
import { readLivePage, readLivePageState } from '../commit/live-page.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { toDiskError } from '../core/disk-error.js';
import { isKbError } from '../core/errors.js';
import type { PlannedFile } from '../prepare/plan-batch.js';
import type { PrepareResult } from '../prepare/prepare-item.js';
import type { KbContext } from '../store/kb-context.js';
import { keepsConceptPage } from './keeps-concept-page.js';

/*
 * The commit half of `kb add` for one prepared file (add.ts runs the batch): under the
 * exclusive lock, re-check what another kb may have done meanwhile, compile, apply.
 */

export type FileStatus = 'added' | 'skipped' | 'failed';

export interface FileOutcome {
  path: string;
  doc?: string;
  status: FileStatus;
  reason?: string;
  /** Added text that was not UTF-8: the encoding it was read in (windows-1252, utf-16le…). */
  encoding?: string;
  /** Added, but not quite as asked: an incomplete LLM answer filled from the offline engine, an offline fallback. */
  warnings?: string[];
}

export type PreparedPlan = Extract<PlannedFile, { status: 'prepare' }>;

/** One commit: lock → re-check → compile → apply. Another kb may have added the same bytes meanwhile. */
export async function commitPreparedFile(ctx: KbContext, item: PreparedPlan, result: Extract<PrepareResult, { ok: true }>, hashMs: number): Promise<FileOutcome> {
  const display = item.file.display;
  const lockStarted = Date.now();
  try {
    return await withKbLock(ctx, 'exclusive', () => {
      const lockWaitMs = Date.now() - lockStarted;
      const registered = ctx.store.documents.byHash(item.hash);
      // --reconvert replaces the document that holds these bytes; any other holder wins.
      const again = registered !== undefined && registered.name === item.replaces;
      if (registered && !again) return { path: display, doc: registered.name, status: 'skipped' as const, reason: `already in knowledge base as ${registered.name}` };
      const doc = resolveNameAtCommit(ctx, item);
      // Prepare wrote the source page under the reserved name; another kb may have taken it.
      if (doc !== item.doc) writeFileAtomic(result.sourceFile, renameSourcePage(fs.readFileSync(result.sourceFile, 'utf8'), doc));
      const compileStarted = Date.now();
      const changeset = compileAdd(
        { store: ctx.store, readPage: (rel) => readLivePage(ctx, rel), now: ctx.clock.now(), compile: ctx.config.compile, keepsConceptPage: keepsConceptPage(ctx) },
        {
          doc,
          // A stored original converted again (kb add --reconvert raw) keeps where it was added from.
          fileName: path.basename(item.file.original ?? item.file.path),
          originalPath: item.file.original ?? item.file.path,
          ext: item.ext,
          hash: item.hash,
          size: item.file.size,
          analysis: result.analysis,
          sections: result.sections,
          stagedRaw: result.rawFile,
          stagedSource: result.sourceFile,
        },
      );
      const applyStarted = Date.now();
      applyChangeset(ctx, changeset, { backupsToTrash: true });
      ctx.logger.debug(
        {
          event: 'add.committed',
          doc,
          hashMs,
          prepareMs: result.timings.totalMs,
          convertMs: result.timings.convertMs,
          helpedChunks: result.timings.helpedChunks ?? 0,
          helpedConvertChunks: result.timings.helpedConvertChunks ?? 0,
          lockWaitMs,
          compileMs: applyStarted - compileStarted,
          applyMs: Date.now() - applyStarted,
          commitMs: Date.now() - lockStarted,
        },
        `committed ${doc}`,
      );
      const encoding = result.encoding !== undefined ? { encoding: result.encoding } : {};
      const replaced = again ? { reason: 'converted again' } : item.replaces ? { reason: 'replaced the previous version' } : {};
      return { path: display, doc, status: 'added' as const, ...replaced, ...encoding, ...(result.warnings ? { warnings: result.warnings } : {}) };
    });
  } catch (error) {
    // Lock timeouts, a journal needing repair, interruption: the batch cannot go on safely.
    if (isKbError(error) && error.exitCode !== 1) throw error;
    return { path: display, doc: item.doc, status: 'failed', reason: ((isKbError(error) ? error : toDiskError(error, { root: ctx.paths.root })) ?? (error as Error)).message };
  }
}

/**
 * Names were reserved against the registry as it was when the batch started; another kb
 * process may have taken one since, or the user may have written a page of that name (kb
 * never takes over a page it did not write). Then this document takes the next free name.
 */
function resolveNameAtCommit(ctx: KbContext, item: PreparedPlan): string {
  const owner = ctx.store.documents.get(item.doc);
  if (owner && (item.replaces === item.doc || owner.original_path === item.file.path)) return item.doc;
  if (!owner && !holdsUserPages(ctx, item.doc)) return item.doc;
  let n = 2;
  while (ctx.store.documents.get(`${item.doc}-${n}`) || holdsUserPages(ctx, `${item.doc}-${n}`)) n++;
  return `${item.doc}-${n}`;
}

/** A page the user wrote where this name's source or summary page would go: the name is theirs. */
function holdsUserPages(ctx: KbContext, doc: string): boolean {
  return [`wiki/sources/${doc}.md`, `wiki/summaries/${doc}.md`].some((rel) => readLivePageState(ctx.paths.root, ctx.store, rel).state === 'user');
}
