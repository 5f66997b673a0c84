import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, parseTempName, tempPathFor } from '../core/atomic-write.js';
import { crashPoint } from '../core/crash-point.js';
import { durableFs } from '../core/durable-fs.js';
import { errnoCode } from '../core/errors.js';
import type { KbPaths } from '../core/kb-paths.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import { isOwnerAlive } from '../core/process-owner.js';
import { backupName, linkOrCopy, osLink, targetOfBackup, type LinkSeam } from './backup.js';
import { dropJournal, type Journal } from './journal.js';

/**
 * Puts every target of an uncommitted journal back as it was: restored from its backup if it
 * existed, deleted if it did not. Idempotent — restores copy from the backup (the backup stays
 * until the very end), so a crash halfway through is simply redone by the next recovery.
 */
export function rollbackJournal(paths: KbPaths, journal: Journal, link: LinkSeam = osLink): void {
  const backupRoot = path.join(paths.backup, journal.id);
  const dirs = new Set<string>();
  [...journal.targets].reverse().forEach((target, index) => {
    const live = resolveInKb(paths.root, target.path);
    if (target.existed) {
      const copy = path.join(backupRoot, backupName(target.path));
      if (!fs.existsSync(copy)) throw new Error(`the backup of ${target.path} is missing from ${backupRoot}`);
      restoreFile(copy, live, link);
    } else {
      // Not recursive: if a directory now stands there, that is for a human to look at.
      durableFs().unlink(live);
    }
    removeStrayTemps(live);
    dirs.add(path.dirname(live));
    crashPoint(`recovery:target:${index}`);
  });
  for (const dir of dirs) if (fs.existsSync(dir)) fsyncDir(dir);
  // The journal's removal must be on disk before its backups go: a power cut could otherwise
  // bring back the journal without them, and no later recovery could roll it back
  // (found by test/power-cut.test.ts). One fsync, on the rare path of a rollback.
  dropJournalAndBackups(paths, journal.id, (backups) => {
    fsyncDir(paths.journal);
    removeBackupsOneByOne(backups);
  });
}

/**
 * After the commit point (or a rollback): the journal goes first, so nothing can undo it,
 * and a journal on disk always keeps its full backup set — one whose backups went first
 * could never be rolled back again (every mutation would stop with exit 5 for good).
 * `removeBackups` gets the backup folder; by default its files are deleted at once, one by
 * one (see trash.ts for the other way).
 */
export function dropJournalAndBackups(paths: KbPaths, id: string, removeBackups: (dir: string) => void = removeBackupsOneByOne): void {
  dropJournal(paths.journal, id);
  crashPoint('journal-dropped');
  removeBackups(path.join(paths.backup, id));
  crashPoint('backups-dropped');
}

/**
 * One crash point after each backup removed (what `fs.rmSync(dir, { recursive })` does
 * anyway, file by file), so a crash test can kill recovery between any two of them.
 */
function removeBackupsOneByOne(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  names.forEach((name, index) => {
    durableFs().removeTree(path.join(dir, name));
    crashPoint(`recovery:backup:${index}`);
  });
  durableFs().removeTree(dir);
}

/**
 * A journal we cannot read still has its backups, named after their KB-relative paths: put
 * those back. Files the mutation created cannot be known; the caller reports that.
 */
export function restoreBackupTree(paths: KbPaths, id: string): number {
  const backupRoot = path.join(paths.backup, id);
  let restored = 0;
  for (const rel of listFilesRelative(backupRoot)) {
    restoreFile(path.join(backupRoot, rel), resolveInKb(paths.root, targetOfBackup(rel)), osLink);
    restored++;
  }
  return restored;
}

/** Temp files a killed writer left next to a target (`.name.tmp-<pid>-<hex>`). */
export function removeStrayTemps(livePath: string): void {
  const dir = path.dirname(livePath);
  const base = path.basename(livePath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const temp = parseTempName(name);
    if (temp && temp.base === base && !isOwnerAlive({ pid: temp.pid })) durableFs().unlink(path.join(dir, name));
  }
}

function restoreFile(copy: string, live: string, link: LinkSeam): void {
  // A target the change never reached is still the backup's inode. Nothing to restore, and
  // renaming a link over another link to the same inode is a no-op that would strand the temp.
  if (isSameFile(copy, live)) return;
  fs.mkdirSync(path.dirname(live), { recursive: true });
  const temp = tempPathFor(live);
  try {
    linkOrCopy(copy, temp, link);
    durableFs().rename(temp, live);
  } catch (error) {
    // A rollback that fails (a folder where the file goes) is retried, by this process and by
    // every later command: a temp left per attempt would pile up in the user's wiki, and one
    // of a process that then succeeds is never removed (its pid is alive when it looks).
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

function isSameFile(a: string, b: string): boolean {
  try {
    const [sa, sb] = [fs.lstatSync(a), fs.lstatSync(b)];
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

function listFilesRelative(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}
