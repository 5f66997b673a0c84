import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';
import { ProgressLine } from '../progress-line.js';

export function registerLint(program: Command, io: CliIo, globals: () => GlobalOptions, setExit: (code: number) => void): void {
  program
    .command('lint')
    .description('check the wiki: links, orphans, index, frontmatter, registry, stale, duplicate and oversized pages (exit 1 on errors)')
    .option('--fix', 'repair what is mechanical (links, duplicate concepts, index and catalogue) in one change, then lint again')
    .option('--json', 'print {issues, errors, warnings, fixed, report} as JSON')
    .action(async (options: { fix?: boolean; json?: boolean }) => {
      // Loaded on use: the checks and the LLM client need not slow every other command's start.
      const { renderLint, runLint } = await import('../../commands/lint.js');
      const g = globals();
      const progress = new ProgressLine(io.stderr, { quiet: g.quiet });
      const onStep = (step: string): void => progress.onStep(`kb lint: ${step}`);
      const result = await withContext(io, g, 'lint', (ctx) =>
        runLint(ctx, { fix: options.fix === true, onStep, ...(ctx.config.llm.provider === 'openai' && !g.offline ? { llm: { apiKey: io.env[ctx.config.llm.api_key_env] } } : {}) }),
        options.fix ? 'write' : 'read',
      ).finally(() => progress.stop());
      if (g.json || options.json) printJson(io.stdout, result);
      else printLine(io.stdout, renderLint(result));
      if (result.errors > 0) setExit(ExitCode.someFailed);
    });
}
