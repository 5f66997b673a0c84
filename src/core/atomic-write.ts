import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { crashPoint } from './crash-point.js';
import { durableFs } from './durable-fs.js';

/**
 * The only way kb writes a file it keeps: a temp file in the same directory, written and
 * fsynced, renamed over the target, then the directory fsynced so the rename itself survives
 * a power cut. Readers therefore see the old bytes or the new bytes, never a mix. Because the
 * target is always *replaced* (new inode), hardlink backups of the old file stay intact.
 */
export interface AtomicWriteOptions {
  /** Names the crash points `<crashTag>:temp-written` for the crash tests. */
  crashTag?: string;
  /**
   * false skips the fsyncs: still atomic (readers never see a torn file) but not durable.
   * Only for advisory notes that nothing depends on after a power cut (lock-holder notes).
   */
  durable?: boolean;
}

export function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const durable = options.durable ?? true;
  const temp = writeTempFile(target, data, { durable });
  if (options.crashTag) crashPoint(`${options.crashTag}:temp-written`);
  renameIntoPlace(temp, target);
  if (durable) fsyncDir(path.dirname(target));
}

/**
 * writeFileAtomic in two halves, for a commit that replaces many files: every temp file is
 * written (and fsynced) first, then all are renamed, then each directory is fsynced once,
 * not once per file. The caller owns the directory fsyncs and the cleanup of temps it did
 * not rename (`fs.rmSync(temp, { force: true })`).
 */
export function writeTempFile(target: string, data: string | Uint8Array, options: { durable?: boolean } = {}): string {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    durableFs().createFile(temp, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, options.durable ?? true);
  } catch (error) {
    // write(2) and fsync(2) errors name no file; say which one the user would know.
    throw Object.assign(error as object, { path: (error as { path?: unknown }).path ?? target });
  }
  return temp;
}

/** The second half: the temp file replaces the target; on failure the temp is removed. */
export function renameIntoPlace(temp: string, target: string): void {
  try {
    durableFs().rename(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Temp names start with a dot and carry the pid, so sweeps can tell whose they are. */
export function tempPathFor(target: string): string {
  const base = path.basename(target);
  return path.join(path.dirname(target), `.${base}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

const TEMP_NAME = /^\.(.+)\.tmp-(\d+)-[0-9a-f]{8}$/;

/** Parses a temp name made by `tempPathFor`: the file it was for, and the writer's pid. */
export function parseTempName(name: string): { base: string; pid: number } | undefined {
  const match = TEMP_NAME.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  return { base: match[1], pid: Number(match[2]) };
}

/** fsync of a file or a directory (through durableFs, so the power-cut test sees it). */
export function fsyncPath(file: string): void {
  durableFs().fsync([file]);
}

/**
 * fsyncPath on libuv's thread pool: the caller's thread goes on with its own work while the
 * disk catches up (a prepare worker converts the next pages instead of sleeping in fsync).
 */
export async function fsyncPathAsync(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const fsyncDir: (dir: string) => void = fsyncPath;

/** Creates directories and fsyncs each new one's parent, so the entries survive a crash. */
export function mkdirDurable(dir: string): void {
  if (fs.existsSync(dir)) return;
  mkdirDurable(path.dirname(dir));
  try {
    durableFs().mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  fsyncDir(path.dirname(dir));
}
