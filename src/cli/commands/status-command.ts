import type { Command } from 'commander';
import { getStatus, renderStatus } from '../../commands/status.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';

export function registerStatus(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('show the knowledge base: documents, pages, pending journals')
    .action(async () => {
      const status = await withContext(io, globals(), 'status', getStatus, 'read');
      if (globals().json) printJson(io.stdout, status);
      else printLine(io.stdout, renderStatus(status));
    });
}
