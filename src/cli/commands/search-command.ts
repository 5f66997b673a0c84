import { InvalidArgumentError, type Command } from 'commander';
import { renderSearch, searchKnowledgeBase } from '../../commands/search.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';
import { wordsArgument } from '../words-argument.js';

const MAX_LIMIT = 1000;

function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_LIMIT) throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

export function registerSearch(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('search')
    .description('full-text search of the wiki pages and source sections, best first')
    .argument('<query...>', 'words to look for (any text: quotes and operators are taken as plain words)')
    .option('-l, --limit <k>', 'at most this many results', parseLimit, 10)
    .action(async (words: string[], options: { limit: number }) => {
      const query = wordsArgument(words, 'search text');
      const results = await withContext(io, globals(), 'search', (ctx) => searchKnowledgeBase(ctx, query, options.limit), 'read');
      if (globals().json) printJson(io.stdout, results);
      else printLine(io.stdout, renderSearch(query, results));
    });
}
