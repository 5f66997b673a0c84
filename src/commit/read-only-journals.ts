import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, KbError } from '../core/errors.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import { backupName } from './backup.js';
import { listJournalIds, readJournal, type Journal } from './journal.js';
import type { KbContext } from '../store/kb-context.js';

/**
 * A reader that cannot write the KB cannot run recovery, so it looks at what a dead process
 * left (under the shared lock, no live writer is mid-change) and reads only when the files are
 * the last committed state anyway: every journal left is recorded as committed in kb.db (the
 * change is complete; only its clean-up is missing), or none of its targets was touched yet
 * (each is still its backup's bytes, or still absent). Otherwise files may be half-changed:
 * exit 5 with what write access recovery needs. Leftover backups, staging and trash are
 * harmless to a reader. O(targets of the pending journals), nothing when none is pending.
 */
export function assertReadableWithoutRecovery(ctx: KbContext): void {
  const left = listJournalIds(ctx.paths.journal);
  for (const id of left.filter((j) => !ctx.store.commits.isCommitted(j))) {
    const read = readJournal(ctx.paths.journal, id);
    if (read.ok && isUntouched(ctx, read.journal)) continue;
    const what = read.ok ? `an interrupted ${read.journal.op} (journal ${id})` : `an interrupted change (journal ${id}, ${read.reason})`;
    throw new KbError('READ_ONLY_RECOVERY_NEEDED', ExitCode.journalNeedsRepair, `${what} must be rolled back before ${ctx.paths.root} can be read, and that needs write access to its raw/, wiki/ and .kb/ folders`, {
      hint: 'run any kb command (kb status will do) once as a user who can write there, or on a read-write mount',
    });
  }
  if (left.length > 0) ctx.logger.warn({ event: 'recovery.deferred', journals: left }, `an interrupted change left ${left.length} journal(s) that need write access to clean up; reading the last committed state`);
}

function isUntouched(ctx: KbContext, journal: Journal): boolean {
  const backups = path.join(ctx.paths.backup, journal.id);
  return journal.targets.every((target) => {
    const live = resolveInKb(ctx.paths.root, target.path);
    return target.existed ? sameBytes(path.join(backups, backupName(target.path)), live) : !fs.existsSync(live);
  });
}

/** Backups are hardlinks (same inode) or, where links fail, copies (same bytes). */
function sameBytes(a: string, b: string): boolean {
  try {
    const [sa, sb] = [fs.statSync(a), fs.statSync(b)];
    if (sa.ino === sb.ino && sa.dev === sb.dev) return true;
    return sa.size === sb.size && fs.readFileSync(a).equals(fs.readFileSync(b));
  } catch {
    return false;
  }
}
