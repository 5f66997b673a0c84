import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runKb, type KbRun } from './run-kb.js';

/** nobody:nogroup, the user the reports ran kb as. */
export const NOBODY = { uid: 65534, gid: 65534 };

/**
 * Why tests that need root facilities (another user via setpriv, mounts) cannot run here, or
 * undefined when they can. CI runs as root; a developer's machine may not.
 */
export function whyNoRootFacilities(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (setpriv to another user, mount)';
  if (spawnSync('setpriv', ['--version']).status !== 0) return 'needs setpriv (util-linux)';
  return undefined;
}

/** Runs `kb <args>` as another user, without supplementary groups, like a user without write access. */
export function runKbAs(user: { uid: number; gid: number }, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<KbRun> {
  return runKb(args, { env, cwd: '/', via: ['setpriv', '--reuid', String(user.uid), '--regid', String(user.gid), '--clear-groups'] });
}

/** Everything under .kb/ with its size, so a test sees a reader create, grow or remove nothing there. */
export function listMeta(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.push(`${child} ${fs.statSync(path.join(root, child)).size}`);
    }
  };
  walk('.kb');
  return out.sort();
}
