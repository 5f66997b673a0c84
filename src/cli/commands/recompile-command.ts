import type { Command } from 'commander';
import type { RecompilePlanRow, RecompileResult } from '../../commands/recompile.js';
import { ExitCode, KbError } from '../../core/errors.js';
import { askYesNo } from '../ask-yes-no.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';
import { llmOption, parseJobs, synthesisNotes } from './add-command.js';
import { ProgressLine } from '../progress-line.js';

interface RecompileFlags {
  all?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  jobs?: number;
  synthesis?: boolean;
}

export function registerRecompile(program: Command, io: CliIo, globals: () => GlobalOptions, setExit: (code: number) => void): void {
  program
    .command('recompile')
    .description('rebuild summaries, concept and entity pages and the index from the stored sources, with the current engine')
    .argument('[doc]', 'document name, original file name, or a unique prefix of a document name')
    .option('--all', 'every document: rebuild the whole derived tree and swap it in as one change')
    .option('--dry-run', 'print what would be created, modified and deleted, change nothing')
    .option('-y, --yes', 'with --all: do not ask for confirmation (required without a terminal)')
    .option('-j, --jobs <n>', 'documents analysed in parallel, 1..64 (default: config jobs, 2)', parseJobs)
    .option('--synthesis', 'with an LLM: write the overviews of concept and entity pages that are due (new or changed top sections), with no per-batch cap')
    .action(async (query: string | undefined, options: RecompileFlags) => {
      const { json, quiet } = globals();
      if (options.synthesis) return recompileSynthesis(io, globals, setExit, query, options);
      if ((query === undefined) === (options.all !== true)) {
        throw new KbError('USAGE', ExitCode.usage, query === undefined ? 'kb recompile needs a document or --all' : 'give a document or --all, not both', {
          hint: 'kb recompile <doc> recompiles one document; kb recompile --all every one (see kb list)',
        });
      }
      // Loaded on demand: the analysis engines behind it are heavy, and other commands never need them.
      const [{ recompileDocuments }, { renderPlanRow }] = await Promise.all([import('../../commands/recompile.js'), import('../../commands/remove.js')]);
      const renderRecompilePlan = (plan: readonly RecompilePlanRow[]): string => plan.map(renderPlanRow).join('\n');
      const progress = new ProgressLine(io.stderr, { quiet });
      let compiling: ProgressLine | undefined;
      let printed = false;
      const confirm = async (plan: readonly RecompilePlanRow[]): Promise<boolean> => {
        progress.clear();
        compiling?.clear();
        if (!json) {
          printLine(io.stdout, renderRecompilePlan(plan));
          printed = true;
        }
        return askYesNo(io, {
          question: `recompile all documents (${plan.length} page${plan.length === 1 ? '' : 's'} change)? [y/N] `,
          noTerminal: new KbError('CONFIRMATION_REQUIRED', ExitCode.usage, 'not recompiling all documents: no terminal to confirm on', {
            hint: 'pass --yes to recompile without asking, or --dry-run to only see the plan',
          }),
          interrupted: 'interrupted: nothing was recompiled',
        });
      };
      const result = await withContext(io, globals(), 'recompile', (ctx) =>
        recompileDocuments(ctx, {
          ...(query !== undefined ? { query } : {}),
          all: options.all === true,
          dryRun: options.dryRun === true,
          jobs: options.jobs ?? ctx.config.jobs,
          ...llmOption(ctx.config, io, globals()),
          ...(options.all && !options.yes && !options.dryRun ? { confirm } : {}),
          onAnalysed: (done, total, doc) => {
            if (progress.enabled) {
              if (done === 1) progress.setTotal(total);
              progress.onPrepared(doc);
              progress.onDone();
            } else if (!quiet && !json && total > 1 && (done === total || done % 50 === 0)) printLine(io.stderr, `analysed ${done}/${total} documents`);
          },
          onSynthesis: (done, total) => {
            compiling?.clear();
            progress.onOverviews(done, total);
          },
          // The second half of a long run (the replay, under the exclusive lock): a count on a
          // terminal, a line every 500 documents elsewhere.
          onCompiled: (done, total) => {
            if (progress.enabled) {
              // A new line each pass: --dry-run and a confirmation compile twice.
              if (done === 1 || !compiling) {
                progress.clear();
                compiling?.clear();
                compiling = new ProgressLine(io.stderr, { quiet });
                compiling.setTotal(total);
              }
              compiling.onPrepared('compiling');
              compiling.onDone();
            } else if (!quiet && !json && total > 1 && (done === total || done % 500 === 0)) printLine(io.stderr, `compiled ${done}/${total} documents`);
          },
        }),
      );
      progress.clear();
      compiling?.clear();
      if (json) {
        printJson(io.stdout, result);
        return;
      }
      printResult(io, result, { printed, dryRun: options.dryRun === true }, renderRecompilePlan);
    });
}

/** `kb recompile --synthesis [--dry-run]`: the due LLM overviews of every page, as add writes them. */
async function recompileSynthesis(io: CliIo, globals: () => GlobalOptions, setExit: (code: number) => void, query: string | undefined, options: RecompileFlags): Promise<void> {
  const { json, quiet } = globals();
  if (query !== undefined || options.all) {
    throw new KbError('USAGE', ExitCode.usage, 'kb recompile --synthesis takes no document and no --all', { hint: 'it looks at every concept and entity page; run kb recompile <doc> or --all apart' });
  }
  const progress = new ProgressLine(io.stderr, { quiet });
  const { synthesizeAllDue } = await import('../../commands/synthesize-overviews.js');
  const summary = await withContext(io, globals(), 'recompile', (ctx) =>
    synthesizeAllDue(ctx, { ...llmOption(ctx.config, io, globals()), dryRun: options.dryRun === true, onProgress: (done, total) => progress.onOverviews(done, total) }),
  );
  progress.stop();
  if (json) printJson(io.stdout, { synthesis: summary, applied: !options.dryRun });
  else if (options.dryRun) printLine(io.stdout, `${summary.deferred} overview${summary.deferred === 1 ? '' : 's'} due; dry run: nothing written`);
  else {
    const notes = synthesisNotes(summary);
    printLine(io.stdout, notes.length > 0 ? notes.join('; ') : 'every overview is up to date');
  }
  if (summary.failed > 0) setExit(ExitCode.llmFailed);
}

function printResult(io: CliIo, result: RecompileResult, shown: { printed: boolean; dryRun: boolean }, renderRecompilePlan: (plan: readonly RecompilePlanRow[]) => string): void {
  const what = result.docs.length === 1 ? (result.docs[0] as string) : `${result.docs.length} documents`;
  const overviews = result.synthesis ? synthesisNotes(result.synthesis) : [];
  if (result.plan.length === 0 && !result.applied) printLine(io.stdout, `${what}: up to date`);
  else {
    if (!shown.printed) printLine(io.stdout, [`recompiling ${what}:`, renderRecompilePlan(result.plan)].join('\n'));
    printLine(io.stdout, result.applied ? `recompiled ${what}: ${result.changed} page${result.changed === 1 ? '' : 's'} changed` : shown.dryRun ? 'dry run: nothing changed' : 'nothing recompiled');
  }
  if (overviews.length > 0) printLine(io.stdout, overviews.join('; '));
}
