/** The call failed for good: retries exhausted or a non-transient error (401, 404, …). */
export class LlmCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmCallError';
  }
}

/**
 * The server is down for this command: it cannot be reached, never answered, or failed every
 * call so far. Every later call of the command fails at once with this error, so a batch's
 * LLM work stops at the first sign instead of paying each file's timeouts and retries.
 */
export class LlmUnavailableError extends LlmCallError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmUnavailableError';
  }
}
