import fs from 'node:fs';
import type { KbContext } from '../store/kb-context.js';
import { analyzeWithLlm } from '../llm/analyze-with-llm.js';
import { LlmUnavailableError } from '../llm/llm-call-error.js';
import { splitFrontmatter } from '../model/render-page.js';
import type { PrepareResult } from '../prepare/prepare-item.js';
import type { LlmEngine } from '../llm/analyze-with-llm.js';
import type { LlmChoice } from './open-llm-engine.js';

export type { LlmChoice };

/** The warning of a file compiled offline because the LLM was unavailable (counted apart in the summary). */
export const OFFLINE_FALLBACK = 'compiled with the offline engine: the LLM is unavailable';

/** Runs after a worker converted a file, before the item counts as prepared. */
export type PrepareStep = (item: { doc: string; fileName: string }, result: PrepareResult) => Promise<PrepareResult>;

/**
 * The LLM half of prepare. It runs on the main thread — the calls are I/O, not CPU — after
 * the worker's conversion and offline analysis, and replaces that analysis with the model's.
 * The commit loop never waits on the network. A call that fails for good fails this file
 * only: nothing of it is committed, the batch goes on. A server judged down (unreachable,
 * silent) stops the batch's LLM work: `notice` says so once, and every remaining file fails
 * with that reason at once — or, with `llm.on_unreachable: offline`, keeps the worker's
 * offline analysis, with a warning.
 */
export function llmPrepareStep(ctx: KbContext, engine: LlmEngine, notice: (message: string) => void): PrepareStep {
  const offline = ctx.config.llm.on_unreachable === 'offline';
  let told = false;
  return async (item, result) => {
    if (!result.ok) return result;
    try {
      const body = splitFrontmatter(fs.readFileSync(result.sourceFile, 'utf8')).body;
      const { analysis, warnings } = await analyzeWithLlm(engine, { doc: item.doc, fileName: item.fileName, body, sections: result.sections, offline: result.analysis });
      return { ...result, analysis, ...withWarnings(result.warnings, warnings) };
    } catch (error) {
      const problem = (error as Error).message;
      ctx.logger.info({ event: 'llm.failed', doc: item.doc, problem }, `LLM failed for ${item.fileName}: ${problem}`);
      if (!(error instanceof LlmUnavailableError)) return { ok: false, reason: `LLM ${problem}` };
      if (!told) {
        told = true;
        notice(`the LLM is unavailable: ${problem}; ${offline ? 'the remaining files are compiled with the offline engine' : 'the remaining files fail (llm.on_unreachable: offline compiles them offline instead)'}`);
      }
      return offline ? { ...result, ...withWarnings(result.warnings, [OFFLINE_FALLBACK]) } : { ok: false, reason: `LLM unavailable: ${problem}` };
    }
  };
}

/** The worker's own warnings (conversion) and the LLM step's, together; none: no field. */
function withWarnings(earlier: readonly string[] | undefined, added: readonly string[]): { warnings?: string[] } {
  const all = [...(earlier ?? []), ...added];
  return all.length > 0 ? { warnings: all } : {};
}
