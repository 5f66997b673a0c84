import fs from 'node:fs';

/**
 * Identifies a process well enough to tell, later, whether it is still the same live process:
 * a pid alone can be reused after a crash, so on Linux we add the process start time.
 */
export interface ProcessOwner {
  pid: number;
  startTime?: string;
}

export function currentOwner(): ProcessOwner {
  const startTime = readStartTime(process.pid);
  return startTime === undefined ? { pid: process.pid } : { pid: process.pid, startTime };
}

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
