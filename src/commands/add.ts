import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { KbContext } from '../store/kb-context.js';
import { createStagingBatch } from '../prepare/staging-batch.js';
import { emptyTrash } from '../commit/trash.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { hashFile } from '../core/hash-file.js';
import { planBatch, precheck, type PlannedFile } from '../prepare/plan-batch.js';
import { extraTextTypes, readAsOf } from '../prepare/read-as.js';
import { IMAGE_EXTENSIONS } from '../prepare/converters/convert-document.js';
import { missingOcrTools } from '../prepare/converters/ocr.js';
import type { PrepareResult, PrepareTask } from '../prepare/prepare-item.js';
import { workerScript } from '../core/worker-script.js';
import type { PrepareWorkerData } from '../prepare/prepare-worker.js';
import { scanInputs } from '../prepare/scan-inputs.js';
import { hasSpareCore } from '../prepare/share-work.js';
import { WorkerPool } from '../prepare/worker-pool.js';
import { commitPreparedFile, type FileOutcome, type PreparedPlan } from './commit-prepared-file.js';
import { llmPrepareStep, OFFLINE_FALLBACK, type LlmChoice } from './llm-prepare-step.js';
import { openLlmEngine } from './open-llm-engine.js';
import { synthesizeOverviews, type SynthesisSummary } from './synthesize-overviews.js';

export type AddEvent =
  | { type: 'planned'; total: number; toPrepare: number }
  | { type: 'prepared'; path: string }
  | { type: 'file'; outcome: FileOutcome }
  /** Once per batch, for the user (stderr): e.g. the LLM is unavailable. */
  | { type: 'notice'; message: string }
  /** After the last commit, LLM overviews of the batch's concept and entity pages: done of total. */
  | { type: 'synthesis'; done: number; total: number };

export interface AddOptions {
  inputs: string[];
  jobs: number;
  cwd: string;
  onEvent?: (event: AddEvent) => void;
  /** Set when the LLM engine compiles (llm.provider openai and no --offline). */
  llm?: LlmChoice;
  /** --reconvert: a file whose bytes are registered is converted again and replaces its document (plan-batch.ts). */
  reconvert?: boolean;
  /** Tests only: a long document's asker waits for a helper to claim a chunk (share-work.ts). */
  waitForHelp?: boolean;
  /** Tests only: a long HTML page's chunk size (html-chunks.ts), so that a small page is cut. */
  htmlChunkChars?: number;
  /** Tests only: share what is shared only with a core to spare (share-work.ts hasSpareCore), whatever the cores. */
  spareCore?: boolean;
}

export interface AddSummary {
  added: number;
  skipped: number;
  failed: number;
  /** Files added with an incomplete LLM answer, filled from the offline engine. */
  incomplete: number;
  /** Files compiled with the offline engine because the LLM was unavailable (llm.on_unreachable: offline). */
  offline: number;
  interrupted: boolean;
  ms: number;
  /** With the LLM engine: the overviews written for the batch's concept and entity pages. */
  synthesis?: SynthesisSummary;
}

/**
 * Preparation runs ahead of the commit loop, in two windows. The near window (this many
 * times `jobs` items after the next commit) is what the commit loop needs soon; in it the
 * largest files start first, so a big file does not leave one core working alone at the
 * end. Workers with nothing near to do prepare further ahead, in scan order: while commits
 * are the bottleneck (many small files), the cores convert what comes later (the PDFs) instead
 * of idling. The far window is bounded in items and in input bytes; it is staging space the
 * batch would need anyway, as staged files are published into the KB by rename.
 */
const NEAR_PER_JOB = 8;
const AHEAD_MAX_ITEMS = 256;
const AHEAD_MAX_BYTES = 512 * 1024 * 1024;
/** A file this big may be long enough for its pages or tagging to be shared out between workers. */
const SHAREABLE_BYTES = 1024 * 1024;

/**
 * `kb add`: scan → hash → prefilter and names (scan order) → prepare in worker threads, N at
 * once, into this batch's staging → commit one at a time in scan order, each under the
 * exclusive lock and as one journaled changeset. A file that fails is a per-file outcome;
 * the batch goes on. The staging folder is removed whatever happens.
 */
