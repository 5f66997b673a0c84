import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-init-loc-');
const isKb = (dir: string): boolean => fs.existsSync(path.join(dir, '.kb', 'kb.db'));

describe('kb init: where the KB is created', () => {
  it('honours --kb and $KB_DIR, and a positional dir wins over $KB_DIR', async () => {
    const cwd = tempDir();
    const [byFlag, byEnv, byBoth] = await Promise.all([
      runKb(['--kb', 'flagkb', 'init'], { cwd }),
      runKb(['init'], { cwd, env: { KB_DIR: 'envkb' } }),
      runKb(['init', 'poskb'], { cwd, env: { KB_DIR: 'ignored' } }),
    ]);
    expect([byFlag.code, byEnv.code, byBoth.code]).toEqual([0, 0, 0]);
    expect(byFlag.stdout).toContain(path.join(cwd, 'flagkb'));
    expect([isKb(path.join(cwd, 'flagkb')), isKb(path.join(cwd, 'envkb')), isKb(path.join(cwd, 'poskb'))]).toEqual([true, true, true]);
    expect(isKb(cwd)).toBe(false);
    expect(fs.existsSync(path.join(cwd, 'ignored'))).toBe(false);
  });

  it('is a usage error when a positional dir and --kb name different folders; the same folder is fine', async () => {
    const cwd = tempDir();
    const [differ, same] = await Promise.all([
      runKb(['--kb', 'a', 'init', 'b'], { cwd }),
      runKb(['--kb', 'c', 'init', './c/'], { cwd }),
    ]);
    expect(differ.code).toBe(2);
    expect(differ.stderr).toMatch(/kb: error: .*--kb/);
    expect(differ.stderr).toContain('hint:');
    expect(fs.existsSync(path.join(cwd, 'a')) || fs.existsSync(path.join(cwd, 'b'))).toBe(false);
    expect(same.code).toBe(0);
    expect(isKb(path.join(cwd, 'c'))).toBe(true);
  });

  it("refuses (exit 2, with a hint) to create a KB inside another KB's wiki/, raw/ or .kb/, but allows a sibling folder", async () => {
    const cwd = tempDir();
    expect((await runKb(['init', 'K'], { cwd })).code).toBe(0);
    const runs = await Promise.all([
      runKb(['init', 'K/wiki/inner'], { cwd }),
      runKb(['init', 'K/raw'], { cwd }),
      runKb(['init'], { cwd: path.join(cwd, 'K', '.kb', 'logs') }),
      runKb(['--kb', 'K/wiki/concepts/x', 'init'], { cwd }),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^kb: error: .*inside the knowledge base at /m);
      expect(run.stderr).toMatch(/^ {2}hint: /m);
    }
    expect(fs.existsSync(path.join(cwd, 'K/wiki/inner'))).toBe(false);
    expect(isKb(path.join(cwd, 'K/raw'))).toBe(false);
    // Through a symlink that leads into the wiki: the same refusal.
    fs.symlinkSync(path.join(cwd, 'K', 'wiki'), path.join(cwd, 'link'));
    expect((await runKb(['init', 'link/inner'], { cwd })).code).toBe(2);
    expect((await runKb(['init', 'K/projects/other'], { cwd })).code).toBe(0);
  });
});
