import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, KbError } from './errors.js';

export interface KbLocationInput {
  /** --kb <dir> */
  flag?: string | undefined;
  /** $KB_DIR */
  env?: string | undefined;
  cwd: string;
}

/** --kb, else $KB_DIR, else the first folder holding `.kb/` walking up from the cwd. */
export function findKbRoot(input: KbLocationInput): string {
  const explicit = input.flag ?? (input.env ? input.env : undefined);
  if (explicit !== undefined) {
    const root = path.resolve(input.cwd, explicit);
    if (!isKbRoot(root)) {
      const from = input.flag !== undefined ? '--kb' : '$KB_DIR';
      throw new KbError('KB_NOT_FOUND', ExitCode.noKbOrBadConfig, `no knowledge base at ${root} (from ${from})`, {
        hint: `create one with: kb init ${root}`,
      });
    }
    return root;
  }
  let dir = path.resolve(input.cwd);
  for (;;) {
    if (isKbRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new KbError('KB_NOT_FOUND', ExitCode.noKbOrBadConfig, `no knowledge base found in ${input.cwd} or any parent folder`, {
    hint: 'run `kb init` here, pass --kb <dir>, or set KB_DIR',
  });
}

export function isKbRoot(dir: string): boolean {
  try {
    return fs.statSync(path.join(dir, '.kb')).isDirectory();
  } catch {
    return false;
  }
}
