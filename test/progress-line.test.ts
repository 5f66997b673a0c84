// The TTY progress line of `kb add` and the waiting notice of `kb query`, driven directly
// with a stream that says it is a TTY (or not) and vitest's fake timers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressLine } from '../src/cli/progress-line.js';
import { WaitNotice } from '../src/cli/wait-notice.js';

function fakeStream(isTTY: boolean, columns = 80): NodeJS.WritableStream & { isTTY: boolean; columns: number; written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (chunk: string) => written.push(chunk) > 0 } as never;
}

describe('ProgressLine', () => {
  it('draws prepared and committed of total, files/s and the current file, rewriting one line', () => {
    const stream = fakeStream(true);
    const progress = new ProgressLine(stream);
    progress.setTotal(3);
    expect(stream.written.at(-1)).toMatch(/^\r\x1b\[2K\[0\/3\] prepared 0 · 0\.0 files\/s · $/);
    progress.onPrepared('in/report.pdf');
    progress.onDone();
    progress.redraw();
    expect(stream.written.at(-1)).toMatch(/^\r\x1b\[2K\[1\/3\] prepared 1 · \d+\.\d files\/s( · ETA \d+s)? · in\/report\.pdf$/);
    progress.clear();
    expect(stream.written.at(-1)).toBe('\r\x1b[2K');
    // Cleared, a second clear writes nothing (a result line may follow directly).
    const count = stream.written.length;
    progress.clear();
    expect(stream.written).toHaveLength(count);
  });

  it('shows the step a command of steps is at, with the time going on, until stopped', () => {
    vi.useFakeTimers();
    const stream = fakeStream(true);
    const progress = new ProgressLine(stream);
    progress.onStep('kb doctor: checking kb.db');
    expect(stream.written.at(-1)).toBe('\r\x1b[2Kkb doctor: checking kb.db · 0s');
    vi.advanceTimersByTime(3000);
    progress.onStep('kb doctor: hashing the files of 100,100 documents');
    vi.advanceTimersByTime(62_000);
    expect(stream.written.at(-1)).toBe('\r\x1b[2Kkb doctor: hashing the files of 100,100 documents · 1m05s');
    progress.stop();
    expect(stream.written.at(-1)).toBe('\r\x1b[2K');
    // Stopped, the ticker draws no more.
    const count = stream.written.length;
    vi.advanceTimersByTime(5000);
    expect(stream.written).toHaveLength(count);
    // Not a terminal, or --quiet: no line at all.
    for (const [silent, options] of [[fakeStream(false), {}], [fakeStream(true), { quiet: true }]] as const) {
      new ProgressLine(silent, options).onStep('kb lint: checking');
      vi.advanceTimersByTime(2000);
      expect(silent.written).toEqual([]);
    }
    vi.useRealTimers();
  });

  it('draws nothing under --quiet, even on a TTY', () => {
    const stream = fakeStream(true);
    const progress = new ProgressLine(stream, { quiet: true });
    progress.setTotal(2);
    progress.onPrepared('in/a.md');
    progress.onDone();
    progress.redraw();
    progress.clear();
    expect(stream.written).toEqual([]);
  });

  it('fits the terminal width, cutting the file name with an ellipsis', () => {
    const stream = fakeStream(true, 40);
    const progress = new ProgressLine(stream);
    progress.setTotal(10);
    progress.onPrepared(`in/${'very-long-name-'.repeat(10)}.pdf`);
    progress.redraw();
    const line = stream.written.at(-1)!.replace('\r\x1b[2K', '');
    expect(line.length).toBeLessThanOrEqual(39);
    expect(line.endsWith('…')).toBe(true);
  });

  it('writes nothing at all when stderr is not a terminal', () => {
    const stream = fakeStream(false);
    const progress = new ProgressLine(stream);
    progress.setTotal(3);
    progress.onPrepared('a.md');
    progress.onDone();
    progress.redraw();
    progress.clear();
    expect(stream.written).toEqual([]);
  });
});

describe('waiting for the model', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the progress line shows an LLM call waiting 5 s or more, redrawn every second, until stopped', () => {
    vi.useFakeTimers();
    const stream = fakeStream(true);
    const progress = new ProgressLine(stream);
    let wait = 0;
    progress.setTotal(1);
    progress.followWaits(() => wait);
    wait = 4000;
    vi.advanceTimersByTime(1000);
    expect(stream.written.join('')).not.toContain('waiting');
    wait = 25_400;
    vi.advanceTimersByTime(1000);
    expect(stream.written.at(-1)).toBe('\r\x1b[2K[0/1] prepared 0 · 0.0 files/s · waiting for the model, 25 s · ');
    // The answer came: the next tick takes the wait off the line.
    wait = 0;
    vi.advanceTimersByTime(1000);
    expect(stream.written.at(-1)).toBe('\r\x1b[2K[0/1] prepared 0 · 0.0 files/s · ');
    progress.stop();
    const count = stream.written.length;
    vi.advanceTimersByTime(3000);
    expect(stream.written).toHaveLength(count);
  });

  it('kb query\'s notice: written in place on a terminal once a call waits 5 s, cleared before other output; nothing when not a TTY', () => {
    vi.useFakeTimers();
    let wait = 6000;
    const tty = fakeStream(true);
    const notice = new WaitNotice(tty, () => wait);
    vi.advanceTimersByTime(1000);
    expect(tty.written).toEqual(['\r\x1b[2Kwaiting for the model, 6 s']);
    notice.clear();
    expect(tty.written.at(-1)).toBe('\r\x1b[2K');
    wait = 0;
    vi.advanceTimersByTime(1000);
    notice.stop();
    expect(tty.written).toHaveLength(2);

    const pipe = fakeStream(false);
    const quiet = new WaitNotice(pipe, () => 60_000);
    vi.advanceTimersByTime(5000);
    quiet.stop();
    expect(pipe.written).toEqual([]);
  });
});
