import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../commit/kb-context.js';
import { ExitCode, KbError } from '../core/errors.js';
import { analyzeWithLlm, type LlmEngine } from '../compile/llm/analyze-with-llm.js';
import { createLlmEngine } from '../compile/llm/create-llm-engine.js';
import { splitFrontmatter } from '../compile/render-page.js';
import type { PrepareResult } from '../prepare/prepare-item.js';

export interface LlmChoice {
  /** Value of the variable named by llm.api_key_env; undefined when it is not set. */
  apiKey: string | undefined;
}

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

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The command's one LLM engine; a missing key stops the command before anything starts (exit 6). */
export function commandLlmEngine(ctx: KbContext, choice: LlmChoice): LlmEngine {
  const llm = ctx.config.llm;
  // Local servers (Ollama, llama.cpp) need no key, but the SDK wants one.
  const apiKey = choice.apiKey || (llm.base_url !== null ? 'no-key' : undefined);
  if (apiKey === undefined) {
    throw new KbError('LLM_KEY_MISSING', ExitCode.llmFailed, `llm.provider is openai but ${llm.api_key_env} is not set`, {
      hint: `export ${llm.api_key_env}=…, point llm.api_key_env at the variable that holds the key, or run with --offline`,
    });
  }
  const agentsFile = path.join(ctx.paths.wiki, 'AGENTS.md');
  return createLlmEngine({
    config: ctx.config,
    apiKey,
    logger: ctx.logger,
    readAgents: () => readIfExists(agentsFile),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}