export async function addFiles(ctx: KbContext, options: AddOptions): Promise<AddSummary> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => undefined);
  const counts = { added: 0, skipped: 0, failed: 0, incomplete: 0, offline: 0 };
  const addedDocs: string[] = [];
  const report = (outcome: FileOutcome): void => {
    counts[outcome.status]++;
    if (outcome.status === 'added' && outcome.doc) addedDocs.push(outcome.doc);
    if (outcome.warnings?.includes(OFFLINE_FALLBACK)) counts.offline++;
    else if (outcome.warnings?.length) counts.incomplete++;
    emit({ type: 'file', outcome });
  };

  // One engine for the batch: its limiter bounds every call, analyses and overviews together.
  const engine = options.llm ? openLlmEngine(ctx, options.llm) : undefined;
  const llmStep = engine ? llmPrepareStep(ctx, engine, (message) => emit({ type: 'notice', message })) : undefined;
  const scan = scanInputs(options.inputs, { cwd: options.cwd, kbRoot: ctx.paths.root, reconvert: options.reconvert ?? false });
  for (const problem of scan.problems) report({ path: problem.display, status: 'failed', reason: problem.reason });

  const threads = workerThreads(options.jobs);
  ctx.logger.debug({ event: 'add.workers', jobs: options.jobs, threads }, `preparing with ${threads} worker thread(s)`);
  const workerData: PrepareWorkerData = { preload: [...new Set(scan.files.map((file) => path.extname(file.path).toLowerCase()))] };
  const pool = new WorkerPool<PrepareTask, PrepareResult>(workerScript('prepare-worker'), threads, workerData);
  // The workers start (loading the converters and PDFium) while the inputs are hashed, instead
  // of after; a batch of files all added already wastes that start-up, but no wall time. A
  // file big enough to be shared out (share-work.ts) wants them all, however few the files:
  // without a core to spare only a PDF's pages are, and an idle worker's start-up takes CPU
  // from the one that works.
  const spareCore = spareCoreOf(options);
  const shareable = scan.files.some((file) => file.size >= SHAREABLE_BYTES && (spareCore || path.extname(file.path).toLowerCase() === '.pdf'));
  pool.warmUp(shareable ? threads : Math.min(threads, scan.files.length));
  let batchDir: string | undefined;
  let interrupted = false;
  try {
    const { plan, hashMs } = await planFiles(ctx, scan.files, options.jobs, options.reconvert ?? false);
    emit({ type: 'planned', total: plan.length, toPrepare: plan.filter((p) => p.status === 'prepare').length });
    batchDir = createStagingBatch(ctx.paths.staging);
    interrupted = await prepareAndCommit({ ctx, options, plan, hashMs, pool, batchDir, llmStep, emit, report });
  } finally {
    await pool.close();
    if (batchDir) fs.rmSync(batchDir, { recursive: true, force: true });
    await emptyTrash();
  }
  // After the last commit, outside the commit loop: the calls hold no lock (synthesize-overviews.ts).
  const synthesis =
    engine && !interrupted && addedDocs.length > 0
      ? await synthesizeOverviews(ctx, engine, { documents: addedDocs }, { cap: ctx.config.llm.max_synthesis_calls, onProgress: (done, total) => emit({ type: 'synthesis', done, total }) })
      : undefined;
  return { ...counts, interrupted: interrupted || (ctx.signal?.aborted ?? false), ms: Date.now() - started, ...(synthesis ? { synthesis } : {}) };
}

interface Batch {
  ctx: KbContext;
  options: AddOptions;
  plan: PlannedFile[];
  hashMs: Map<number, number>;
  pool: WorkerPool<PrepareTask, PrepareResult>;
  batchDir: string;
  llmStep: ReturnType<typeof llmPrepareStep> | undefined;
  emit: (event: AddEvent) => void;
  report: (outcome: FileOutcome) => void;
}

/**
 * The commit loop, in scan order, with preparation running ahead of it in the pool (the two
 * windows above). True when a SIGINT stopped it before the end.
 */
async function prepareAndCommit({ ctx, options, plan, hashMs, pool, batchDir, llmStep, emit, report }: Batch): Promise<boolean> {
  const prepared = new Map<number, Promise<PrepareResult>>();
  const timeoutMs = ctx.config.limits.prepare_timeout_s * 1000;
  // Items [position, windowEnd) are queued or prepared; [position, nearEnd) are urgent.
  let windowEnd = 0;
  let nearEnd = 0;
  let bytesAhead = 0;
  const tasks = new Map<number, PrepareTask>();
  const nearRank = (item: PreparedPlan): number => -1 - item.file.size;

  const startPrepares = (position: number): void => {
    if (ctx.signal?.aborted) return;
    const nearLimit = position + options.jobs * NEAR_PER_JOB;
    for (; nearEnd < Math.min(windowEnd, nearLimit); nearEnd++) {
      const task = tasks.get(nearEnd);
      if (task) pool.rerank(task, nearRank(plan[nearEnd] as PreparedPlan));
    }
    for (; windowEnd < plan.length; windowEnd++) {
      const near = windowEnd < nearLimit;
      if (!near && (windowEnd - position >= AHEAD_MAX_ITEMS || bytesAhead >= AHEAD_MAX_BYTES)) break;
      const item = plan[windowEnd];
      if (near) nearEnd = windowEnd + 1;
      if (item?.status !== 'prepare') continue;
      const task = prepareTask(ctx, item, batchDir, pool.size - 1, options);
      tasks.set(item.index, task);
      bytesAhead += item.file.size;
      const run = pool
        .run(task, timeoutMs, near ? nearRank(item) : item.index, item.file.size)
        .then((result) => (llmStep ? llmStep({ doc: item.doc, fileName: task.fileName }, result) : result))
        .then(
          (result) => {
            emit({ type: 'prepared', path: item.file.display });
            return result;
          },
          (error: Error): PrepareResult => ({ ok: false, reason: `prepare failed: ${error.message}` }),
        );
      prepared.set(item.index, run);
    }
  };

  for (let position = 0; position < plan.length; position++) {
    startPrepares(position);
    const item = plan[position] as PlannedFile;
    // Lets a pending SIGINT in. With files prepared ahead, every await below resolves at
    // once and the loop would commit all of them before the event loop saw the signal.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (ctx.signal?.aborted) return true;
    if (item.status !== 'prepare') {
      report({ path: item.file.display, status: item.status, reason: item.reason, ...(item.doc ? { doc: item.doc } : {}) });
      continue;
    }
    const result = await (prepared.get(item.index) as Promise<PrepareResult>);
    prepared.delete(item.index);
    tasks.delete(item.index);
    bytesAhead -= item.file.size;
    if (!result.ok) {
      report({ path: item.file.display, doc: item.doc, status: 'failed', reason: result.reason });
      continue;
    }
    report(await commitPreparedFile(ctx, item, result, hashMs.get(item.index) ?? 0));
  }
  return false;
}

