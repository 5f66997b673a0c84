import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Lowers the scheduling priority of the calling thread by `steps` nice levels, where the OS
 * allows one thread to differ from the others (Linux, where nice is per thread); false where
 * it cannot. Lowering one's own priority needs no privilege.
 */
export function lowerThisThreadPriority(steps: number): boolean {
  try {
    // /proc/thread-self links to /proc/<pid>/task/<tid>: the thread id setpriority takes.
    const tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    if (!Number.isInteger(tid) || tid <= 0) return false;
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + steps));
    return true;
  } catch {
    return false;
  }
}
