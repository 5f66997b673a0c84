// The TTY progress line of `kb add`, driven directly with a stream that says it is a TTY.
import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../src/cli/progress-line.js';

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
