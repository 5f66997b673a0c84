import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';
import { ProgressLine } from '../progress-line.js';

export function registerDoctor(program: Command, io: CliIo, globals: () => GlobalOptions, setExit: (code: number) => void): void {
  program
    .command('doctor')
    .description('check the invariants of the knowledge base (exit 1 if any is violated)')
    .option('--repair', 'recover interrupted changes, retry failed rollbacks, sweep leftovers')
    .action(async (options: { repair?: boolean }) => {
      // Loaded on demand, like every command's implementation (search-command.ts says why).
      const { renderDoctor, runDoctor } = await import('../../commands/doctor.js');
      const progress = new ProgressLine(io.stderr, { quiet: globals().quiet });
      const onStep = (step: string): void => progress.onStep(`kb doctor: ${step}`);
      const result = await withContext(io, globals(), 'doctor', (ctx) => runDoctor(ctx, { repair: options.repair === true, onStep }), options.repair ? 'write' : 'read').finally(() =>
        progress.stop(),
      );
      if (globals().json) printJson(io.stdout, result);
      else printLine(io.stdout, renderDoctor(result));
      if (!result.ok) setExit(ExitCode.someFailed);
    });
}
