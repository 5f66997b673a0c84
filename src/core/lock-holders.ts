import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { currentOwner, isOwnerAlive, type ProcessOwner } from './process-owner.js';
import type { LockKind } from './file-lock.js';

/**
 * Who holds the lock, for the "waiting for lock held by pid 1234 (kb add)" message. The lock
 * itself cannot carry this (an exclusive holder keeps everyone else from reading it), so each
 * holder leaves a small file named after its pid while it holds the lock.
 */
export interface LockHolder extends ProcessOwner {
  command: string;
  kind: LockKind;
  since: string;
}

/** Best effort: a note we cannot write (full disk, read-only folder) only makes waiters' messages vaguer. */
export function recordLockHolder(dir: string, command: string, kind: LockKind): () => void {
  const file = path.join(dir, `${process.pid}.json`);
  const holder: LockHolder = { ...currentOwner(), command, kind, since: new Date().toISOString() };
  try {
    writeFileAtomic(file, JSON.stringify(holder) + '\n', { durable: false });
  } catch {
    return () => undefined;
  }
  return () => fs.rmSync(file, { force: true });
}

/** Live holders only: a file left by a killed holder is ignored (and swept by recovery). */
export function readLockHolders(dir: string): LockHolder[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const holders: LockHolder[] = [];
  for (const name of names) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    try {
      const holder = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as LockHolder;
      if (holder.pid !== process.pid && isOwnerAlive(holder)) holders.push(holder);
    } catch {
      // Being removed as we read it: that holder is gone.
    }
  }
  return holders;
}

export function describeLockHolders(holders: readonly LockHolder[]): string {
  if (holders.length === 0) return 'waiting for the knowledge-base lock';
  const exclusive = holders.filter((h) => h.kind === 'exclusive');
  const shown = exclusive.length > 0 ? exclusive : holders;
  return `waiting for lock held by ${shown.map((h) => `pid ${h.pid} (${h.command})`).join(', ')}`;
}
