import os from 'node:os';
import path from 'node:path';
import type { ReanalysedDocument } from '../compile/compile-recompile.js';
import type { KbContext } from '../store/kb-context.js';
import { readLivePage } from '../commit/live-page.js';
import { ExitCode, KbError } from '../core/errors.js';
import { forEachInOrder } from '../core/for-each-in-order.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import { reanalyseItem, type ReanalyseResult, type ReanalyseTask } from '../prepare/reanalyse-item.js';
import { workerScript } from '../core/worker-script.js';
import { WorkerPool } from '../prepare/worker-pool.js';
import type { DocumentRow } from '../model/registry.js';
import { llmPrepareStep, type LlmChoice } from './llm-prepare-step.js';
import { openLlmEngine } from './open-llm-engine.js';

export interface ReanalyseOptions {
  /** Set when the LLM engine compiles. */
  llm?: LlmChoice;
  /** Worker threads for the offline analysis (capped at the core count). */
  jobs: number;
  onAnalysed?: (done: number, total: number, doc: string) => void;
}

/**
 * Documents analysed ahead of the one being handed over: enough to keep every worker (and the
 * LLM's concurrency) busy, few enough that the analyses waiting in memory stay bounded.
 */
const ANALYSIS_WINDOW = 64;

/**
 * Analyses registered documents again with the engine this command runs: the offline analysis
 * of the input the add analysed (rebuilt from the source page and section rows, not converted
 * again), in worker threads when there are several, then — with an LLM configured — add's own
 * LLM step over it. Each result goes to `consume` in the order of `rows`, as soon as it and
 * the ones before it are done: only a window of documents is in memory at a time, whatever
 * the size of the KB. Any document failing fails the command (the LLM: exit 6): a recompile
 * is all or nothing.
 */
export async function reanalyseDocuments(ctx: KbContext, rows: readonly DocumentRow[], options: ReanalyseOptions, consume: (doc: ReanalysedDocument) => void): Promise<void> {
  const llmStep = options.llm ? llmPrepareStep(ctx, openLlmEngine(ctx, options.llm), (message) => ctx.logger.warn({ event: 'llm.unavailable' }, message)) : undefined;
  const limits = { longDocPages: ctx.config.long_documents.pages, longDocChars: ctx.config.long_documents.chars };
  const threads = Math.min(rows.length, options.jobs, os.availableParallelism());
  // One thread's worth of work runs in process: a worker would only add its start-up time.
  const pool = threads > 1 ? new WorkerPool<ReanalyseTask, ReanalyseResult>(workerScript('reanalyse-worker'), threads) : undefined;
  const timeoutMs = ctx.config.limits.prepare_timeout_s * 1000;
  let done = 0;
  const interrupted = (): KbError => new KbError('INTERRUPTED', ExitCode.interrupted, 'interrupted: nothing was recompiled');
  const analyseOffline = async (row: DocumentRow): Promise<ReanalyseResult> => {
    // In process, one document per turn of the event loop: Ctrl-C gets in between.
    if (!pool) await new Promise<void>((resolve) => setImmediate(resolve));
    if (ctx.signal?.aborted) throw interrupted();
    const sourcePage = readLivePage(ctx, row.source_path);
    if (sourcePage === undefined) {
      throw new KbError('SOURCE_MISSING', ExitCode.someFailed, `${row.source_path} is missing: ${row.name} cannot be recompiled without converting it again`, {
        hint: `add the file again (kb add ${row.original_path}), or restore the page`,
      });
    }
    const task: ReanalyseTask = { sourcePage, sections: ctx.store.sections.ofDocument(row.name), pages: row.pages ?? null, limits };
    return pool ? pool.run(task, timeoutMs) : reanalyseItem(task);
  };
  const analyse = async (row: DocumentRow): Promise<ReanalysedDocument> => {
    const offline = await analyseOffline(row);
    if (ctx.signal?.aborted) throw interrupted();
    if (!offline.ok) throw new KbError('ANALYSIS_FAILED', ExitCode.someFailed, `${row.name}: ${offline.reason}`);
    let analysis = offline.analysis;
    if (llmStep) {
      const result = await llmStep(
        { doc: row.name, fileName: path.basename(row.original_path) },
        { ok: true, rawFile: resolveInKb(ctx.paths.root, row.raw_path), sourceFile: resolveInKb(ctx.paths.root, row.source_path), analysis, sections: offline.sections, timings: { convertMs: 0, totalMs: 0 } },
      );
      if (!result.ok) throw new KbError('LLM_FAILED', ExitCode.llmFailed, `${row.name}: ${result.reason}`, { hint: 'nothing was changed; try again later, or recompile with --offline' });
      analysis = result.analysis;
    }
    return { row, analysis, sections: offline.sections };
  };
  try {
    await forEachInOrder(rows, ANALYSIS_WINDOW, analyse, (doc) => {
      consume(doc);
      done++;
      options.onAnalysed?.(done, rows.length, doc.row.name);
    });
  } finally {
    await pool?.close();
  }
}
