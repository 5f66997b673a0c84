import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { displayPath } from '../display-path.js';
import { withContext } from '../open-context.js';
import { stopOnSigterm } from '../stop-on-sigterm.js';
import { formatOutcome, llmOption, outcomeJson, parseJobs, printNotice, printSummary } from './add-command.js';

export function registerWatch(program: Command, io: CliIo, globals: () => GlobalOptions, setExit: (code: number) => void): void {
  program
    .command('watch')
    .description('add every file that appears or changes in a folder, until Ctrl-C')
    .argument('[dir]', 'folder to watch, recursively (default: <kb>/inbox, created if missing)')
    .option('-j, --jobs <n>', 'files prepared in parallel per batch, 1..64 (default: config jobs, 2)', parseJobs)
    .action(async (dir: string | undefined, options: { jobs?: number }) => {
      const { json, quiet } = globals();
      // Loaded on demand, like add: the converters behind it are heavy.
      const { watchFolder } = await import('../../commands/watch.js');
      const stop = stopOnSigterm(io.signal);
      try {
        const summary = await withContext({ ...io, signal: stop.signal }, globals(), 'watch', (ctx) =>
          watchFolder(ctx, {
            ...(dir !== undefined ? { dir } : {}),
            cwd: io.cwd,
            jobs: options.jobs ?? ctx.config.jobs,
            ...llmOption(ctx.config, io, globals()),
            onEvent: (event) => {
              if (event.type === 'watching') {
                if (!quiet) printLine(io.stderr, `watching ${displayPath(io.cwd, event.dir)}${event.created ? ' (new folder)' : ''} — Ctrl-C to stop`);
              } else if (event.type === 'notice') {
                printNotice(io, undefined, event.message);
              } else if (event.type === 'file') {
                printLine(io.stdout, json ? outcomeJson(event.outcome) : formatOutcome(event.outcome));
              } else if (event.type === 'batch') {
                if (json || !quiet) printSummary(io, json, event.summary);
              }
            },
          }),
        );
        if (!json && !quiet) printLine(io.stderr, `stopped watching: ${summary.added} added, ${summary.skipped} skipped, ${summary.failed} failed in ${summary.batches} batch(es)`);
        // Failed files do not set exit 1: the watcher went on past them, and said so per file.
        if (summary.interrupted) setExit(ExitCode.interrupted);
      } finally {
        stop.dispose();
      }
    });
}
