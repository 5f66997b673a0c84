import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseTempName, writeFileAtomic } from '../core/atomic-write.js';
import type { KbPaths } from '../core/kb-paths.js';
import { currentOwner, isOwnerAlive, type ProcessOwner } from '../core/process-owner.js';
import { listJournalIds } from './journal.js';

/** Name of the file a staging batch keeps its owner in. */
export const STAGING_OWNER_FILE = 'owner.json';

/**
 * Leftovers of dead processes that no journal accounts for: backups whose journal is gone
 * (crash between dropping the journal and its backups), staging batches whose owner died,
 * journal temp files, lock-holder notes. Run under the exclusive lock, so no live commit owns
 * a backup; staging is written without the lock, hence the owner check.
 */
export function sweepOrphans(paths: KbPaths): string[] {
  const swept: string[] = [];
  const journals = new Set(listJournalIds(paths.journal));
  for (const name of readdirSafe(paths.backup)) {
    if (journals.has(name)) continue;
    fs.rmSync(path.join(paths.backup, name), { recursive: true, force: true });
    swept.push(`.kb/backup/${name}`);
  }
  for (const name of readdirSafe(paths.staging)) {
    if (isOwnerAlive(stagingOwner(paths.staging, name))) continue;
    fs.rmSync(path.join(paths.staging, name), { recursive: true, force: true });
    swept.push(`.kb/staging/${name}`);
  }
  for (const name of readdirSafe(paths.journal)) {
    const temp = parseTempName(name);
    if (temp && !isOwnerAlive({ pid: temp.pid })) {
      fs.rmSync(path.join(paths.journal, name), { force: true });
      swept.push(`.kb/journal/${name}`);
    }
  }
  for (const name of readdirSafe(paths.lockHolders)) {
    const pid = Number.parseInt(name, 10);
    if (!isOwnerAlive({ pid })) fs.rmSync(path.join(paths.lockHolders, name), { force: true });
  }
  return swept;
}

/** True when a cheap look says recovery has work: journals, backups, or dead staging. */
export function needsRecovery(paths: KbPaths): boolean {
  if (readdirSafe(paths.journal).length > 0 || readdirSafe(paths.backup).length > 0) return true;
  return readdirSafe(paths.staging).some((name) => !isOwnerAlive(stagingOwner(paths.staging, name)));
}

/** Whether the process that made staging batch `name` still runs. */
export function isStagingOwnerAlive(stagingDir: string, name: string): boolean {
  return isOwnerAlive(stagingOwner(stagingDir, name));
}

/**
 * A name for a new staging batch: `<pid>-<start time>-<random>`. The name alone identifies
 * the owner, pid reuse included, from the instant the directory exists: a process killed
 * between creating it and writing owner.json would otherwise leave a batch known only by its
 * pid, which another process can get again (pids wrap at 32768 on busy machines).
 */
/**
 * A new staging folder `.kb/staging/<name>/` carrying its owner (owner.json), so the recovery
 * sweep removes it once its process is dead. The caller removes it when done.
 */
export function createStagingBatch(stagingDir: string): string {
  const dir = path.join(stagingDir, newStagingBatchName());
  fs.mkdirSync(dir, { recursive: true });
  try {
    writeFileAtomic(path.join(dir, STAGING_OWNER_FILE), JSON.stringify(currentOwner()));
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

export function newStagingBatchName(): string {
  const owner = currentOwner();
  return `${owner.pid}-${owner.startTime ?? '0'}-${randomBytes(4).toString('hex')}`;
}

/** owner.json when written; else the owner the name carries (`<pid>-<start>-<random>`, or an older `<pid>-<random>`). */
function stagingOwner(stagingDir: string, name: string): ProcessOwner {
  try {
    return JSON.parse(fs.readFileSync(path.join(stagingDir, name, STAGING_OWNER_FILE), 'utf8')) as ProcessOwner;
  } catch {
    const named = /^(\d+)-(\d+)-[0-9a-f]+$/.exec(name);
    if (named && named[2] !== '0') return { pid: Number(named[1]), startTime: named[2] as string };
    return { pid: Number.parseInt(name, 10) };
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
