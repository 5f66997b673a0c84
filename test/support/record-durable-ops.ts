import fs from 'node:fs';
import path from 'node:path';
import { nodeDurableFs, type DurableFs } from '../../src/core/durable-fs.js';

/**
 * The I/O trace of the crash-safety protocol: every operation that goes through durableFs()
 * (src/core/durable-fs.ts), KB-relative, in the order it happened. `create` is a new file
 * with its bytes (a `sync` create is followed by its own fsync); `commitDb` is the SQLite
 * commit, one durable step.
 */
export type TraceOp =
  | { kind: 'create'; path: string; bytes: Buffer }
  | { kind: 'fsync'; path: string }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'unlink'; path: string }
  | { kind: 'link'; existing: string; path: string }
  | { kind: 'mkdir'; path: string }
  | { kind: 'removeTree'; path: string }
  | { kind: 'commitDb' };

export interface Recording {
  /** The KB as it was when the trace began (a copy, kb.db included). */
  before: string;
  ops: TraceOp[];
  /** kb.db (and its WAL) right after the SQLite commit, if the trace has one. */
  dbAfter?: string;
}

/** kb.db and its WAL; the -shm index is rebuilt by SQLite from them. */
export const DB_FILES = ['kb.db', 'kb.db-wal'];

/**
 * A DurableFs that does what node:fs does and writes down each operation on `root`. The trace
 * starts at the first operation for which `startWhen(relPath)` holds; the KB is copied to
 * `<work>/before` just before it, so the trace replays onto that copy.
 */
export function recordDurableOps(root: string, work: string, startWhen: (rel: string) => boolean): { fs: DurableFs; recording: Recording } {
  const recording: Recording = { before: path.join(work, 'before'), ops: [] };
  let started = false;
  const rel = (file: string): string => {
    const r = path.relative(root, file).split(path.sep).join('/');
    if (r.startsWith('..') || path.isAbsolute(r)) throw new Error(`durable op outside the KB: ${file}`);
    return r;
  };
  const note = (paths: string[], op: () => TraceOp | TraceOp[]): void => {
    if (!started && paths.some((p) => startWhen(rel(p)))) {
      fs.cpSync(root, recording.before, { recursive: true, filter: (src) => !src.endsWith('-shm') });
      started = true;
    }
    if (started) recording.ops.push(...[op()].flat());
  };
  const recorder: DurableFs = {
    createFile(file, bytes, sync) {
      note([file], () => [{ kind: 'create', path: rel(file), bytes: Buffer.from(bytes) }, ...(sync ? [{ kind: 'fsync' as const, path: rel(file) }] : [])]);
      nodeDurableFs.createFile(file, bytes, sync);
    },
    fsync(paths) {
      note([...paths], () => paths.map((p) => ({ kind: 'fsync' as const, path: rel(p) })));
      nodeDurableFs.fsync(paths);
    },
    rename(from, to) {
      note([from, to], () => ({ kind: 'rename', from: rel(from), to: rel(to) }));
      nodeDurableFs.rename(from, to);
    },
    unlink(file) {
      note([file], () => ({ kind: 'unlink', path: rel(file) }));
      nodeDurableFs.unlink(file);
    },
    link(existing, newPath) {
      note([existing, newPath], () => ({ kind: 'link', existing: rel(existing), path: rel(newPath) }));
      nodeDurableFs.link(existing, newPath);
    },
    copyFile(existing, newPath) {
      note([existing, newPath], () => ({ kind: 'create', path: rel(newPath), bytes: fs.readFileSync(existing) }));
      nodeDurableFs.copyFile(existing, newPath);
    },
    mkdir(dir) {
      note([dir], () => ({ kind: 'mkdir', path: rel(dir) }));
      nodeDurableFs.mkdir(dir);
    },
    removeTree(dir) {
      note([dir], () => ({ kind: 'removeTree', path: rel(dir) }));
      nodeDurableFs.removeTree(dir);
    },
    commitDb(db, commit) {
      note([db], () => ({ kind: 'commitDb' }));
      nodeDurableFs.commitDb(db, commit);
      if (!started) return;
      recording.dbAfter = path.join(work, 'db-after');
      fs.mkdirSync(recording.dbAfter, { recursive: true });
      for (const name of DB_FILES) {
        const file = path.join(path.dirname(db), name);
        if (fs.existsSync(file)) fs.copyFileSync(file, path.join(recording.dbAfter, name));
      }
    },
  };
  return { fs: recorder, recording };
}
