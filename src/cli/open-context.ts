import { openKb, type KbAccess } from '../commands/open-kb.js';
import type { KbContext } from '../store/kb-context.js';
import type { CliIo, GlobalOptions } from './cli-io.js';

export type { KbAccess };

/** The open KB for a command, from the command line's global options (commands/open-kb.ts). */
export function openContext(io: CliIo, globals: GlobalOptions, command: string, access: KbAccess = 'write'): KbContext {
  return openKb({
    flag: globals.kb,
    env: io.env,
    cwd: io.cwd,
    stderr: io.stderr,
    ...(io.signal ? { signal: io.signal } : {}),
    verbosity: { debug: globals.debug, verbose: globals.verbose, quiet: globals.quiet },
    ...(globals.wait !== undefined ? { waitS: globals.wait } : {}),
    command,
    access,
  });
}

/** Runs `fn` with an open context and always closes kb.db afterwards. */
export async function withContext<T>(io: CliIo, globals: GlobalOptions, command: string, fn: (ctx: KbContext) => Promise<T>, access: KbAccess = 'write'): Promise<T> {
  const ctx = openContext(io, globals, command, access);
  try {
    return await fn(ctx);
  } finally {
    ctx.store.close();
  }
}
