import type { InboxFile } from '../prepare/scan-inbox.js';

interface FileState {
  size: number;
  mtimeMs: number;
}

export interface Observation {
  /** Files whose size and mtime held still for `stableMs`, and that add has not had in that state. */
  ready: InboxFile[];
  /** When the next pending file could become ready, if nothing changes (ms from now). */
  wakeInMs: number | undefined;
}

/**
 * What `kb watch` knows about its folder between scans. A file is ready once two scans at
 * least `stableMs` apart saw the same size and mtime: a copy that pauses for less than that
 * is never taken half-done. The time counts from the scan that saw the last change, not
 * from the mtime, whose clock may be another machine's (network file systems) or copied
 * from the source (`cp -p`, `mv`).
 *
 * Files handed to add are remembered with the state they had then, so an unchanged file is
 * not hashed again on every scan, while new bytes at the same path go through add again.
 * Memory only: after a restart every file is handed over once more, and add skips what the
 * registry already holds.
 */
export class InboxTracker {
  private readonly pending = new Map<string, FileState & { since: number }>();
  private readonly handed = new Map<string, FileState>();

  constructor(private readonly stableMs: number) {}

  /** Takes one full scan of the folder, taken at `now`. */
  observe(files: readonly InboxFile[], now: number): Observation {
    const present = new Set<string>();
    const ready: InboxFile[] = [];
    let wakeInMs: number | undefined;
    for (const file of files) {
      present.add(file.path);
      if (sameState(this.handed.get(file.path), file)) {
        this.pending.delete(file.path);
        continue;
      }
      const seen = this.pending.get(file.path);
      if (!seen || !sameState(seen, file)) {
        this.pending.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, since: now });
      }
      const since = this.pending.get(file.path)?.since ?? now;
      const left = since + this.stableMs - now;
      if (left <= 0) ready.push(file);
      else wakeInMs = Math.min(wakeInMs ?? left, left);
    }
    for (const known of [...this.pending.keys(), ...this.handed.keys()]) {
      if (present.has(known)) continue;
      this.pending.delete(known);
      this.handed.delete(known);
    }
    return { ready, wakeInMs };
  }

  /** These files go to add now, in the state the scan saw. */
  markHanded(files: readonly InboxFile[]): void {
    for (const file of files) {
      this.pending.delete(file.path);
      this.handed.set(file.path, { size: file.size, mtimeMs: file.mtimeMs });
    }
  }

  /** Add could not take them (the lock wait timed out): unchanged, they are ready again at the next scan. */
  retry(files: readonly InboxFile[]): void {
    for (const file of files) {
      this.handed.delete(file.path);
      this.pending.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, since: -Infinity });
    }
  }
}

function sameState(a: FileState | undefined, b: FileState): boolean {
  return a !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
