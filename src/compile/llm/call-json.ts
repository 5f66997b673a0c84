import OpenAI from 'openai';
import type { ZodType, ZodTypeDef } from 'zod';
import type { Logger } from '../../core/logger.js';
import type { ChatMessage } from './build-prompts.js';

export interface RetryPolicy {
  /** Retries after the first try. */
  maxRetries: number;
  timeoutMs: number;
  /** Injectable for tests: backoff without waiting. */
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** First backoff; doubles each retry, capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Bounds the calls in flight across the batch (p-limit); a retry waits outside it. */
  limit: <R>(fn: () => Promise<R>) => Promise<R>;
}

export interface JsonCall {
  client: OpenAI;
  model: string;
  messages: readonly ChatMessage[];
  /** Log fields naming the call (doc, kind, part). */
  label: Record<string, unknown>;
  signal?: AbortSignal;
}

/** The call failed for good: retries exhausted or a non-transient error (401, 404, …). */
export class LlmCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmCallError';
  }
}

/** A usable answer that is not the JSON asked for: retried like a transient error. */
class MalformedAnswer extends Error {}

/** One try of a chat call: the SDK request options it must pass on, and what it returns. */
export type ChatAttempt<R> = (options: { timeout: number; maxRetries: 0; signal?: AbortSignal }) => Promise<{ value: R; usage?: { prompt_tokens?: number; completion_tokens?: number } | null | undefined }>;

/**
 * One chat completion answered as JSON (response_format json_object), validated with `schema`.
 * 429, 5xx, timeouts, dropped connections and malformed or mismatched JSON are retried with
 * exponential backoff (Retry-After honoured when the server sends it); the SDK's own retries
 * are off so this policy, with its injectable clock, is the only one.
 */
export async function callJson<T>(call: JsonCall, schema: ZodType<T, ZodTypeDef, unknown>, policy: RetryPolicy, logger: Logger): Promise<{ value: T; attempts: number }> {
  return callChatWithRetries(call, policy, logger, async (options) => {
    const completion = await call.client.chat.completions.create({ model: call.model, messages: [...call.messages], response_format: { type: 'json_object' } }, options);
    return { value: parseAnswer(completion.choices[0]?.message?.content, schema), usage: completion.usage };
  });
}

/**
 * Any chat call under the retry policy: `attempt` makes one request with the options given
 * (timeout, no SDK retries, the call's signal) and may throw `MalformedAnswer` through
 * `retryAsMalformed` to have a usable-but-wrong answer retried. Transient failures are
 * retried with backoff; anything else, or the last failure, becomes an LlmCallError.
 */
export async function callChatWithRetries<R>(call: Pick<JsonCall, 'model' | 'label' | 'signal'>, policy: RetryPolicy, logger: Logger, attempt: ChatAttempt<R>): Promise<{ value: R; attempts: number }> {
  let lastProblem = '';
  for (let tries = 0; tries <= policy.maxRetries; tries++) {
    let started = policy.now();
    try {
      const { value, usage } = await policy.limit(() => {
        started = policy.now();
        return withCallSignal(call.signal, (signal) => attempt({ timeout: policy.timeoutMs, maxRetries: 0, ...(signal ? { signal } : {}) }));
      });
      logger.info(
        { event: 'llm.called', ...call.label, model: call.model, attempt: tries, ms: policy.now() - started, promptTokens: usage?.prompt_tokens, completionTokens: usage?.completion_tokens },
        `LLM call took ${policy.now() - started} ms`,
      );
      return { value, attempts: tries + 1 };
    } catch (error) {
      if (call.signal?.aborted) throw error;
      const transient = transientProblem(error);
      if (transient === undefined) throw error instanceof LlmCallError ? error : new LlmCallError(describe(error), { cause: error });
      lastProblem = transient;
      if (tries === policy.maxRetries) break;
      const delay = backoff(error, tries, policy);
      logger.info({ event: 'llm.retried', ...call.label, attempt: tries, ms: policy.now() - started, problem: transient, delayMs: delay }, `LLM call failed (${transient}); retrying in ${delay} ms`);
      await policy.sleep(delay);
    }
  }
  throw new LlmCallError(`${lastProblem} (after ${policy.maxRetries + 1} tries)`);
}

/** For a ChatAttempt: an answer that is not what was asked for, retried like a transient error. */
export function retryAsMalformed(problem: string): Error {
  return new MalformedAnswer(problem);
}

/**
 * A signal for one call that follows the command's (Ctrl-C). The SDK leaves its listener on
 * the signal it is given, so hundreds of calls on the command's own signal would pile up
 * listeners; this one is dropped when the call ends.
 */
async function withCallSignal<R>(outer: AbortSignal | undefined, fn: (signal: AbortSignal | undefined) => Promise<R>): Promise<R> {
  if (!outer) return fn(undefined);
  const controller = new AbortController();
  const abort = (): void => controller.abort(outer.reason);
  if (outer.aborted) abort();
  else outer.addEventListener('abort', abort, { once: true });
  try {
    return await fn(controller.signal);
  } finally {
    outer.removeEventListener('abort', abort);
  }
}

function parseAnswer<T>(content: string | null | undefined, schema: ZodType<T, ZodTypeDef, unknown>): T {
  let json: unknown;
  try {
    // Some local servers wrap JSON in a Markdown fence despite json_object.
    json = JSON.parse((content ?? '').trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    throw new MalformedAnswer('answer is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new MalformedAnswer(`answer does not match the schema (${parsed.error.issues[0]?.path.join('.') || 'root'}: ${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/** Why a failed call is worth another try, or undefined when it is not. */
function transientProblem(error: unknown): string | undefined {
  if (error instanceof MalformedAnswer) return error.message;
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'timed out';
  if (error instanceof OpenAI.APIConnectionError) return `connection failed: ${error.message}`;
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    if (error.status === 429 || error.status === 408 || error.status >= 500) return `HTTP ${error.status}`;
  }
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined) return `HTTP ${error.status}: ${error.message.split('\n')[0]}`;
  return (error as Error).message.split('\n')[0] ?? String(error);
}

function backoff(error: unknown, attempt: number, policy: RetryPolicy): number {
  const max = policy.maxDelayMs ?? 60_000;
  const retryAfter = retryAfterMs(error, policy.now());
  if (retryAfter !== undefined) return Math.min(max, retryAfter);
  return Math.min(max, (policy.baseDelayMs ?? 1000) * 2 ** attempt);
}

/** Retry-After as seconds or an HTTP date; OpenAI also sends retry-after-ms. */
function retryAfterMs(error: unknown, now: number): number | undefined {
  if (!(error instanceof OpenAI.APIError) || !error.headers) return undefined;
  const ms = Number(error.headers.get('retry-after-ms'));
  if (error.headers.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = error.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
