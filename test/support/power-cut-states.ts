import fs from 'node:fs';
import path from 'node:path';
import { DB_FILES, type Recording, type TraceOp } from './record-durable-ops.js';

/**
 * What a power cut can leave of a trace (the model of ALICE and CrashMonkey, simplified).
 * Each operation has up to two parts that reach the disk separately:
 *   - its directory entries (create, rename, unlink, link, mkdir, removeTree): durable once
 *     every directory it changed was fsynced after it;
 *   - the data of a created file: durable once that file (by any of its names) was fsynced
 *     after it. Lost data leaves the file empty, as a delayed allocation does.
 * The SQLite commit is durable when it returns (synchronous = FULL), and what came before the
 * trace is taken as durable. Any non-durable part may be lost.
 */
export interface Part {
  op: number;
  part: 'entry' | 'data';
}

export const partKey = (p: Part): string => `${p.op}:${p.part}`;

/** The parts of ops[0, prefix) that a power cut right after them could still lose. */
export function losableParts(ops: readonly TraceOp[], prefix: number): Part[] {
  const pendingDirs = new Map<number, Set<string>>();
  const pendingData = new Map<number, number>(); // create op → its inode (the op's index)
  const inodeAt = new Map<string, number>();
  for (let i = 0; i < prefix; i++) {
    const op = ops[i] as TraceOp;
    if (op.kind === 'fsync') {
      const inode = inodeAt.get(op.path);
      if (inode !== undefined) pendingData.delete(inode);
      for (const [index, dirs] of pendingDirs) {
        dirs.delete(op.path);
        if (dirs.size === 0) pendingDirs.delete(index);
      }
      continue;
    }
    if (op.kind === 'commitDb') continue;
    pendingDirs.set(i, new Set(entryDirs(op)));
    if (op.kind === 'create') {
      inodeAt.set(op.path, i);
      pendingData.set(i, i);
    } else if (op.kind === 'rename') {
      moveName(inodeAt, op.from, op.to);
    } else if (op.kind === 'link') {
      const inode = inodeAt.get(op.existing);
      if (inode !== undefined) inodeAt.set(op.path, inode);
    } else if (op.kind === 'unlink') {
      inodeAt.delete(op.path);
    } else if (op.kind === 'removeTree') {
      for (const name of [...inodeAt.keys()]) if (name.startsWith(`${op.path}/`)) inodeAt.delete(name);
    }
  }
  return [
    ...[...pendingDirs.keys()].map((op) => ({ op, part: 'entry' as const })),
    ...[...pendingData.keys()].map((op) => ({ op, part: 'data' as const })),
  ].sort((a, b) => a.op - b.op);
}

/**
 * The loss patterns checked at each prefix: nothing lost, everything losable lost, and each
 * losable part lost alone. A missing fsync makes some part losable at the instant it matters;
 * losing it alone, or with everything else that could go, is what exposes it.
 */
export function lossPatterns(parts: readonly Part[]): Set<string>[] {
  const all = new Set(parts.map(partKey));
  const patterns = [new Set<string>(), ...parts.map((p) => new Set([partKey(p)]))];
  if (parts.length > 1) patterns.push(all);
  return patterns;
}

/**
 * Builds on disk, at `into`, what a power cut after ops[0, prefix) that lost the parts in
 * `lost` leaves: the trace's starting copy, kb.db as it was before or after the commit, then
 * every operation replayed but for what was lost. An operation whose source a loss removed
 * is lost with it. `renameTemp` maps each path (temps carry the recording process's pid).
 */
export function materialise(recording: Recording, prefix: number, lost: ReadonlySet<string>, into: string, renameTemp: (rel: string) => string): void {
  fs.cpSync(recording.before, into, { recursive: true });
  const ops = recording.ops.slice(0, prefix);
  if (ops.some((op) => op.kind === 'commitDb')) {
    const meta = path.join(into, '.kb');
    for (const name of DB_FILES) fs.rmSync(path.join(meta, name), { force: true });
    for (const name of DB_FILES) {
      const copy = path.join(recording.dbAfter as string, name);
      if (fs.existsSync(copy)) fs.copyFileSync(copy, path.join(meta, name));
    }
  }
  const at = (rel: string): string => path.join(into, renameTemp(rel));
  ops.forEach((op, i) => {
    if (lost.has(`${i}:entry`)) return;
    try {
      replay(op, at, lost.has(`${i}:data`));
    } catch (error) {
      if (!['ENOENT', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  });
}

function replay(op: TraceOp, at: (rel: string) => string, dataLost: boolean): void {
  switch (op.kind) {
    case 'create':
      return fs.writeFileSync(at(op.path), dataLost ? Buffer.alloc(0) : op.bytes, { flag: 'wx' });
    case 'rename':
      return fs.renameSync(at(op.from), at(op.to));
    case 'unlink':
      return fs.rmSync(at(op.path), { force: true });
    case 'link':
      return fs.linkSync(at(op.existing), at(op.path));
    case 'mkdir':
      return fs.mkdirSync(at(op.path));
    case 'removeTree':
      return fs.rmSync(at(op.path), { recursive: true, force: true });
    default:
      return;
  }
}

/**
 * The directory whose fsync makes an operation's entries durable. A rename is taken as durable
 * once the destination's directory is fsynced (the new name is what the protocol relies on;
 * ext4 and xfs log a rename as one transaction). Losing only the old name's removal would
 * leave a staged file in .kb/staging too, which recovery sweeps; not modelled.
 */
function entryDirs(op: Exclude<TraceOp, { kind: 'fsync' | 'commitDb' }>): string[] {
  return [dirOf(op.kind === 'rename' ? op.to : op.path)];
}

function dirOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

function moveName(inodeAt: Map<string, number>, from: string, to: string): void {
  const inode = inodeAt.get(from);
  inodeAt.delete(from);
  if (inode !== undefined) inodeAt.set(to, inode);
  else inodeAt.delete(to);
}
