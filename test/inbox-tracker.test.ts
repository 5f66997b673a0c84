// kb watch's memory between scans, with a fake clock: when a file counts as settled, what
// is handed to add again, and which names are partial downloads.
import { describe, expect, it } from 'vitest';
import { InboxTracker } from '../src/commands/inbox-tracker.js';
import { isPartialDownload, type InboxFile } from '../src/prepare/scan-inbox.js';

const STABLE = 1000;
const file = (name: string, size: number, mtimeMs = size): InboxFile => ({ path: `/in/${name}`, size, mtimeMs });
const names = (files: readonly InboxFile[]): string[] => files.map((f) => f.path.slice(4));

describe('InboxTracker', () => {
  it('hands a file over only after two scans stable_ms apart saw the same size and mtime', () => {
    const tracker = new InboxTracker(STABLE);
    expect(tracker.observe([file('a.md', 10)], 0)).toEqual({ ready: [], wakeInMs: STABLE });
    expect(tracker.observe([file('a.md', 10)], 600)).toEqual({ ready: [], wakeInMs: 400 });
    expect(names(tracker.observe([file('a.md', 10)], 1000).ready)).toEqual(['a.md']);
  });

  it('restarts the wait on every change: a copy that pauses for less than stable_ms is never handed over', () => {
    const tracker = new InboxTracker(STABLE);
    let now = 0;
    for (let size = 100; size <= 600; size += 100) {
      expect(tracker.observe([file('big.md', size)], now).ready, `at ${now} ms`).toEqual([]);
      now += 900;
    }
    expect(tracker.observe([file('big.md', 600)], now - 900 + STABLE - 1).ready).toEqual([]);
    expect(tracker.observe([file('big.md', 600)], now - 900 + STABLE).ready).toEqual([file('big.md', 600)]);
    // Same size, new mtime (rewritten in place) counts as a change too.
    const other = new InboxTracker(STABLE);
    other.observe([file('c.md', 5, 1)], 0);
    expect(other.observe([file('c.md', 5, 2)], STABLE).ready).toEqual([]);
  });

  it('does not hand an unchanged file over again, but does a changed one, and forgets deleted files', () => {
    const tracker = new InboxTracker(STABLE);
    tracker.observe([file('a.md', 10), file('b.md', 20)], 0);
    const first = tracker.observe([file('a.md', 10), file('b.md', 20)], STABLE).ready;
    expect(names(first)).toEqual(['a.md', 'b.md']);
    tracker.markHanded(first);
    expect(tracker.observe([file('a.md', 10), file('b.md', 20)], 5 * STABLE)).toEqual({ ready: [], wakeInMs: undefined });
    // a.md edited; b.md deleted and later dropped in again with the same size and mtime.
    tracker.observe([file('a.md', 11)], 6 * STABLE);
    expect(names(tracker.observe([file('a.md', 11)], 7 * STABLE).ready)).toEqual(['a.md']);
    tracker.observe([file('b.md', 20)], 8 * STABLE);
    expect(names(tracker.observe([file('b.md', 20)], 9 * STABLE).ready)).toEqual(['b.md']);
  });

  it('a file add could not take (lock timeout) is ready again at the next scan, unless it changed', () => {
    const tracker = new InboxTracker(STABLE);
    tracker.observe([file('a.md', 10), file('b.md', 20)], 0);
    const ready = tracker.observe([file('a.md', 10), file('b.md', 20)], STABLE).ready;
    tracker.markHanded(ready);
    tracker.retry(ready);
    expect(names(tracker.observe([file('a.md', 10), file('b.md', 21)], STABLE + 1).ready)).toEqual(['a.md']);
  });

  it('wakes for the pending file closest to settling', () => {
    const tracker = new InboxTracker(STABLE);
    tracker.observe([file('a.md', 1)], 0);
    expect(tracker.observe([file('a.md', 1), file('b.md', 2)], 300).wakeInMs).toBe(700);
  });
});

describe('isPartialDownload', () => {
  it('knows the names of files still being downloaded or saved', () => {
    for (const name of ['report.pdf.part', 'x.PARTIAL', 'a.crdownload', 'b.download', 'c.tmp', '~$memo.docx', 'notes.md~']) {
      expect(isPartialDownload(name), name).toBe(true);
    }
    for (const name of ['report.pdf', 'partial.md', 'tmp.txt', 'a~b.md', 'download.html']) {
      expect(isPartialDownload(name), name).toBe(false);
    }
  });
});
