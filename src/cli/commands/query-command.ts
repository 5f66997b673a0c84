import type { Command } from 'commander';
import { queryKnowledgeBase, renderQuery } from '../../commands/query.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';

export function registerQuery(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('query')
    .description('answer a question from the knowledge base, citing the pages used')
    .argument('<question...>', 'the question (any text)')
    .option('--save', 'save the answer as wiki/explorations/<slug>.md, listed in index.md')
    .action(async (words: string[], options: { save?: boolean }) => {
      const question = words.join(' ');
      const result = await withContext(io, globals(), 'query', (ctx) => queryKnowledgeBase(ctx, question, { save: options.save === true }));
      if (globals().json) printJson(io.stdout, result);
      else printLine(io.stdout, renderQuery(result));
    });
}
