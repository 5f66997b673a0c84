import path from 'node:path';
import type { Command } from 'commander';
import { initKb } from '../../commands/init.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';

export function registerInit(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('init')
    .description('create a knowledge base in <dir> (default: the current folder)')
    .argument('[dir]', 'folder to create it in', '.')
    .action((dir: string) => {
      const result = initKb(path.resolve(io.cwd, dir), new Date());
      if (globals().json) printJson(io.stdout, result);
      else printLine(io.stdout, `created knowledge base in ${result.root}`);
    });
}