/** Prechecks, streaming hashes in parallel, then the prefilter against the live registry. */
async function planFiles(ctx: KbContext, files: Parameters<typeof planBatch>[0], jobs: number, reconvert: boolean): Promise<{ plan: PlannedFile[]; hashMs: Map<number, number> }> {
  const started = Date.now();
  const maxFileBytes = ctx.config.limits.max_file_mb * 1024 * 1024;
  const rules = { extraTextTypes: extraTextTypes(ctx.config.add.extra_text_types) };
  const imagesNotRead = imagesUnreadable(ctx.config.ocr.enabled);
  const unavailable = (readAs: string) => (imagesNotRead && IMAGE_EXTENSIONS.includes(readAs) ? `image, not read: ${imagesNotRead}` : undefined);
  const prechecks = new Map(files.map((file, index) => [index, precheck(file, { readAs: (p) => readAsOf(p, rules), maxFileBytes, unavailable })]));
  const limit = pLimit(Math.max(2, jobs));
  const hashes = new Map<number, string | { error: string }>();
  const hashMs = new Map<number, number>();
  await Promise.all(
    files.map((file, index) =>
      'status' in prechecks.get(index)!
        ? undefined
        : limit(async () => {
            try {
              const hashStarted = Date.now();
              hashes.set(index, await hashFile(file.path));
              hashMs.set(index, Date.now() - hashStarted);
            } catch (error) {
              hashes.set(index, { error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
            }
          }),
    ),
  );
  const hashedAt = Date.now();
  // A shared lock: recovery runs first, and no commit changes the registry while we read it.
  const plan = await withKbLock(ctx, 'shared', () =>
    planBatch(files, hashes, prechecks, {
      byHash: (hash) => ctx.store.documents.byHash(hash),
      byOriginalPath: (p) => ctx.store.documents.byOriginalPath(p),
      existingNames: () => ctx.store.documents.names(),
    }, { reconvert }),
  );
  ctx.logger.debug({ event: 'add.planned', files: files.length, hashMs: hashedAt - started, prefilterMs: Date.now() - hashedAt }, `planned ${files.length} file(s)`);
  return { plan, hashMs };
}

/** Why images cannot be read by OCR here (off in config, tesseract missing), or undefined. */
function imagesUnreadable(ocrEnabled: boolean): string | undefined {
  return ocrEnabled ? missingOcrTools(false) : 'OCR is off (config ocr.enabled)';
}

/**
 * Conversion is pure CPU work, so threads beyond the core count only take turns: measured on
 * 2 cores, `--jobs 4` with four threads was slower than `--jobs 2`, because the extra threads
 * starve the commit loop on the main thread. `jobs` still sets how far preparation runs ahead.
 */
function workerThreads(jobs: number): number {
  return Math.max(1, Math.min(jobs, os.availableParallelism()));
}


function spareCoreOf(options: Pick<AddOptions, 'spareCore'>): boolean {
  return options.spareCore ?? hasSpareCore();
}

function prepareTask(ctx: KbContext, item: PreparedPlan, batchDir: string, helpers: number, options: Pick<AddOptions, 'waitForHelp' | 'htmlChunkChars' | 'spareCore'>): PrepareTask {
  return {
    input: item.file.path,
    fileName: path.basename(item.file.original ?? item.file.path),
    ext: item.ext,
    ...(item.readAs !== item.ext ? { readAs: item.readAs } : {}),
    hash: item.hash,
    doc: item.doc,
    itemDir: path.join(batchDir, String(item.index)),
    limits: { longDocPages: ctx.config.long_documents.pages, longDocChars: ctx.config.long_documents.chars },
    helpers,
    spareCore: spareCoreOf(options),
    ...(options.htmlChunkChars !== undefined ? { htmlChunkChars: options.htmlChunkChars } : {}),
    ...(options.waitForHelp ? { waitForHelp: true } : {}),
    // One tesseract per worker thread, and the file's helpers' share: OCR runs in child processes.
    ...(ctx.config.ocr.enabled ? { ocr: { languages: ctx.config.ocr.languages, timeoutMs: ctx.config.limits.prepare_timeout_s * 1000, concurrency: helpers + 1 } } : {}),
  };
}
