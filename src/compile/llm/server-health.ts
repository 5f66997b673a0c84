import OpenAI from 'openai';
import { errnoCode } from '../../core/errors.js';
import { LlmUnavailableError } from './llm-call-error.js';

/**
 * Network errors that say the server is not there at all: no retry can help within the
 * seconds a user waits, unlike a dropped connection (ECONNRESET) or a 5xx.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Why `error` means the server cannot be reached (`connect ECONNREFUSED …`), or undefined. */
export function unreachableProblem(error: unknown): string | undefined {
  if (!(error instanceof OpenAI.APIConnectionError) || error instanceof OpenAI.APIConnectionTimeoutError) return undefined;
  for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) {
    const code = errnoCode(cause);
    // fetch refuses ports such as 1 or 6000 outright ("bad port"): a configuration error.
    if ((code !== undefined && UNREACHABLE_CODES.has(code)) || cause.message === 'bad port') return cause.message.split('\n')[0];
  }
  return undefined;
}

/**
 * What one command has learnt about its LLM server, shared by all its calls. Once the server
 * is judged down — unreachable, silent before it ever answered, silent for two timeouts since
 * its last answer (an error status counts: a server quick to say 500 is not hung), or failing a call for good before any succeeded — every call fails fast
 * with the same error: a dead server costs one timeout at most, not one per file.
 */
export class ServerHealth {
  private down: LlmUnavailableError | undefined;
  private answered = false;
  private succeeded = false;
  /** When the server last answered anything (consulted only once it has). */
  private lastAnswer = 0;

  constructor(
    private readonly endpoint: string,
    private readonly now: () => number,
  ) {}

  /** Throws the command's LlmUnavailableError once the server is judged down. */
  assertUp(): void {
    if (this.down) throw this.down;
  }

  noteSuccess(): void {
    this.succeeded = true;
    this.noteResponse();
  }

  /** Any HTTP answer, even an error status: the server is there and listening. */
  noteResponse(): void {
    this.answered = true;
    this.lastAnswer = this.now();
  }

  /** After a failed try: the error that stops the command's LLM work, or undefined to go on as usual. */
  verdict(error: unknown, problem: string, timeoutMs: number, retriesSpent: boolean): LlmUnavailableError | undefined {
    const unreachable = unreachableProblem(error);
    if (unreachable !== undefined) return this.trip(`cannot reach ${this.endpoint} (${unreachable})`, error);
    if (error instanceof OpenAI.APIConnectionTimeoutError) {
      if (!this.answered) return this.trip(`${this.endpoint} did not answer within llm.timeout_s (${timeoutMs / 1000} s)`, error);
      const silentMs = this.now() - this.lastAnswer;
      if (silentMs >= 2 * timeoutMs) return this.trip(`${this.endpoint} has not answered for ${Math.round(silentMs / 1000)} s`, error);
    }
    if (retriesSpent && !this.succeeded && error instanceof OpenAI.APIError && error.status !== undefined) {
      return this.trip(problem, error);
    }
    return undefined;
  }

  private trip(message: string, cause: unknown): LlmUnavailableError {
    this.down ??= new LlmUnavailableError(message, { cause });
    return this.down;
  }
}
