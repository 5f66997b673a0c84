import fs from 'node:fs';
import { errnoCode } from './errors.js';

/**
 * The first of `paths` (those that exist) this process may not write, with the errno that
 * says why (EACCES, EROFS). access(2) is asked, not guessed from modes: it knows about root,
 * ACLs and read-only mounts.
 */
export function findUnwritable(paths: readonly string[]): { path: string; code: string } | undefined {
  for (const p of paths) {
    try {
      fs.accessSync(p, fs.constants.W_OK);
    } catch (error) {
      const code = errnoCode(error) ?? 'EACCES';
      if (code !== 'ENOENT') return { path: p, code };
    }
  }
  return undefined;
}
