/** A call waiting less than this is not worth a word: most answers come within it. */
export const WAIT_SHOWN_AFTER_MS = 5000;

/** "waiting for the model, 25 s", or '' when the wait is short. */
export function waitingText(waitMs: number): string {
  return waitMs >= WAIT_SHOWN_AFTER_MS ? `waiting for the model, ${Math.floor(waitMs / 1000)} s` : '';
}

/**
 * One self-rewriting status line on a TTY's stderr: prepared and committed counts, files/s,
 * ETA, how long an LLM call has waited for its answer, and the current file. Not a TTY →
 * nothing at all (logs and pipes stay clean).
 */
export class ProgressLine {
  private waitMs: () => number = () => 0;
  private ticker: NodeJS.Timeout | undefined;
  private showsWait = false;
  private total = 0;
  private prepared = 0;
  private done = 0;
  private current = '';
  /** After the files: the LLM overviews of the batch's pages, done of total. */
  private overviews: { done: number; total: number } | undefined;
  /** A command of steps rather than files (doctor, lint): the step it is at. */
  private step: string | undefined;
  private stepTicker: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private lastDraw = 0;
  private shown = false;

  /** `quiet` (--quiet: only errors on stderr) keeps it off on a TTY too. */
  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly options: { quiet?: boolean } = {},
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true && this.options.quiet !== true;
  }

  setTotal(total: number): void {
    this.total = total;
    this.draw(true);
  }

  onPrepared(file: string): void {
    this.prepared++;
    this.current = file;
    this.draw(false);
  }

  onDone(): void {
    this.done++;
    this.draw(false);
  }

  onOverviews(done: number, total: number): void {
    this.overviews = { done, total };
    this.draw(done === 0);
  }

  /**
   * The step a command of steps is at, with the time since it started ("kb doctor: hashing
   * 100,100 documents' files · 12s"): at 100,000 documents doctor and lint read every page for
   * a minute or so, which must not look like a hang.
   */
  onStep(text: string): void {
    this.step = text;
    this.draw(true);
    // Redrawn every second, so the time goes on while a step runs long.
    if (this.enabled && !this.stepTicker) (this.stepTicker = setInterval(() => this.draw(true), 1000)).unref();
  }

  /**
   * Shows `longestWaitMs()` (the LLM call waiting longest) and redraws every second while
   * one waits, so a silent server shows as a growing wait, not as a frozen line.
   */
  followWaits(longestWaitMs: () => number): void {
    this.waitMs = longestWaitMs;
    if (!this.enabled || this.ticker) return;
    this.ticker = setInterval(() => {
      // Also once more after the wait ended, so the line does not go on showing it.
      if (this.showsWait || this.waitMs() >= WAIT_SHOWN_AFTER_MS) this.draw(true);
    }, 1000);
    this.ticker.unref();
  }

  stop(): void {
    clearInterval(this.ticker);
    clearInterval(this.stepTicker);
    this.ticker = undefined;
    this.stepTicker = undefined;
    this.clear();
  }

  /** Removes the line so a normal output line can be printed in its place. */
  clear(): void {
    if (this.enabled && this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }

  redraw(): void {
    this.draw(true);
  }

  private draw(force: boolean): void {
    if (!this.enabled || (this.total === 0 && !this.overviews && this.step === undefined)) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const eta = rate > 0 ? Math.round((this.total - this.done) / rate) : undefined;
    const waiting = waitingText(this.waitMs());
    this.showsWait = waiting !== '';
    const text = this.step !== undefined
      ? `${this.step} · ${formatDuration(Math.floor(seconds))}`
      : this.overviews
      ? `[${this.overviews.done}/${this.overviews.total}] writing concept and entity overviews${waiting ? ` · ${waiting}` : ''}`
      : `[${this.done}/${this.total}] prepared ${this.prepared} · ${rate.toFixed(1)} files/s${eta !== undefined ? ` · ETA ${formatDuration(eta)}` : ''}${waiting ? ` · ${waiting}` : ''} · ${this.current}`;
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    this.stream.write(`\r\x1b[2K${text.length > width ? text.slice(0, width - 1) + '…' : text}`);
    this.shown = true;
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
