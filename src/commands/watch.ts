import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../store/kb-context.js';
import { ExitCode, isKbError, KbError } from '../core/errors.js';
import { scanInbox, type InboxFile } from '../prepare/scan-inbox.js';
import { isInside, realpathOrSelf } from '../prepare/scan-inputs.js';
import { addFiles, type AddEvent, type AddSummary } from './add.js';
import { ChangeTrigger } from './change-trigger.js';
import { InboxTracker } from './inbox-tracker.js';
import type { LlmChoice } from './llm-prepare-step.js';

export interface WatchOptions {
  /** The folder as given on the command line; none = config `watch.inbox`. */
  dir?: string;
  cwd: string;
  jobs: number;
  llm?: LlmChoice;
  onEvent?: (event: WatchEvent) => void;
}

export type WatchEvent =
  | { type: 'watching'; dir: string; created: boolean }
  | AddEvent
  | { type: 'batch'; summary: AddSummary };

export interface WatchSummary {
  batches: number;
  added: number;
  skipped: number;
  failed: number;
  interrupted: boolean;
}

/**
 * `kb watch`: scan the folder whenever it changes (debounced) and on a timer; each set of
 * files that has stopped changing goes through `addFiles`, the very pipeline of `kb add`, as
 * one batch. No lock is held in between, so other kb commands run while it waits. Returns
 * when the context's signal is aborted, after the batch in flight finished or stopped at
 * its own safe point (a commit finishes or rolls back; its staging is removed). Files in
 * the folder are only ever read.
 */
export async function watchFolder(ctx: KbContext, options: WatchOptions): Promise<WatchSummary> {
  const emit = options.onEvent ?? (() => undefined);
  const { dir, created } = resolveWatchDir(ctx, options);
  const { debounce_ms: debounceMs, stable_ms: stableMs, poll_ms: pollMs } = ctx.config.watch;
  const tracker = new InboxTracker(stableMs);
  const trigger = new ChangeTrigger(dir, debounceMs, ctx.logger);
  const totals: WatchSummary = { batches: 0, added: 0, skipped: 0, failed: 0, interrupted: false };
  ctx.logger.info({ event: 'watch.started', dir, debounceMs, stableMs, pollMs }, `watching ${dir}`);
  emit({ type: 'watching', dir, created });
  try {
    let wakeAt = Date.now();
    while (!ctx.signal?.aborted) {
      await trigger.sleep(Math.max(0, wakeAt - Date.now()), ctx.signal);
      if (ctx.signal?.aborted) break;
      const now = Date.now();
      const { ready, wakeInMs } = tracker.observe(scanInbox(dir, ctx.paths.root), now);
      wakeAt = now + Math.min(pollMs, wakeInMs ?? pollMs);
      if (ready.length > 0) await addBatch(ctx, options, tracker, ready, totals);
    }
  } finally {
    trigger.close();
  }
  totals.interrupted = ctx.signal?.aborted ?? false;
  return totals;
}

/** One `kb add` of the files that settled together. Totals count per file, so a batch cut short still counts what it did. */
async function addBatch(ctx: KbContext, options: WatchOptions, tracker: InboxTracker, ready: InboxFile[], totals: WatchSummary): Promise<void> {
  const emit = options.onEvent ?? (() => undefined);
  const reported = new Set<string>();
  tracker.markHanded(ready);
  try {
    const summary = await addFiles(ctx, {
      inputs: ready.map((file) => file.path),
      jobs: options.jobs,
      cwd: options.cwd,
      ...(options.llm ? { llm: options.llm } : {}),
      onEvent: (event) => {
        if (event.type === 'file') {
          reported.add(path.resolve(options.cwd, event.outcome.path));
          totals[event.outcome.status]++;
        }
        emit(event);
      },
    });
    totals.batches++;
    emit({ type: 'batch', summary });
  } catch (error) {
    // Ctrl-C while the batch waited for the lock: add stopped cleanly, and so do we.
    if (isKbError(error) && error.exitCode === ExitCode.interrupted && ctx.signal?.aborted) return;
    // Another kb held the lock past lock.wait_s: a watcher outlives that, and tries again.
    if (isKbError(error) && error.exitCode === ExitCode.lockTimeout) {
      const left = ready.filter((file) => !reported.has(file.path));
      tracker.retry(left);
      ctx.logger.warn({ event: 'watch.lock_timed_out', files: left.length }, `${error.message}; ${left.length} file(s) will be tried again`);
      return;
    }
    throw error;
  }
}

/**
 * The folder to watch: the argument, else `watch.inbox` under the KB root (created if
 * missing — a folder for the user's files, not a KB page). Never the KB's own raw/, wiki/
 * or .kb/: kb writes there, and add skips them anyway.
 */
function resolveWatchDir(ctx: KbContext, options: WatchOptions): { dir: string; created: boolean } {
  const fromConfig = options.dir === undefined;
  const dir = fromConfig ? path.resolve(ctx.paths.root, ctx.config.watch.inbox) : path.resolve(options.cwd, options.dir as string);
  const shown = fromConfig ? `watch.inbox folder ${dir}` : options.dir;
  const exitCode = fromConfig ? ExitCode.noKbOrBadConfig : ExitCode.usage;
  const refuseKbOwn = (target: string, own: (p: string) => string): void => {
    const folder = [ctx.paths.raw, ctx.paths.wiki, ctx.paths.meta].find((p) => isInside(own(p), target));
    if (folder) {
      throw new KbError('WATCH_DIR_IN_KB', exitCode, `cannot watch ${shown}: it is inside the knowledge base's own ${path.basename(folder)}/, which kb writes to`, {
        hint: 'drop files into another folder, e.g. the inbox (config watch.inbox)',
      });
    }
  };
  // Checked on the path as written before the inbox is created (never a folder in wiki/),
  // and again on the real path, through symlinks.
  refuseKbOwn(dir, (p) => p);
  let created = false;
  if (fromConfig && !fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    created = true;
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new KbError('WATCH_DIR_MISSING', exitCode, `cannot watch ${shown}: no such folder`, { hint: 'create it first, or run `kb watch` without a folder to watch the inbox (config watch.inbox)' });
  }
  if (!stat.isDirectory()) throw new KbError('WATCH_DIR_NOT_FOLDER', exitCode, `cannot watch ${shown}: not a folder`);
  refuseKbOwn(fs.realpathSync(dir), realpathOrSelf);
  return { dir, created };
}
