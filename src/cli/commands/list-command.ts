import type { Command } from 'commander';
import { listDocuments, renderList } from '../../commands/list.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';

export function registerList(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('list')
    .description('list the documents in the knowledge base')
    .action(async () => {
      const docs = await withContext(io, globals(), 'list', listDocuments, 'read');
      if (globals().json) printJson(io.stdout, docs);
      else printLine(io.stdout, renderList(docs));
    });
}
