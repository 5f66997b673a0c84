import fs from 'node:fs';
import type { KbPaths } from '../core/kb-paths.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import { osLink, type LinkSeam } from './backup.js';
import { listJournalIds, readJournal, writeJournal, type Journal } from './journal.js';
import { dropJournalAndBackups, removeStrayTemps, restoreBackupTree, rollbackJournal } from './rollback-journal.js';
import { resolveInKb } from '../core/kb-relative-path.js';

export const MAX_ROLLBACK_ATTEMPTS = 5;

export interface RecoveryReport {
  rolledBack: string[];
  discarded: string[];
  malformed: { id: string; reason: string; restored: number }[];
  failed: { id: string; error: string; attempts: number }[];
}

export interface RecoveryOptions {
  link?: LinkSeam;
  /** Pause between rollback attempts; tests pass 0. */
  retryDelayMs?: number;
  /** Told what a recovery run did (journals, and leftovers swept), for `kb doctor --repair` to report. */
  onRecovered?: (report: RecoveryReport, swept: readonly string[]) => void;
}

/**
 * Brings the KB back to its last committed state. Must run under the exclusive lock (so every
 * journal found belongs to a dead process). For each journal: committed in kb.db ⇒ discard it;
 * not committed ⇒ roll every target back. Idempotent: a crash in here is finished next time.
 */
export function recoverJournals(deps: { paths: KbPaths; store: Store; logger: Logger }, options: RecoveryOptions = {}): RecoveryReport {
  const { paths, store, logger } = deps;
  const report: RecoveryReport = { rolledBack: [], discarded: [], malformed: [], failed: [] };
  for (const id of listJournalIds(paths.journal)) {
    const read = readJournal(paths.journal, id);
    if (store.commits.isCommitted(id)) {
      if (read.ok) removeTempsOf(paths, read.journal);
      dropJournalAndBackups(paths, id);
      report.discarded.push(id);
      logger.info({ event: 'recovery.discarded', journalId: id }, `recovery: journal ${id} had committed; cleaned up`);
      continue;
    }
    if (!read.ok) {
      const restored = restoreBackupTree(paths, id);
      dropJournalAndBackups(paths, id);
      report.malformed.push({ id, reason: read.reason, restored });
      logger.error(
        { event: 'recovery.malformed', journalId: id, reason: read.reason, restored },
        `recovery: journal ${id} is ${read.reason}; restored ${restored} file(s) from its backups, but files it created may remain — run \`kb doctor\``,
      );
      continue;
    }
    const outcome = rollbackWithRetries(paths, read.journal, options);
    if (outcome === undefined) {
      report.rolledBack.push(id);
      logger.warn({ event: 'recovery.rolled_back', journalId: id, op: read.journal.op }, `recovered: rolled back an interrupted ${read.journal.op} (${read.journal.detail})`);
    } else {
      report.failed.push(outcome);
      logger.error({ event: 'recovery.failed', journalId: id, error: outcome.error, attempts: outcome.attempts }, `recovery: could not roll back journal ${id}: ${outcome.error}`);
    }
  }
  return report;
}

function rollbackWithRetries(paths: KbPaths, journal: Journal, options: RecoveryOptions): RecoveryReport['failed'][number] | undefined {
  let lastError = '';
  for (let attempt = 1; attempt <= MAX_ROLLBACK_ATTEMPTS; attempt++) {
    try {
      rollbackJournal(paths, journal, options.link ?? osLink);
      return undefined;
    } catch (error) {
      lastError = (error as Error).message;
      if (attempt < MAX_ROLLBACK_ATTEMPTS) sleepSync((options.retryDelayMs ?? 20) * attempt);
    }
  }
  // Remember across processes how often this failed, for `kb status` and `kb doctor`.
  const attempts = (journal.failedRollbacks ?? 0) + MAX_ROLLBACK_ATTEMPTS;
  try {
    if (fs.existsSync(paths.journal)) writeJournal(paths.journal, { ...journal, failedRollbacks: attempts, lastError });
  } catch {
    // The disk that failed the rollback may fail this too; the journal itself is still there.
  }
  return { id: journal.id, error: lastError, attempts };
}

function removeTempsOf(paths: KbPaths, journal: Journal): void {
  for (const target of journal.targets) {
    try {
      removeStrayTemps(resolveInKb(paths.root, target.path));
    } catch {
      // A target path that no longer validates cannot have temps of ours next to it.
    }
  }
}

function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
