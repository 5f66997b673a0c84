import { InvalidArgumentError, type Command } from 'commander';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';
import { wordsArgument } from '../words-argument.js';

const MAX_LIMIT = 1000;
const DEFAULT_SECTIONS = 3;
const MAX_SECTIONS = 50;

function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_LIMIT) throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

function parseSections(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_SECTIONS) throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_SECTIONS}`);
  return n;
}

export function registerSearch(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('search')
    .description('full-text search of the wiki pages and source sections: the best documents first, each at its best section')
    .argument('<query...>', 'words to look for (any text: quotes and operators are taken as plain words)')
    .option('-l, --limit <k>', 'at most this many documents', parseLimit, 10)
    .option('-s, --sections [n]', `under each document, up to n more of its matching sections (default ${DEFAULT_SECTIONS})`, parseSections)
    .action(async (words: string[], options: { limit: number; sections?: number | true }) => {
      const query = wordsArgument(words, 'search text');
      // Loaded on demand, as every command's implementation is: a CLI call loads only its own
      // command's modules, and start-up is most of the time of a `kb search`.
      const { renderSearch, searchKnowledgeBase } = await import('../../commands/search.js');
      const sections = options.sections === true ? DEFAULT_SECTIONS : (options.sections ?? 0);
      const results = await withContext(io, globals(), 'search', (ctx) => searchKnowledgeBase(ctx, query, options.limit, { sections }), 'read');
      if (globals().json) printJson(io.stdout, results);
      else printLine(io.stdout, renderSearch(query, results));
    });
}
