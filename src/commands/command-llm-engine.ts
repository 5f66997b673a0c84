import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../commit/kb-context.js';
import type { LlmEngine } from '../compile/llm/analyze-with-llm.js';
import { createLlmEngine } from '../compile/llm/create-llm-engine.js';
import { ExitCode, KbError } from '../core/errors.js';

export interface LlmChoice {
  /** Value of the variable named by llm.api_key_env; undefined when it is not set. */
  apiKey: string | undefined;
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

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
