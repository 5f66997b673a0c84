import OpenAI from 'openai';
import type { ZodType, ZodTypeDef } from 'zod';
import type { Logger } from '../core/logger.js';
import type { ChatMessage } from './build-prompts.js';
import type { CallWatch } from './call-watch.js';
import { LlmCallError, LlmUnavailableError } from './llm-call-error.js';
import { MalformedAnswer, parseJsonAnswer } from './parse-json-answer.js';
import { retryDelayMs } from './retry-delay.js';
import type { ServerHealth } from './server-health.js';
import { ResponseFormatChoice, type AnswerJsonSchema } from './structured-output.js';

export { LlmCallError, LlmUnavailableError };

export interface RetryPolicy {
  /** Retries after the first try. */
  maxRetries: number;
  timeoutMs: number;
  /** Injectable for tests: backoff without waiting. */
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** In [0, 1): the jitter of backoffs (retry-delay.ts). */
  random: () => number;
  /** First backoff; doubles each retry (with jitter), capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Bounds the calls in flight across the batch (p-limit); a retry waits outside it. */
  limit: <R>(fn: () => Promise<R>) => Promise<R>;
  /** Shared by the command's calls: once the server is judged down, every call fails fast. */
  health: ServerHealth;
  /** Calls in flight, for "waiting for the model" on a terminal. */
  watch?: CallWatch;
}

export interface JsonCall {
  client: OpenAI;
  model: string;
  messages: readonly ChatMessage[];
  /** Log fields naming the call (doc, kind, part). */
  label: Record<string, unknown>;
  signal?: AbortSignal;
  /** With both, a strict json_schema is asked for where the endpoint takes it (structured-output.ts). */
  format?: ResponseFormatChoice;
  jsonSchema?: AnswerJsonSchema;
}

/** What one try is given: the SDK request options to pass on, and `alive` to call as a streamed answer arrives. */
export type AttemptOptions = { timeout: number; maxRetries: 0; signal?: AbortSignal };

/** One try of a chat call, and what it returns. */
export type ChatAttempt<R> = (options: AttemptOptions, alive: () => void) => Promise<{ value: R; usage?: { prompt_tokens?: number; completion_tokens?: number } | null | undefined }>;

const JSON_OBJECT_ONLY = new ResponseFormatChoice('json_object');

/**
 * One chat completion answered as JSON, validated with `schema`. 429, 5xx, timeouts, dropped
 * connections and malformed or mismatched JSON are retried (callChatWithRetries); an endpoint
 * that refuses json_schema is asked again at once with json_object.
 */
export async function callJson<T>(call: JsonCall, schema: ZodType<T, ZodTypeDef, unknown>, policy: RetryPolicy, logger: Logger): Promise<{ value: T; attempts: number }> {
  const format = call.format ?? JSON_OBJECT_ONLY;
  return callChatWithRetries(call, policy, logger, async (options) => {
    const ask = async (): Promise<OpenAI.ChatCompletion> => {
      const responseFormat = format.formatFor(call.jsonSchema);
      try {
        return await call.client.chat.completions.create({ model: call.model, messages: [...call.messages], response_format: responseFormat }, options);
      } catch (error) {
        if (!format.fallBack(error, responseFormat)) throw error;
        logger.info({ event: 'llm.format_refused', ...call.label, problem: (error as Error).message.split('\n')[0] }, 'the endpoint refused response_format json_schema; asking for json_object from now on');
        return ask();
      }
    };
    const completion = await ask();
    const choice = completion.choices[0];
    return { value: parseJsonAnswer(choice?.message?.content, choice?.finish_reason, schema), usage: completion.usage };
  });
}

/**
 * Any chat call under the retry policy: `attempt` makes one request with the options given
 * (timeout, no SDK retries — this policy, with its injectable clock, is the only one — and
 * the call's signal) and may throw `retryAsMalformed` to have a usable-but-wrong answer
 * retried. Transient failures are retried with jittered backoff; a server judged down stops
 * the call at once (server-health.ts); anything else, or the last failure, is an LlmCallError.
 */
