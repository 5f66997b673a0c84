// fsyncAll: many paths fsynced at once by a helper thread while the caller waits, with the
// errors fs.fsyncSync would give. (That the bytes reach the disk only a power cut can show;
// strace shows one fsync per path, issued together.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KbError } from '../src/core/errors.js';
import { fsyncAll } from '../src/core/fsync-all.js';
import { packageRoot } from '../src/core/package-root.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-fsync-all-');

function files(dir: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `f${i}.md`);
    fs.writeFileSync(file, `page ${i}\n`);
    return file;
  });
}

describe('fsyncAll', () => {
  it('syncs files and directories, few on this thread and many on the helper, and can be called again', () => {
    const dir = tempDir();
    expect(() => fsyncAll(files(dir, 2))).not.toThrow();
    const many = files(dir, 30);
    expect(() => fsyncAll([...many, dir])).not.toThrow();
    expect(() => fsyncAll(many)).not.toThrow();
    expect(() => fsyncAll([])).not.toThrow();
  });

  it('throws the failure of any one path, with its code and path, however many there are', () => {
    const dir = tempDir();
    const missing = path.join(dir, 'missing.md');
    for (const count of [1, 20]) {
      const paths = [...files(dir, count), missing];
      let error: (Error & { code?: string; path?: string }) | undefined;
      try {
        fsyncAll(paths);
      } catch (caught) {
        error = caught as Error & { code?: string; path?: string };
      }
      expect(error?.code).toBe('ENOENT');
      expect(error?.message).toContain('missing.md');
    }
  });

  // A FIFO nobody writes to makes the helper's open() block: a real stuck request.
  it.runIf(process.platform !== 'win32')('gives up on a request that hangs, then serves the next ones, skipping its late answer', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'stuck.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    let stuck: unknown;
    try {
      fsyncAll([fifo, ...files(dir, 4)], { timeoutMs: 300 });
    } catch (error) {
      stuck = error;
    }
    // Not "a bug in kb" (exit 70): a per-file failure `kb add` reports and goes on from.
    expect(stuck).toBeInstanceOf(KbError);
    expect(stuck).toMatchObject({ code: 'FSYNC_TIMEOUT', exitCode: 1, message: 'fsync of 5 files did not finish in 0.3 s' });
    expect(() => fsyncAll(files(dir, 6))).not.toThrow();
    // A writer unblocks the stuck open; fsync of a FIFO then fails, and that late answer waits
    // on the port for the next request to skip it instead of taking it for its own.
    fs.closeSync(fs.openSync(fifo, 'w'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(() => fsyncAll(files(dir, 6))).not.toThrow();
  });

  it('keeps no process alive once its work is done: the helper thread is unreferenced', () => {
    const dir = tempDir();
    const list = files(dir, 12);
    const module = path.join(packageRoot(), 'dist/src/core/fsync-all.js');
    const script = `import(${JSON.stringify(module)}).then(({ fsyncAll }) => { fsyncAll(${JSON.stringify(list)}); console.log('synced'); });`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.stdout.trim()).toBe('synced');
    expect(child.status).toBe(0);
  });
});
