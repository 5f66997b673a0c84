import type { Command } from 'commander';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';

export function registerStatus(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('show the knowledge base: documents, pages, pending journals, hand edits')
    .option('--no-edits', 'skip the check for hand-edited pages (a stat of every page kb wrote: the slow part in a big knowledge base)')
    .action(async (options: { edits: boolean }) => {
      // Loaded on demand, like every command's implementation (search-command.ts says why).
      const { getStatus, renderStatus } = await import('../../commands/status.js');
      const status = await withContext(io, globals(), 'status', (ctx) => getStatus(ctx, { handEdits: options.edits }), 'read');
      if (globals().json) printJson(io.stdout, status);
      else printLine(io.stdout, renderStatus(status));
    });
}
