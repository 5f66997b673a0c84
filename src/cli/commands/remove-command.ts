import type { Command } from 'commander';
import type { PlanRow } from '../../commands/remove.js';
import { ExitCode, KbError } from '../../core/errors.js';
import { askYesNo } from '../ask-yes-no.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';

export function registerRemove(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('remove')
    .description('remove a document and everything compiled from it')
    .argument('<doc|file>', 'document name, original file name, or a unique prefix of a document name')
    .option('--dry-run', 'print what would be deleted and modified, change nothing')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--keep-raw', 'keep the original file: it moves to raw/kept/')
    .action(async (query: string, options: { dryRun?: boolean; yes?: boolean; keepRaw?: boolean }) => {
      // Loaded on demand, like every command's implementation (search-command.ts says why).
      const { removeDocument, renderPlan } = await import('../../commands/remove.js');
      const json = globals().json;
      let printed = false;
      const confirm = async (doc: string, plan: readonly PlanRow[]): Promise<boolean> => {
        if (!json) {
          printLine(io.stdout, renderPlan(doc, plan));
          printed = true;
        }
        if (options.yes) return true;
        return askYesNo(io, {
          question: `remove ${doc}? [y/N] `,
          noTerminal: new KbError('CONFIRMATION_REQUIRED', ExitCode.usage, `not removing ${doc}: no terminal to confirm on`, { hint: 'pass --yes to remove without asking, or --dry-run to only see the plan' }),
          interrupted: `interrupted: ${doc} was not removed`,
        });
      };
      const result = await withContext(io, globals(), 'remove', (ctx) =>
        removeDocument(ctx, { query, dryRun: options.dryRun === true, keepRaw: options.keepRaw === true, confirm }),
      );
      if (json) {
        printJson(io.stdout, result);
        return;
      }
      if (!printed) printLine(io.stdout, renderPlan(result.doc, result.plan));
      printLine(io.stdout, result.removed ? `removed ${result.doc}` : options.dryRun ? 'dry run: nothing changed' : 'nothing removed');
    });
}
