import { CallWatch } from '../llm/call-watch.js';
import { waitingText } from './progress-line.js';

/**
 * "waiting for the model, 25 s" on a terminal's stderr while an LLM call goes unanswered,
 * rewritten in place every second and removed before anything else is printed. Not a TTY →
 * nothing at all.
 */
export class WaitNotice {
  private shown = false;
  private readonly ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    longestWaitMs: () => number,
    quiet = false,
  ) {
    // --quiet: only errors on stderr, as the progress line of kb add.
    if (stream.isTTY !== true || quiet) return;
    this.ticker = setInterval(() => {
      const text = waitingText(longestWaitMs());
      if (text) {
        this.stream.write(`\r\x1b[2K${text}`);
        this.shown = true;
      } else this.clear();
    }, 1000);
    this.ticker.unref();
  }

  /** Removes the notice so a normal line can be printed in its place. */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }

  stop(): void {
    clearInterval(this.ticker);
    this.clear();
  }
}

/**
 * Runs `fn` with a CallWatch for its LLM calls, whose long waits are shown on `stderr` when it
 * is a terminal; `clear` removes the notice before a line of the answer is printed.
 */
export async function withWaitNotice<T>(stderr: NodeJS.WritableStream & { isTTY?: boolean }, quiet: boolean, fn: (watch: CallWatch, clear: () => void) => Promise<T>): Promise<T> {
  const watch = new CallWatch();
  const notice = new WaitNotice(stderr, () => watch.longestWaitMs(), quiet);
  try {
    return await fn(watch, () => notice.clear());
  } finally {
    notice.stop();
  }
}
