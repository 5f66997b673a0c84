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
      let streamed = false;
      const result = await withWaitNotice(io.stderr, (calls, clearNotice) =>
        withContext(io, globals(), 'query', (ctx) =>
          queryKnowledgeBase(ctx, question, {
            save: options.save === true,
            ...llmOption(ctx.config, io, globals(), calls),
            ...(stream
              ? {
                  onLine: (line: string) => {
                    streamed = true;
                    clearNotice();
                    printLine(io.stdout, line);
                  },
                }
              : {}),
          }),
        ),
      );
      if (json) printJson(io.stdout, result);
      else {
        const rest = renderQuery(result, streamed);
        if (rest !== '') printLine(io.stdout, streamed ? `\n${rest}` : rest);
      }
    });
}
