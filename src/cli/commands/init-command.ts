import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, KbError } from '../../core/errors.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { nextAfterInit } from '../next-steps.js';

export function registerInit(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('init')
    .description('create a knowledge base in [dir], else --kb, else $KB_DIR, else the current folder')
    .argument('[dir]', 'folder to create it in')
    .action(async (dir: string | undefined) => {
      // Loaded on demand, like every command's implementation (search-command.ts says why).
      const { initKb } = await import('../../commands/init.js');
      const result = initKb(chooseInitDir(dir, globals().kb, io), new Date());
      if (globals().json) printJson(io.stdout, result);
      else printLine(io.stdout, `created knowledge base in ${result.root}`);
      if (!globals().json && !globals().quiet) printLine(io.stderr, nextAfterInit(result.root, io));
    });
}

/**
 * The positional dir, else --kb, else $KB_DIR, else the cwd — the same order every other
 * command finds its KB by, with the positional in front. A positional and a --kb that name
 * different folders are both explicit, so neither silently wins; $KB_DIR is ambient
 * (set once in a shell profile), so a positional overrides it.
 */
function chooseInitDir(positional: string | undefined, flag: string | undefined, io: CliIo): string {
  const resolve = (dir: string): string => path.resolve(io.cwd, dir);
  if (positional !== undefined && flag !== undefined && resolve(positional) !== resolve(flag)) {
    throw new KbError('INIT_DIR_CONFLICT', ExitCode.usage, `kb init was given two folders: ${resolve(positional)} and --kb ${resolve(flag)}`, {
      hint: 'name the folder once: kb init <dir>, or kb --kb <dir> init',
    });
  }
  return resolve(positional ?? flag ?? (io.env.KB_DIR || '.'));
}
