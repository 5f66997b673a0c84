import fs from 'node:fs';
import type { Logger } from '../core/logger.js';
import { isPartialDownload } from '../prepare/scan-inbox.js';

/**
 * Wakes `kb watch` early when its folder changes. Only a trigger: the scan that follows
 * decides what changed, and the watcher rescans on a timer anyway, because events are lost
 * on network file systems and when the kernel's queue overflows.
 *
 * The watch is not recursive, on purpose. Node 20 emulates recursive watching on Linux in
 * JavaScript (one inotify watch per folder, set up while walking the tree), and that walk
 * has thrown uncaught ENOENT errors when a subfolder disappears mid-walk (nodejs/node#52018,
 * #63686): a crash of a long-running watcher for a harmless `rm -r`. Files dropped straight
 * into the folder, the usual case, wake the watcher at once; files in subfolders are found
 * by the periodic rescan.
 */
const MISSING_FOLDER_RECHECK_MS = 1000;

export class ChangeTrigger {
  private watcher: fs.FSWatcher | undefined;
  private changedAt: number | undefined;
  private onChange: (() => void) | undefined;
  private watchedIno: number | undefined;
  private warned = false;
  private missing = false;

  constructor(
    private readonly dir: string,
    private readonly debounceMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Resolves after `ms`, or once the folder has been quiet for `debounceMs` after a change
   * if that is sooner — a stream of events cannot postpone it past `ms` — or on abort.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.watch();
    // A folder that is gone may be made again any moment, and nothing would tell us.
    const limit = this.watchedIno === undefined ? Math.min(ms, MISSING_FOLDER_RECHECK_MS) : ms;
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const deadline = Date.now() + limit;
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.onChange = undefined;
        this.changedAt = undefined;
        resolve();
      };
      const arm = (): void => {
        clearTimeout(timer);
        const due = this.changedAt === undefined ? deadline : Math.min(deadline, this.changedAt + this.debounceMs);
        timer = setTimeout(finish, Math.max(0, due - Date.now()));
      };
      this.onChange = arm;
      signal?.addEventListener('abort', finish, { once: true });
      arm();
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  /**
   * (Re)starts the OS watch; after a failure (the folder gone, no inotify watches left) the
   * timer carries on alone. A folder deleted and made again is a new inode, which the old
   * watch does not see: it is watched afresh.
   */
  private watch(): void {
    const ino = inodeOf(this.dir);
    if (this.watcher && ino === this.watchedIno) return;
    this.close();
    try {
      this.watchedIno = ino;
      this.watcher = fs.watch(this.dir, { persistent: true }, (_event, name) => {
        if (name && (name.startsWith('.') || isPartialDownload(name))) return;
        this.changedAt = Date.now();
        this.onChange?.();
      });
      if (this.missing) this.logger.info({ event: 'watch.folder_back' }, `${this.dir} is back`);
      this.missing = false;
      this.watcher.on('error', (error) => {
        this.close();
        this.reportFailure(error);
      });
    } catch (error) {
      this.watcher = undefined;
      this.reportFailure(error as Error);
    }
  }

  private reportFailure(error: Error): void {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (!this.missing) this.logger.warn({ event: 'watch.folder_missing' }, `${this.dir} is gone; files dropped there once it is back will be added`);
      this.missing = true;
      return;
    }
    if (this.warned) return;
    this.warned = true;
    this.logger.warn({ event: 'watch.events_failed', error: error.message }, `no change events for ${this.dir} (${code ?? error.message}); rescanning on the watch.poll_ms timer only`);
  }
}

function inodeOf(dir: string): number | undefined {
  try {
    return fs.statSync(dir).ino;
  } catch {
    return undefined;
  }
}
