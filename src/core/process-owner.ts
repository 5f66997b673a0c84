import fs from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * Identifies a process well enough to tell, later, whether it is still the same live process:
 * a pid alone can be reused after a crash, so on Linux we add the process start time.
 */
export interface ProcessOwner {
  pid: number;
  startTime?: string;
}

export function currentOwner(): ProcessOwner {
  // A process's start time never changes: read once, not at every commit (each journal names
  // its owner; reading /proc took 0.4 ms a commit).
  if (ownStartTime?.pid !== process.pid) ownStartTime = { pid: process.pid, startTime: readStartTime(process.pid) };
  const { startTime } = ownStartTime;
  return startTime === undefined ? { pid: process.pid } : { pid: process.pid, startTime };
}

let ownStartTime: { pid: number; startTime: string | undefined } | undefined;

export function isOwnerAlive(owner: ProcessOwner): boolean {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (owner.startTime === undefined) return true;
  const now = readStartTime(owner.pid);
  return now === undefined || now === owner.startTime;
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
function readStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const afterComm = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return afterComm[19];
  } catch {
    return undefined;
  }
}

/**
 * A name that carries its owner: `<pid>-<start time>-<random>`. The name alone identifies
 * the owner, pid reuse included, from the instant a folder so named exists: a process killed
 * before it could write anything more would otherwise leave a folder known only by its pid,
 * which another process can get again (pids wrap at 32768 on busy machines).
 */
export function newOwnedName(): string {
  const owner = currentOwner();
  return `${owner.pid}-${owner.startTime ?? '0'}-${randomBytes(4).toString('hex')}`;
}

/** The owner a name from `newOwnedName` carries (or the pid of an older `<pid>-<random>` name). */
export function ownerOfName(name: string): ProcessOwner {
  const named = /^(\d+)-(\d+)-[0-9a-f]+$/.exec(name);
  if (named && named[2] !== '0') return { pid: Number(named[1]), startTime: named[2] as string };
  return { pid: Number.parseInt(name, 10) };
}
