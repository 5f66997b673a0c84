import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../store/kb-context.js';
import { ExitCode, KbError } from '../core/errors.js';
import type { LlmEngine } from '../llm/analyze-with-llm.js';
import type { CallWatch } from '../llm/call-watch.js';
import { createLlmEngine } from '../llm/create-llm-engine.js';

export interface LlmChoice {
  /** Value of the variable named by llm.api_key_env; undefined when it is not set. */
  apiKey: string | undefined;
  /** Calls in flight, for the CLI's "waiting for the model" on a terminal. */
  watch?: CallWatch;
  /** First retry's backoff; only tests change it (KB_TEST_LLM_BASE_DELAY_MS). */
  baseDelayMs?: number;
}

/**
 * The LLM engine of a command that was told to use it (llm.provider openai, no --offline):
 * exit 6 with a hint when the key is missing, before any work is done. AGENTS.md is read
 * again for every prompt, since users edit it between runs.
 */
export function openLlmEngine(ctx: KbContext, choice: LlmChoice): LlmEngine {
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
    ...(choice.watch ? { watch: choice.watch } : {}),
    ...(choice.baseDelayMs !== undefined ? { baseDelayMs: choice.baseDelayMs } : {}),
  });
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
