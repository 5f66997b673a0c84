import type { Command } from 'commander';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';
import { withWaitNotice } from '../wait-notice.js';
import { llmOption } from './add-command.js';
import { wordsArgument } from '../words-argument.js';

export function registerQuery(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('query')
    .description('answer a question from the knowledge base, citing the pages used')
    .argument('<question...>', 'the question (any text)')
    .option('--save', 'save the answer as wiki/explorations/<slug>.md, listed in index.md')
    .action(async (words: string[], options: { save?: boolean }) => {
      // Loaded on use: the LLM client and agent need not slow every other command's start.
      const { queryKnowledgeBase, renderQuery } = await import('../../commands/query.js');
      const question = wordsArgument(words, 'question');
      const { json } = globals();
      // On a terminal the LLM's answer is shown as it arrives; piped or --json, once at the end.
      const stream = !json && (io.stdout as { isTTY?: boolean }).isTTY === true;
      const printer = answerPrinter(io, stream);
      const result = await withWaitNotice(io.stderr, globals().quiet === true, (calls, clearNotice) =>
        withContext(
          io,
          globals(),
          'query',
          (ctx) => queryKnowledgeBase(ctx, question, { save: options.save === true, ...llmOption(ctx.config, io, globals(), calls), ...printer.options(clearNotice) }),
          options.save ? 'write' : 'read',
        ),
      );
      if (json) printJson(io.stdout, result);
      else {
        const rest = renderQuery(result, printer.streamed());
        if (rest !== '') printLine(io.stdout, printer.streamed() ? `\n${rest}` : rest);
      }
    });
}

/**
 * Prints an LLM answer line by line as it arrives when `stream` (a terminal), removing the
 * wait notice first; `streamed()` says whether any line was printed that way.
 */
export function answerPrinter(io: CliIo, stream: boolean): { options: (clearNotice: () => void) => { onLine?: (line: string) => void }; streamed: () => boolean } {
  let streamed = false;
  return {
    options: (clearNotice) =>
      stream
        ? {
            onLine: (line) => {
              streamed = true;
              clearNotice();
              printLine(io.stdout, line);
            },
          }
        : {},
    streamed: () => streamed,
  };
}
