import fs from 'node:fs';
import type { KbContext } from '../commit/kb-context.js';
import { analyzeWithLlm } from '../compile/llm/analyze-with-llm.js';
import { splitFrontmatter } from '../compile/render-page.js';
import type { PrepareResult } from '../prepare/prepare-item.js';
import { commandLlmEngine, type LlmChoice } from './command-llm-engine.js';

export type { LlmChoice };

/** Runs after a worker converted a file, before the item counts as prepared. */
export type PrepareStep = (item: { doc: string; fileName: string }, result: PrepareResult) => Promise<PrepareResult>;

/**
 * The LLM half of prepare. It runs on the main thread — the calls are I/O, not CPU — after
 * the worker's conversion and offline analysis, and replaces that analysis with the model's.
 * The commit loop never waits on the network. A call that fails for good fails this file
 * only: nothing of it is committed, the batch goes on.
 */
export function llmPrepareStep(ctx: KbContext, choice: LlmChoice): PrepareStep {
  const engine = commandLlmEngine(ctx, choice);
  return async (item, result) => {
    if (!result.ok) return result;
    try {
      const body = splitFrontmatter(fs.readFileSync(result.sourceFile, 'utf8')).body;
      const analysis = await analyzeWithLlm(engine, { doc: item.doc, fileName: item.fileName, body, sections: result.sections, offline: result.analysis });
      return { ...result, analysis };
    } catch (error) {
      ctx.logger.info({ event: 'llm.failed', doc: item.doc, problem: (error as Error).message }, `LLM failed for ${item.fileName}: ${(error as Error).message}`);
      return { ok: false, reason: `LLM ${(error as Error).message}` };
    }
  };
}
