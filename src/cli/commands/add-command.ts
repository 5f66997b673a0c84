import { InvalidArgumentError, type Command } from 'commander';
import type { AddSummary, FileOutcome } from '../../commands/add.js';
import type { LlmChoice } from '../../commands/llm-prepare-step.js';
import type { KbConfig } from '../../config/config-schema.js';
import { ExitCode } from '../../core/errors.js';
import { printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';
import { ProgressLine } from '../progress-line.js';

export function registerAdd(program: Command, io: CliIo, globals: () => GlobalOptions, setExit: (code: number) => void): void {
  program
    .command('add')
    .description('add files and folders (recursively) to the knowledge base')
    .argument('<paths...>', 'files or folders to add')
    .option('-j, --jobs <n>', 'files prepared in parallel, 1..64 (default: config jobs, 2)', parseJobs)
    .action(async (paths: string[], options: { jobs?: number }) => {
      const json = globals().json;
      const progress = new ProgressLine(io.stderr, { quiet: globals().quiet });
      const print = (outcome: FileOutcome): void => {
        if (json) {
          printLine(io.stdout, outcomeJson(outcome));
          return;
        }
        progress.clear();
        printLine(io.stdout, formatOutcome(outcome));
        progress.redraw();
      };
      // Loaded on demand: the converters behind it are heavy, and other commands never need them.
      const { addFiles } = await import('../../commands/add.js');
      const summary = await withContext(io, globals(), 'add', (ctx) =>
        addFiles(ctx, {
          inputs: paths,
          jobs: options.jobs ?? ctx.config.jobs,
          cwd: io.cwd,
          ...llmOption(ctx.config, io, globals()),
          onEvent: (event) => {
            if (event.type === 'planned') progress.setTotal(event.total);
            else if (event.type === 'prepared') progress.onPrepared(event.path);
            else {
              progress.onDone();
              print(event.outcome);
            }
          },
        }),
      );
      progress.clear();
      if (json || !globals().quiet) printSummary(io, json, summary);
      if (summary.interrupted) setExit(ExitCode.interrupted);
      else if (summary.failed > 0) setExit(ExitCode.someFailed);
    });
}

/** One `--json` line per input file; `kb watch` prints the same. */
export function outcomeJson(outcome: FileOutcome): string {
  const encoding = outcome.encoding !== undefined ? { encoding: outcome.encoding } : {};
  return JSON.stringify({ type: 'file', path: outcome.path, doc: outcome.doc ?? null, status: outcome.status, reason: outcome.reason ?? null, ...encoding });
}

/** A batch's summary: a JSON line on stdout with --json, else a line on stderr. */
export function printSummary(io: CliIo, json: boolean, summary: AddSummary): void {
  if (json) printLine(io.stdout, JSON.stringify({ type: 'summary', added: summary.added, skipped: summary.skipped, failed: summary.failed, ms: summary.ms }));
  else printLine(io.stderr, `${summary.added} added, ${summary.skipped} skipped, ${summary.failed} failed in ${(summary.ms / 1000).toFixed(1)} s${summary.interrupted ? ' (interrupted)' : ''}`);
}

/** The LLM engine compiles when configured, unless --offline. The key is read here: nothing below cli/ reads the environment. */
export function llmOption(config: KbConfig, io: CliIo, globals: GlobalOptions): { llm?: LlmChoice } {
  return config.llm.provider === 'openai' && !globals.offline ? { llm: { apiKey: io.env[config.llm.api_key_env] } } : {};
}

export function formatOutcome(outcome: FileOutcome): string {
  const status = outcome.status.padEnd(7);
  if (outcome.status === 'added') {
    const notes = [outcome.reason, outcome.encoding && `read as ${outcome.encoding}`].filter(Boolean);
    return `${status} ${outcome.path} → ${outcome.doc}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  }
  return `${status} ${outcome.path}: ${outcome.reason ?? ''}`;
}

export function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return jobs;
}
