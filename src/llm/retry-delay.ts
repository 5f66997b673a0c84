import OpenAI from 'openai';

export interface DelayPolicy {
  /** First backoff; doubles each retry, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  now: () => number;
  /** In [0, 1); injectable so tests know the jitter. */
  random: () => number;
}

/**
 * How long to wait before retry number `attempt` (0 = the first retry). A Retry-After the
 * server sent wins (capped). Otherwise exponential backoff with "equal jitter": between half
 * and all of base × 2^attempt, so calls that failed together (a 503 burst with concurrency 4)
 * do not all come back in the same instant.
 */
export function retryDelayMs(error: unknown, attempt: number, policy: DelayPolicy): number {
  const retryAfter = retryAfterMs(error, policy.now());
  if (retryAfter !== undefined) return Math.min(policy.maxDelayMs, retryAfter);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * policy.random());
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