export async function callChatWithRetries<R>(call: Pick<JsonCall, 'model' | 'label' | 'signal'>, policy: RetryPolicy, logger: Logger, attempt: ChatAttempt<R>): Promise<{ value: R; attempts: number }> {
  for (let tries = 0; ; tries++) {
    policy.health.assertUp();
    let started = policy.now();
    let judged: Judgement | undefined;
    try {
      const { value, usage } = await policy.limit(async () => {
        // Calls queued behind the limit learn of a dead server without a request of their own.
        policy.health.assertUp();
        policy.health.startProbe();
        started = policy.now();
        const waiting = policy.watch?.begin();
        try {
          return await withCallSignal([call.signal, policy.health.signal], (signal) => attempt({ timeout: policy.timeoutMs, maxRetries: 0, ...(signal ? { signal } : {}) }, () => waiting?.alive()));
        } catch (error) {
          // Judged before the slot is freed, so the call queued behind this one sees a dead server as dead.
          if (!call.signal?.aborted && !policy.health.signal.aborted) judged = judge(error, tries >= policy.maxRetries, policy);
          throw error;
        } finally {
          waiting?.end();
        }
      });
      policy.health.noteSuccess();
      const ms = policy.now() - started;
      logger.info({ event: 'llm.called', ...call.label, model: call.model, attempt: tries, ms, promptTokens: usage?.prompt_tokens, completionTokens: usage?.completion_tokens }, `LLM call took ${ms} ms`);
      return { value, attempts: tries + 1 };
    } catch (error) {
      if (call.signal?.aborted || error instanceof LlmUnavailableError) throw error;
      // Aborted because the server was judged down meanwhile (by another call, or the probe).
      policy.health.assertUp();
      const lastTry = tries >= policy.maxRetries;
      const { transient, problem, down } = judged ?? judge(error, lastTry, policy);
      if (down) throw down;
      if (transient === undefined) throw error instanceof LlmCallError ? error : new LlmCallError(problem, { cause: error });
      if (lastTry) throw new LlmCallError(problem, { cause: error });
      const delay = retryDelayMs(error, tries, policy);
      logger.info({ event: 'llm.retried', ...call.label, attempt: tries, ms: policy.now() - started, problem: transient, delayMs: delay }, `LLM call failed (${transient}); retrying in ${delay} ms`);
      await policy.sleep(delay);
    }
  }
}

interface Judgement {
  /** Why another try may help; undefined when it cannot. */
  transient: string | undefined;
  problem: string;
  /** Set when the server is judged down for the whole command. */
  down: LlmUnavailableError | undefined;
}

function judge(error: unknown, lastTry: boolean, policy: RetryPolicy): Judgement {
  // An error status or a malformed answer is still an answer: the server is there.
  if (error instanceof MalformedAnswer || (error instanceof OpenAI.APIError && error.status !== undefined)) policy.health.noteResponse();
  const transient = transientProblem(error);
  const problem = transient === undefined ? describe(error) : lastTry ? `${transient} (after ${policy.maxRetries + 1} tries)` : transient;
  return { transient, problem, down: policy.health.verdict(error, problem, policy.timeoutMs, lastTry && transient !== undefined) };
}

/** For a ChatAttempt: an answer that is not what was asked for, retried like a transient error. */
export function retryAsMalformed(problem: string): Error {
  return new MalformedAnswer(problem);
}

/**
 * A signal for one call that follows the command's (Ctrl-C) and the server's health (judged
 * down). The SDK leaves its listener on the signal it is given, so hundreds of calls on a
 * shared signal would pile up listeners; this one's are dropped when the call ends.
 */
async function withCallSignal<R>(outer: (AbortSignal | undefined)[], fn: (signal: AbortSignal | undefined) => Promise<R>): Promise<R> {
  const signals = outer.filter((s): s is AbortSignal => s !== undefined);
  if (signals.length === 0) return fn(undefined);
  const controller = new AbortController();
  const aborts = signals.map((signal) => {
    const abort = (): void => controller.abort(signal.reason);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    return () => signal.removeEventListener('abort', abort);
  });
  try {
    return await fn(controller.signal);
  } finally {
    for (const remove of aborts) remove();
  }
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
