import fs from 'node:fs';
import path from 'node:path';
import { mkdirDurable, renameIntoPlace, writeTempFile } from '../core/atomic-write.js';
import { durableFs } from '../core/durable-fs.js';
import { crashPoint } from '../core/crash-point.js';
import { describeDiskFailure, findDiskFailure, toDiskError } from '../core/disk-error.js';
import { ExitCode, KbError, isKbError } from '../core/errors.js';
import { failPoint } from '../core/fail-point.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import { currentOwner } from '../core/process-owner.js';
import { searchIndexOps } from './search-index-ops.js';
import { backupName, linkOrCopy, osLink, type LinkSeam } from './backup.js';
import type { Changeset } from '../model/changeset.js';
import { journalFile, stageJournal, type Journal, type JournalTarget } from './journal.js';
import type { KbContext } from '../store/kb-context.js';
import { describeKeptWords, guardUserWords, pageRecordOps, type KeptWords } from './guard-user-words.js';
import { dropJournalAndBackups, rollbackJournal } from './rollback-journal.js';
import { trashBackups } from './trash.js';
import { assertExclusiveLock } from './with-kb-lock.js';

export interface ApplyOptions {
  link?: LinkSeam;
  /**
   * Once committed, the backups go to the trash and are deleted in the background (trash.ts)
   * instead of before this returns; the caller awaits `emptyTrash()` before it ends. For the
   * commit loop of `kb add`, where deleting them was a tenth of every commit.
   */
  backupsToTrash?: boolean;
}

export interface ApplyResult {
  journalId: string;
  targets: number;
  /** What the change did to keep words a user wrote (also said on stderr). */
  kept: KeptWords[];
}

type Step =
  | { kind: 'write'; path: string; content: string | Uint8Array }
  | { kind: 'publish'; path: string; from: string }
  | { kind: 'delete'; path: string };

/**
 * Applies a changeset as one transaction (DESIGN.md, crash-safety protocol):
 *   0. the changeset is first made to keep every word a user wrote in the pages it changes
 *      (guard-user-words.ts): notes carried over, edits copied to wiki/conflicts/ first;
 *   1. hardlink backups of every existing target, and the journal (targets, and whether each
 *      existed) in a temp file, all fsynced together;
 *   2. the journal renamed into place, its folder fsynced — from here a crash rolls back;
 *   3. the targets: new contents written to temp files, all fsynced together (fsync-all.ts),
 *      then each target replaced by rename (or published from staging, or unlinked), then
 *      each directory fsynced once, all together;
 *   4. ONE SQLite transaction: registry rows + search index rows + what kb wrote at each page
 *      (page records) + the journal's commit record — the commit point;
 *   5. drop the journal, then the backups (or move them to the trash: `backupsToTrash`).
 * Backups come before the journal so that a journal on disk always has its full backup set.
 * Synchronous on purpose: nothing else in this process runs between the steps.
 */
export function applyChangeset(ctx: KbContext, proposed: Changeset, options: ApplyOptions = {}): ApplyResult {
  try {
    return applyJournaled(ctx, proposed, options);
  } catch (error) {
    // Rolled back by now: a full disk or a read-only folder is the user's to fix, not a bug.
    if (isKbError(error)) throw error;
    throw toDiskError(error, { root: ctx.paths.root, fallbackPath: ctx.paths.db }) ?? error;
  }
}

function applyJournaled(ctx: KbContext, proposed: Changeset, options: ApplyOptions): ApplyResult {
  assertExclusiveLock(ctx.paths.root);
  const guarded = guardUserWords(ctx, proposed);
  const changeset = guarded.changeset;
  const steps = planSteps(ctx, changeset);
  const searchOps = searchIndexOps(changeset, ctx.searchIndex);
  const id = ctx.ids.journalId();
  const targets = steps.map((step) => ({ path: step.path, existed: targetExists(ctx.paths.root, step.path) }));

  const journal: Journal = {
    version: 1,
    id,
    op: changeset.op,
    detail: changeset.detail,
    createdAt: ctx.clock.now().toISOString(),
    owner: currentOwner(),
    targets,
  };
  const backupDir = path.join(ctx.paths.backup, id);
  let staged: { temp: string; publish: () => void } | undefined;
  // The backups and the journal's bytes reach the disk in one round of fsyncs; the journal is
  // renamed into place only after, so a journal on disk always has its full backup set.
  try {
    makeBackups(ctx, backupDir, targets, options.link ?? osLink);
    failPoint('journal-write', journalFile(ctx.paths.journal, id));
    staged = stageJournal(ctx.paths.journal, journal);
    failPoint('backups-fsync', backupDir);
    durableFs().fsync([ctx.paths.backup, backupDir, staged.temp]);
  } catch (error) {
    if (staged) fs.rmSync(staged.temp, { force: true });
    fs.rmSync(backupDir, { recursive: true, force: true });
    throw error;
  }
  crashPoint('backups-made');

  const temps = new Map<number, string>();
  try {
    failPoint('journal-rename', journalFile(ctx.paths.journal, id));
    staged.publish();
    crashPoint('journal-written');
    steps.forEach((step, index) => {
      if (step.kind !== 'write') return;
      const target = resolveInKb(ctx.paths.root, step.path);
      mkdirDurable(path.dirname(target));
      failPoint('temp-write', target);
      // Not fsynced one by one: all of them at once below, before any is renamed.
      temps.set(index, writeTempFile(target, step.content, { durable: false }));
      crashPoint(`target:${index}:temp-written`);
    });
    failPoint('temps-fsync', [...temps.values()][0] ?? ctx.paths.root);
    durableFs().fsync([...temps.values()]);
    crashPoint('temps-synced');
    const dirs = new Set<string>();
    steps.forEach((step, index) => {
      const target = resolveInKb(ctx.paths.root, step.path);
      failPoint(step.kind === 'write' ? 'rename' : step.kind, target);
      applyStep(step, target, temps.get(index));
      temps.delete(index);
      dirs.add(path.dirname(target));
      crashPoint(`target:${index}:applied`);
    });
    failPoint('dirs-fsync', [...dirs][0] ?? ctx.paths.root);
    durableFs().fsync([...dirs]);
    crashPoint('targets-synced');
    failPoint('db-commit', ctx.paths.db);
    const ops = [...changeset.registry, ...searchOps, ...pageRecordOps(ctx.paths.root, guarded)];
    durableFs().commitDb(ctx.paths.db, () => ctx.store.commit(ops, { journalId: id, op: changeset.op, detail: changeset.detail, committedAt: journal.createdAt }));
  } catch (error) {
    // The journal's temp is gone once published; before, it is ours to remove.
    for (const temp of [staged.temp, ...temps.values()]) fs.rmSync(temp, { force: true });
    undoAfterFailure(ctx, journal, error, options.link);
    throw error;
  }
  crashPoint('db-committed');

  cleanUpAfterCommit(ctx, id, options);
  ctx.logger.info({ event: 'commit.applied', journalId: id, op: changeset.op, targets: steps.length }, `${changeset.op}: ${changeset.detail}`);
  for (const kept of guarded.kept) ctx.logger.warn({ event: 'commit.kept_user_words', ...kept }, describeKeptWords(kept));
  return { journalId: id, targets: steps.length, kept: guarded.kept };
}

