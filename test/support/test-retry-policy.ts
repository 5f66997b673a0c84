import type { RetryPolicy } from '../../src/llm/call-json.js';
import { ServerHealth } from '../../src/llm/server-health.js';

/**
 * A retry policy for in-process tests: a fake clock that the injected sleep advances (what
 * was slept is in `slept`), no jitter unless `random` is given, no concurrency limit.
 */
export function testRetryPolicy(baseUrl: string, overrides: Partial<RetryPolicy> = {}): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  let clock = 1_000_000;
  const now = (): number => clock;
  return {
    maxRetries: 3,
    timeoutMs: 5_000,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
    now,
    // The top of the jitter range: backoffs are then exactly base × 2^n.
    random: () => 0.999_999,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    limit: (fn) => fn(),
    health: new ServerHealth(baseUrl, now),
    ...overrides,
    slept,
  };
}
