/*
 * llm/: the OpenAI-compatible engine. The client (call-json.ts: timeouts, retries, server
 * health, structured output), the prompts (build-prompts.ts), and the parsing of answers into
 * kb's own shapes (analysis-from-answer.ts, parse-json-answer.ts). Used by prepare (document
 * analysis), search (query and chat agents) and lint (LLM checks); knows nothing of pages or
 * of the registry. Entry: createLlmEngine (this file).
 */
import OpenAI from 'openai';
import pLimit from 'p-limit';
import type { KbConfig } from '../config/config-schema.js';
import type { Logger } from '../core/logger.js';
import type { LlmEngine } from './analyze-with-llm.js';
import type { CallWatch } from './call-watch.js';
import { ServerHealth } from './server-health.js';
import { ResponseFormatChoice } from './structured-output.js';

export interface LlmEngineOptions {
  config: KbConfig;
  /** The key read from the variable named by llm.api_key_env (the CLI reads the environment). */
  apiKey: string;
  logger: Logger;
  readAgents: () => string;
  signal?: AbortSignal;
  /** Injectable for tests; real timers otherwise. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** First retry's backoff (default 1 s); tests shorten it. */
  baseDelayMs?: number;
  watch?: CallWatch;
}

/** A live server answers GET /models within this, however busy its model is (server-health.ts). */
const PROBE_TIMEOUT_MS = 10_000;

/** Backoff doubles from 1 s up to this, so six tries span about a minute at worst. */
const MAX_DELAY_MS = 30_000;

/**
 * One engine per command: one HTTP client and one limiter, so `llm.concurrency` bounds the
 * calls in flight across the whole batch, not per document.
 */
export function createLlmEngine(options: LlmEngineOptions): LlmEngine {
  const llm = options.config.llm;
  const client = new OpenAI({
    apiKey: options.apiKey,
    ...(llm.base_url !== null ? { baseURL: llm.base_url } : {}),
    maxRetries: 0,
    timeout: llm.timeout_s * 1000,
    // The SDK logs nothing by default; keep it so, whatever OPENAI_LOG says (headers carry the key).
    logLevel: 'off',
  });
  const limit = pLimit(llm.concurrency);
  const now = options.now ?? (() => Date.now());
  const probeMs = Math.min(PROBE_TIMEOUT_MS, llm.timeout_s * 1000);
  // The first call's quick sign of life (server-health.ts); Ctrl-C stops it like the calls.
  const probe = (signal: AbortSignal): Promise<unknown> => client.models.list({ timeout: probeMs, maxRetries: 0, signal: options.signal ? AbortSignal.any([signal, options.signal]) : signal });
  return {
    client,
    model: llm.model,
    language: options.config.language,
    budget: { contextTokens: llm.context_tokens },
    policy: {
      maxRetries: llm.max_retries,
      timeoutMs: llm.timeout_s * 1000,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now,
      random: options.random ?? Math.random,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: MAX_DELAY_MS,
      limit: (fn) => limit(fn),
      health: new ServerHealth(client.baseURL, now, { run: probe, timeoutMs: probeMs }),
      ...(options.watch ? { watch: options.watch } : {}),
    },
    format: new ResponseFormatChoice(llm.structured_output),
    logger: options.logger,
    readAgents: options.readAgents,
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
