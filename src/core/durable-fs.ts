import fs from 'node:fs';
import { fsyncAll } from './fsync-all.js';

/**
 * Every file operation whose order and durability the crash-safety protocol relies on
 * (DESIGN.md): the commit (apply-changeset.ts), its journal and backups, recovery. They go
 * through this one narrow interface so that a test can swap in a recorder, replay the trace
 * and ask what a power cut at each instant could leave on disk (test/power-cut.test.ts).
 * SIGKILL crash tests cannot: what the kernel already holds survives a kill, not a power cut.
 *
 * The default is node:fs and fsyncAll, exactly what the protocol called before: same
 * syscalls, same batching of fsyncs on the helper thread.
 */
export interface DurableFs {
  /** Creates `file`, which must not exist, with these bytes; fsyncs it when `sync`. */
  createFile(file: string, bytes: Uint8Array, sync: boolean): void;
  /** fsyncs files and directories, all at once (fsync-all.ts). */
  fsync(paths: readonly string[]): void;
  rename(from: string, to: string): void;
  /** Removes a file; one already gone is fine. */
  unlink(file: string): void;
  link(existing: string, newPath: string): void;
  /** A new file with the bytes of `existing` (backups where hardlinks are not possible); not fsynced. */
  copyFile(existing: string, newPath: string): void;
  /** One directory, whose parent exists. */
  mkdir(dir: string): void;
  /** A directory and all in it, if there (the backups of a finished change, leftovers). */
  removeTree(dir: string): void;
  /** The SQLite transaction: ONE durable step (kb.db runs with synchronous = FULL). */
  commitDb(db: string, commit: () => void): void;
}

export const nodeDurableFs: DurableFs = {
  createFile(file, bytes, sync) {
    // 0o666 lets the kernel apply the umask, so the file gets the mode any normal write would.
    const fd = fs.openSync(file, 'wx', 0o666);
    try {
      writeAll(fd, bytes);
      if (sync) fs.fsyncSync(fd);
    } catch (error) {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      throw error;
    }
    fs.closeSync(fd);
  },
  fsync: (paths) => fsyncAll(paths),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (file) => fs.rmSync(file, { force: true }),
  link: (existing, newPath) => fs.linkSync(existing, newPath),
  copyFile: (existing, newPath) => fs.copyFileSync(existing, newPath),
  mkdir: (dir) => fs.mkdirSync(dir),
  removeTree: (dir) => fs.rmSync(dir, { recursive: true, force: true }),
  commitDb: (_db, commit) => commit(),
};

let current: DurableFs = nodeDurableFs;

/** The file operations in use: node:fs, unless a test swapped them. */
export function durableFs(): DurableFs {
  return current;
}

/** Tests only: routes the protocol's file operations through `replacement` (undefined: back to node:fs). */
export function useDurableFs(replacement: DurableFs | undefined): void {
  current = replacement ?? nodeDurableFs;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
  }
}
