import { InvalidArgumentError, type Command } from 'commander';
import type { AddSummary } from '../../commands/add.js';
import type { FileOutcome } from '../../commands/commit-prepared-file.js';
import type { SynthesisSummary } from '../../commands/synthesize-overviews.js';
import type { LlmChoice } from '../../commands/llm-prepare-step.js';
import { CallWatch } from '../../llm/call-watch.js';
import type { KbConfig } from '../../config/config-schema.js';
import { ExitCode } from '../../core/errors.js';
import { printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { nextAfterFirstAdd } from '../next-steps.js';
import { withContext } from '../open-context.js';
import { ProgressLine } from '../progress-line.js';

export function registerAdd(program: Command, io: CliIo, globals: () => GlobalOptions, setExit: (code: number) => void): void {
  program
    .command('add')
    .description('add files and folders (recursively) to the knowledge base')
    .argument('<paths...>', 'files or folders to add')
    .option('-j, --jobs <n>', 'files prepared in parallel, 1..64 (default: config jobs, 2)', parseJobs)
    .option('--reconvert', 'convert and analyse files again even when their bytes are in the knowledge base, replacing their documents (after a kb upgrade, to take its newer conversion; `kb add --reconvert raw` converts the copies the knowledge base keeps)')
    .action(async (paths: string[], options: { jobs?: number; reconvert?: boolean }) => {
      const json = globals().json;
      const progress = new ProgressLine(io.stderr, { quiet: globals().quiet });
      const calls = new CallWatch();
      progress.followWaits(() => calls.longestWaitMs());
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
      // The knowledge base, when this batch put the first documents in it (next-steps.ts).
      let firstFilledKb: string | undefined;
      const summary = await withContext(io, globals(), 'add', async (ctx) => {
        const wasEmpty = ctx.store.documents.count() === 0;
        const added = await addFiles(ctx, {
          inputs: paths,
          jobs: options.jobs ?? ctx.config.jobs,
          cwd: io.cwd,
          ...(options.reconvert ? { reconvert: true } : {}),
          ...llmOption(ctx.config, io, globals(), calls),
          // Tests only: makes the sharing of a long document's work certain, not a race (share-work.ts).
          ...(io.env.KB_TEST_WAIT_FOR_HELP === '1' ? { waitForHelp: true } : {}),
          // Tests only: a small HTML page cut in chunks and shared, with its tagging, on any host (share-work.ts).
          ...testHtmlChunkChars(io.env.KB_TEST_HTML_CHUNK_CHARS),
          onEvent: (event) => {
            if (event.type === 'planned') progress.setTotal(event.total);
            else if (event.type === 'prepared') progress.onPrepared(event.path);
            else if (event.type === 'notice') printNotice(io, progress, event.message);
            else if (event.type === 'synthesis') progress.onOverviews(event.done, event.total);
            else {
              progress.onDone();
              print(event.outcome);
            }
          },
        });
        if (wasEmpty && added.added > 0) firstFilledKb = ctx.paths.root;
        return added;
      });
      progress.stop();
      if (json || !globals().quiet) printSummary(io, json, summary);
      if (firstFilledKb !== undefined && !json && !globals().quiet) printLine(io.stderr, nextAfterFirstAdd(firstFilledKb, io));
      if (summary.interrupted) setExit(ExitCode.interrupted);
      else if (summary.failed > 0) setExit(ExitCode.someFailed);
    });
}

/** One `--json` line per input file; `kb watch` prints the same. */
export function outcomeJson(outcome: FileOutcome): string {
  const encoding = outcome.encoding !== undefined ? { encoding: outcome.encoding } : {};
  const warnings = outcome.warnings ? { warnings: outcome.warnings } : {};
  return JSON.stringify({ type: 'file', path: outcome.path, doc: outcome.doc ?? null, status: outcome.status, reason: outcome.reason ?? null, ...encoding, ...warnings });
}

/** What the overview step did, for the summary line: nothing when it had nothing to do. */
export function synthesisNotes(s: SynthesisSummary): string[] {
  return [
    ...(s.written > 0 ? [`${s.written} ${s.written === 1 ? 'overview' : 'overviews'} written by the LLM`] : []),
    ...(s.failed > 0 ? [`${s.failed} ${s.failed === 1 ? 'overview' : 'overviews'} failed: the previous one is kept (see .kb/logs/kb.log)`] : []),
    ...(s.deferred > 0 ? [`${s.deferred} ${s.deferred === 1 ? 'overview' : 'overviews'} deferred (llm.max_synthesis_calls): kb recompile --synthesis writes them`] : []),
  ];
}

/** A batch's summary: a JSON line on stdout with --json, else a line on stderr. */
export function printSummary(io: CliIo, json: boolean, summary: AddSummary): void {
  if (json) {
    // Fields added later go last: the order of the first ones is part of what scripts see.
    const synthesis = summary.synthesis ? { synthesis: summary.synthesis } : {};
    printLine(io.stdout, JSON.stringify({ type: 'summary', added: summary.added, skipped: summary.skipped, failed: summary.failed, ms: summary.ms, incomplete: summary.incomplete, offline: summary.offline, ...synthesis }));
    return;
  }
  const notes = [
    ...(summary.incomplete > 0 ? [`${summary.incomplete} ${summary.incomplete === 1 ? 'answer' : 'answers'} incomplete: filled from the offline engine`] : []),
    ...(summary.offline > 0 ? [`${summary.offline} compiled offline: the LLM was unavailable`] : []),
    ...(summary.synthesis ? synthesisNotes(summary.synthesis) : []),
  ];
  printLine(io.stderr, `${summary.added} added, ${summary.skipped} skipped, ${summary.failed} failed in ${(summary.ms / 1000).toFixed(1)} s${summary.interrupted ? ' (interrupted)' : ''}${notes.map((n) => `; ${n}`).join('')}`);
}

/**
 * KB_TEST_HTML_CHUNK_CHARS=<n> (a positive whole number, else ignored): a long HTML page's chunk
 * size, and the sharing that needs a core to spare on, so that a test of that path adds a page
 * of a few hundred K characters on any host, not one of 5M on a host of more than 2 cores.
 */
function testHtmlChunkChars(value: string | undefined): { htmlChunkChars?: number; spareCore?: boolean } {
  const chars = Number(value);
  return value && Number.isSafeInteger(chars) && chars > 0 ? { htmlChunkChars: chars, spareCore: true } : {};
}

/** A batch-wide message (the LLM is unavailable): one line on stderr, around the progress line. */
export function printNotice(io: CliIo, progress: ProgressLine | undefined, message: string): void {
  progress?.clear();
  printLine(io.stderr, `kb: ${message}`);
  progress?.redraw();
}

/**
 * The LLM engine compiles when configured, unless --offline. The key is read here: nothing
 * below cli/ reads the environment (nor KB_TEST_LLM_BASE_DELAY_MS, which lets tests retry
 * without waiting seconds).
 */
export function llmOption(config: KbConfig, io: CliIo, globals: GlobalOptions, watch?: CallWatch): { llm?: LlmChoice } {
  if (config.llm.provider !== 'openai' || globals.offline) return {};
  const baseDelayMs = Number(io.env.KB_TEST_LLM_BASE_DELAY_MS);
  return { llm: { apiKey: io.env[config.llm.api_key_env], ...(watch ? { watch } : {}), ...(io.env.KB_TEST_LLM_BASE_DELAY_MS && baseDelayMs >= 0 ? { baseDelayMs } : {}) } };
}

export function formatOutcome(outcome: FileOutcome): string {
  const status = outcome.status.padEnd(7);
  const notes = [...(outcome.reason ? [outcome.reason] : []), ...(outcome.encoding ? [`read as ${outcome.encoding}`] : []), ...(outcome.warnings ?? []).map((w) => `warning: ${w}`)];
  if (outcome.status === 'added') return `${status} ${outcome.path} → ${outcome.doc}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  return `${status} ${outcome.path}: ${outcome.reason ?? ''}`;
}

export function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return jobs;
}
