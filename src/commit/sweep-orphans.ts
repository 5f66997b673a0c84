import fs from 'node:fs';
import path from 'node:path';
import { parseTempName } from '../core/atomic-write.js';
import { crashPoint } from '../core/crash-point.js';
import { durableFs } from '../core/durable-fs.js';
import type { KbPaths } from '../core/kb-paths.js';
import { isOwnerAlive, ownerOfName, type ProcessOwner } from '../core/process-owner.js';
import { listJournalIds } from './journal.js';
import { deadTrash } from './trash.js';

/** Name of the file a staging batch keeps its owner in. */
export const STAGING_OWNER_FILE = 'owner.json';

/**
 * Leftovers of dead processes that no journal accounts for: backups whose journal is gone
 * (crash between dropping the journal and its backups), trash a dead process did not finish
 * emptying (trash.ts), staging batches whose owner died,
 * journal temp files, lock-holder notes. Run under the exclusive lock, so no live commit owns
 * a backup; staging is written without the lock, hence the owner check. A crash point after
 * each removal lets a crash test kill recovery between any two.
 */
export function sweepOrphans(paths: KbPaths): string[] {
  const swept: string[] = [];
  const journals = new Set(listJournalIds(paths.journal));
  for (const name of readdirSafe(paths.backup)) {
    if (journals.has(name)) continue;
    durableFs().removeTree(path.join(paths.backup, name));
    swept.push(`.kb/backup/${name}`);
    crashPoint('sweep:backup');
  }
  for (const name of deadTrash(paths)) {
    durableFs().removeTree(path.join(paths.trash, name));
    swept.push(`.kb/trash/${name}`);
    crashPoint('sweep:trash');
  }
  for (const name of readdirSafe(paths.staging)) {
    if (isOwnerAlive(stagingOwner(paths.staging, name))) continue;
    durableFs().removeTree(path.join(paths.staging, name));
    swept.push(`.kb/staging/${name}`);
    crashPoint('sweep:staging');
  }
  for (const name of readdirSafe(paths.journal)) {
    const temp = parseTempName(name);
    if (temp && !isOwnerAlive({ pid: temp.pid })) {
      durableFs().unlink(path.join(paths.journal, name));
      swept.push(`.kb/journal/${name}`);
      crashPoint('sweep:journal-temp');
    }
  }
  for (const name of readdirSafe(paths.lockHolders)) {
    const pid = Number.parseInt(name, 10);
    if (isOwnerAlive({ pid })) continue;
    fs.rmSync(path.join(paths.lockHolders, name), { force: true });
    crashPoint('sweep:lock-holder');
  }
  return swept;
}

/**
 * True when a cheap look says recovery has work: journals, backups, or dead staging or trash.
 * The trash of a live `kb add` is its own to empty: it must not send every reader through the
 * exclusive lock while the add runs.
 */
export function needsRecovery(paths: KbPaths): boolean {
  if (readdirSafe(paths.journal).length > 0 || readdirSafe(paths.backup).length > 0) return true;
  if (deadTrash(paths).length > 0) return true;
  return readdirSafe(paths.staging).some((name) => !isOwnerAlive(stagingOwner(paths.staging, name)));
}

/** Whether the process that made staging batch `name` still runs. */
export function isStagingOwnerAlive(stagingDir: string, name: string): boolean {
  return isOwnerAlive(stagingOwner(stagingDir, name));
}

/** owner.json when written; else the owner the name carries. */
function stagingOwner(stagingDir: string, name: string): ProcessOwner {
  try {
    return JSON.parse(fs.readFileSync(path.join(stagingDir, name, STAGING_OWNER_FILE), 'utf8')) as ProcessOwner;
  } catch {
    return ownerOfName(name);
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