/**
 * The change is committed: failing to drop its journal or backups (a disk gone read-only, an
 * I/O error) must not fail it. A journal left behind is recognised as committed and discarded,
 * and orphaned backups are swept, by the next recovery.
 */
function cleanUpAfterCommit(ctx: KbContext, id: string, options: ApplyOptions): void {
  const removeBackups = (dir: string): void => {
    failPoint('backups-drop', dir);
    if (options.backupsToTrash) trashBackups(ctx.paths, dir, ctx.logger);
    else durableFs().removeTree(dir);
  };
  try {
    failPoint('journal-drop', journalFile(ctx.paths.journal, id));
    dropJournalAndBackups(ctx.paths, id, removeBackups);
  } catch (error) {
    const disk = findDiskFailure(error);
    if (!disk) throw error;
    ctx.logger.warn({ event: 'commit.cleanup_failed', journalId: id, err: error }, `committed, but ${describeDiskFailure(disk, { root: ctx.paths.root })}; the next kb command cleans up`);
  }
}

function planSteps(ctx: KbContext, changeset: Changeset): Step[] {
  const steps: Step[] = [
    ...changeset.writes.map((w) => ({ kind: 'write' as const, path: w.path, content: w.content })),
    ...changeset.publishes.map((p) => ({ kind: 'publish' as const, path: p.path, from: p.from })),
    ...changeset.deletes.map((d) => ({ kind: 'delete' as const, path: d })),
  ];
  const seen = new Set<string>();
  for (const step of steps) {
    resolveInKb(ctx.paths.root, step.path);
    if (seen.has(step.path)) throw new KbError('CHANGESET_DUPLICATE_TARGET', ExitCode.internal, `changeset names ${step.path} twice`);
    seen.add(step.path);
    if (step.kind === 'publish' && !isInside(ctx.paths.meta, step.from)) {
      throw new KbError('CHANGESET_BAD_PUBLISH', ExitCode.internal, `can only publish files staged under .kb/: ${step.from}`);
    }
  }
  return steps;
}

function targetExists(root: string, relPath: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(resolveInKb(root, relPath));
  } catch {
    return false;
  }
  if (!stat.isFile()) {
    throw new KbError('TARGET_NOT_A_FILE', ExitCode.someFailed, `${relPath} exists but is not a regular file`, {
      hint: 'move it out of the way and retry',
    });
  }
  return true;
}

/** Hardlinks (or copies) of the existing targets in a new backup folder; the caller fsyncs it. */
function makeBackups(ctx: KbContext, backupDir: string, targets: readonly JournalTarget[], link: LinkSeam): void {
  mkdirDurable(ctx.paths.backup);
  durableFs().mkdir(backupDir);
  for (const target of targets) {
    if (!target.existed) continue;
    const copy = path.join(backupDir, backupName(target.path));
    failPoint('backup-link', copy);
    linkOrCopy(resolveInKb(ctx.paths.root, target.path), copy, link);
  }
}

/** Puts one target in place; its directory is fsynced by the caller, once for all targets. */
function applyStep(step: Step, target: string, temp: string | undefined): void {
  if (step.kind === 'write') {
    renameIntoPlace(temp as string, target);
    return;
  }
  mkdirDurable(path.dirname(target));
  if (step.kind === 'publish') durableFs().rename(step.from, target);
  else durableFs().unlink(target);
}

/** A failure we saw (not a crash): put everything back now, or say loudly that we could not. */
function undoAfterFailure(ctx: KbContext, journal: Journal, error: unknown, link?: LinkSeam): void {
  // Info, not warn: the error itself is reported once, by whoever catches it.
  ctx.logger.info({ event: 'commit.failed', journalId: journal.id, err: error }, `${journal.op} failed, rolling back: ${(error as Error).message}`);
  try {
    rollbackJournal(ctx.paths, journal, link);
  } catch (rollbackError) {
    throw new KbError('ROLLBACK_FAILED', ExitCode.journalNeedsRepair, `could not roll back ${journal.op} after an error: ${(rollbackError as Error).message}`, {
      cause: error,
      hint: 'run `kb doctor --repair`',
    });
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
