import type { Interface } from 'node:readline';

/**
 * The lines of a readline interface, one at a time, on demand. Lines that arrive while the
 * REPL is busy (piped input, or typing ahead during an answer) wait here in order; `next()`
 * resolves undefined once the input has ended (EOF, Ctrl-D) and every line was taken.
 */
export class LineQueue {
  private readonly lines: string[] = [];
  private closed = false;
  private waiting: ((line: string | undefined) => void) | undefined;

  constructor(rl: Interface) {
    rl.on('line', (line: string) => {
      if (this.waiting) this.take(line);
      else this.lines.push(line);
    });
    rl.on('close', () => {
      this.closed = true;
      if (this.waiting) this.take(undefined);
    });
  }

  next(): Promise<string | undefined> {
    if (this.lines.length > 0) return Promise.resolve(this.lines.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private take(line: string | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(line);
  }
}
