import OpenAI from 'openai';
import { errnoCode } from '../core/errors.js';
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
 * its last answer (an error status counts: a server quick to say 500 is not hung), or
 * failing a call for good before any succeeded — every call fails fast with the same error,
 * and the calls in flight are aborted (`signal`): a dead server costs one timeout at most,
 * not one per file. The first call also starts `probe` (GET /models), which any live
 * server answers at once, even one busy with a long prompt: a server that answers neither
 * within the probe's few seconds is dead without waiting out `timeout_s`.
 */
export class ServerHealth {
  private down: LlmUnavailableError | undefined;
  private answered = false;
  private succeeded = false;
  /** When the server last answered anything (consulted only once it has). */
  private lastAnswer = 0;
  private probed = false;
  private readonly aborter = new AbortController();
  /** Stops the probe once the server has answered anything: it would only keep the process alive. */
  private readonly probeAborter = new AbortController();

  constructor(
    private readonly endpoint: string,
    private readonly now: () => number,
    private readonly probe?: { run: (signal: AbortSignal) => Promise<unknown>; timeoutMs: number },
  ) {}

  /** Aborted when the server is judged down: calls in flight stop waiting for it. */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  /** Once per command, with its first call: a quick sign of life, or of death. */
  startProbe(): void {
    if (this.probed || !this.probe) return;
    this.probed = true;
    const { run, timeoutMs } = this.probe;
    // Only ever bad news: a server that lists its models may still hang on a completion, so
    // an answer here does not count as the server answering (timeouts stay unretried).
    run(this.probeAborter.signal).then(
      () => undefined,
      (error: unknown) => {
        if (this.probeAborter.signal.aborted || (error instanceof OpenAI.APIError && error.status !== undefined)) return;
        const unreachable = unreachableProblem(error);
        if (unreachable !== undefined) this.trip(`cannot reach ${this.endpoint} (${unreachable})`, error);
        else if (!this.answered) this.trip(`${this.endpoint} did not answer within ${timeoutMs / 1000} s (GET /models)`, error);
      },
    );
  }

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
    this.probeAborter.abort();
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
    if (!this.down) {
      this.down = new LlmUnavailableError(message, { cause });
      this.aborter.abort(this.down);
      this.probeAborter.abort();
    }
    return this.down;
  }
}
