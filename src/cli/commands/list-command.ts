import type { Command } from 'commander';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';

export function registerList(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('list')
    .description('list the documents in the knowledge base')
    .action(async () => {
      // Loaded on demand, like every command's implementation (search-command.ts says why).
      const { listDocuments, renderList } = await import('../../commands/list.js');
      const docs = await withContext(io, globals(), 'list', listDocuments, 'read');
      if (globals().json) printJson(io.stdout, docs);
      else printLine(io.stdout, renderList(docs));
    });
}
