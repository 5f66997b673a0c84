// The exit codes of DESIGN.md are a contract scripts branch on; each one is provoked here
// through the built binary, as a user's shell would see it. Needs `npm run build` first.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initKb } from '../src/commands/init.js';
import { useTempDirs } from './support/temp-dirs.js';
import { runKb } from './support/run-kb.js';

const tempDir = useTempDirs('kb-exit-');

/** A fresh KB; realpath because the binary reports the cwd's real path when it walks up. */
function newKb(): string {
  const root = path.join(fs.realpathSync(tempDir()), 'kb');
  initKb(root, new Date('2026-01-02T03:04:05Z'));
  return root;
}

/** A journal (format of src/commit/journal.ts) of a dead process, never committed. */
function plantJournal(root: string, id: string, targets: { path: string; existed: boolean }[]): string {
  const file = path.join(root, '.kb', 'journal', `${id}.json`);
  const journal = { version: 1, id, op: 'add', detail: 'planted by a test', createdAt: '2026-01-02T03:04:05.000Z', owner: { pid: 999_999_999 }, targets };
  fs.writeFileSync(file, JSON.stringify(journal));
  return file;
}

describe('usage (exit 2)', () => {
  it('no arguments: help, exit 2', async () => {
    const run = await runKb([]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/Usage: kb /);
  });

  it('unknown command, unknown option, bad --wait', async () => {
    const runs = await Promise.all([
      runKb(['frobnicate']),
      runKb(['status', '--frob']),
      runKb(['--frob', 'status']),
      runKb(['--wait', 'abc', 'status']),
      runKb(['--wait', '-1', 'status']),
      runKb(['doctor', 'extra-arg']),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^kb: error: /);
      expect(run.stderr).toContain('kb --help');
    }
    expect(runs[0]!.stderr).toContain("unknown command 'frobnicate'");
    expect(runs[1]!.stderr).toContain("unknown option '--frob'");
    expect(runs[3]!.stderr).toContain('expected a number of seconds');
  });

  it('init onto a file that is not a folder', async () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'x');
    const run = await runKb(['init', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exists and is not a folder/);
  });
});

describe('help and version (exit 0)', () => {
  it('--help lists every exit code of the contract', async () => {
    const run = await runKb(['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Usage: kb /);
    for (const command of ['init', 'status', 'doctor']) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const table = run.stdout.slice(run.stdout.indexOf('Exit codes:'));
    const codes = [...table.matchAll(/^ {2}(\d+) +\S/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual([0, 1, 2, 3, 4, 5, 6, 70, 130]);
    expect(table).toMatch(/^ {2}5 +.*kb doctor --repair/m);
  });

  it('help of a command, and --version', async () => {
    const [help, version] = await Promise.all([runKb(['doctor', '--help']), runKb(['--version'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--repair');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('finding the knowledge base (exit 3 when there is none)', () => {
  it('status and doctor outside any KB exit 3 with a hint', async () => {
    const dir = fs.realpathSync(tempDir());
    // The walk-up must not find a stray .kb above the temp dir, or this tests nothing.
    expect(ancestorsWithKb(dir)).toEqual([]);
    for (const command of ['status', 'doctor']) {
      const run = await runKb([command], { cwd: dir });
      expect(run.code, command).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`no knowledge base found in ${dir} or any parent folder`);
      expect(run.stderr).toMatch(/hint: run `kb init` here, pass --kb <dir>, or set KB_DIR/);
    }
  });

  it('--kb or KB_DIR naming a folder that is no KB exits 3, saying which', async () => {
    const dir = fs.realpathSync(tempDir());
    const byFlag = await runKb(['--kb', dir, 'status']);
    expect(byFlag.code).toBe(3);
    expect(byFlag.stderr).toContain(`no knowledge base at ${dir} (from --kb)`);
    expect(byFlag.stderr).toContain(`hint: create one with: kb init ${dir}`);
    const byEnv = await runKb(['doctor'], { env: { KB_DIR: dir } });
    expect(byEnv.code).toBe(3);
    expect(byEnv.stderr).toContain('(from $KB_DIR)');
  });

  it('finds it from KB_DIR, from a subfolder, and lets --kb win over KB_DIR', async () => {
    const root = newKb();
    const elsewhere = fs.realpathSync(tempDir());
    const kbOf = (stdout: string): string => JSON.parse(stdout).kb;
    const byEnv = await runKb(['status', '--json'], { cwd: elsewhere, env: { KB_DIR: root } });
    expect(byEnv.code).toBe(0);
    expect(kbOf(byEnv.stdout)).toBe(root);
    const byWalk = await runKb(['status', '--json'], { cwd: path.join(root, 'wiki', 'concepts') });
    expect(byWalk.code).toBe(0);
    expect(kbOf(byWalk.stdout)).toBe(root);
    const both = await runKb(['--kb', root, 'status', '--json'], { cwd: elsewhere, env: { KB_DIR: elsewhere } });
    expect(both.code).toBe(0);
    expect(kbOf(both.stdout)).toBe(root);
  });

  it('init creates a KB (exit 0), and refuses an existing one (exit 3)', async () => {
    const dir = path.join(fs.realpathSync(tempDir()), 'new-kb');
    const first = await runKb(['init', dir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`created knowledge base in ${dir}\n`);
    expect(fs.statSync(path.join(dir, '.kb')).isDirectory()).toBe(true);
    const again = await runKb(['init'], { cwd: dir });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(`${dir} is already a knowledge base`);
    expect(again.stderr).toMatch(/hint: /);
  });
});

describe('kb doctor (0 clean, 1 problems)', () => {
  it('exits 0 on a fresh KB', async () => {
    const root = newKb();
    const run = await runKb(['--kb', root, 'doctor', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, violations: [], repaired: [], hand_edits: { edited: [], notes: [], deleted: [], kept_copies: [] } });
  });

  it('exits 1 on a broken wikilink and lists it in --json', async () => {
    const root = newKb();
    const index = path.join(root, 'wiki', 'index.md');
    const lines = fs.readFileSync(index, 'utf8').split('\n');
    fs.writeFileSync(index, [...lines, 'see [[concepts/nowhere]]', ''].join('\n'));
    const run = await runKb(['--kb', root, 'doctor', '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.ok).toBe(false);
    expect(result.violations).toEqual([{ kind: 'broken-link', path: `wiki/index.md:${lines.length + 1}`, detail: expect.stringContaining('[[concepts/nowhere]]') }]);
    // Without --json: the same finding, for people.
    const text = await runKb(['--kb', root, 'doctor']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^broken-link +wiki\/index\.md:\d+ /m);
    expect(text.stdout).toContain('1 problem(s) found');
  });
});

describe('internal errors (exit 70)', () => {
  it('an unexpected exception exits 70, with the stack only under --debug', async () => {
    // An honest fault a reader can hit: recovery of an unreadable (empty) journal drops it,
    // and KB_TEST_CRASH_AT makes that step throw a plain Error, as a bug in kb would.
    // The throw comes after the journal file is gone, so it is planted before each run.
    const root = newKb();
    const env = { KB_TEST_CRASH_AT: 'journal-dropped@throw' };
    const plantEmpty = (): void => fs.writeFileSync(path.join(root, '.kb', 'journal', '000000001-1-00000000.json'), '');
    plantEmpty();
    const run = await runKb(['--kb', root, 'status', '--json'], { env });
    expect(run.code).toBe(70);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('kb: error: internal error: injected fault at journal-dropped');
    expect(run.stderr).toContain('  hint: this is a bug in kb; rerun with --debug');
    expect(run.stderr).not.toMatch(/^\s+at /m);

    plantEmpty();
    const debug = await runKb(['--kb', root, '--debug', 'status'], { env });
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/^\s+at .*rollback-journal/m);

    // Unarmed, the same KB is fine: the fault was the injected one, not the journal.
    plantEmpty();
    const clean = await runKb(['--kb', root, 'status', '--json']);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).pending_journals).toBe(0);
  });
});

describe('a journal that cannot be rolled back (exit 5)', () => {
  it('stops mutations with exit 5, lets readers go on with a warning, and repairs once fixed', async () => {
    const root = newKb();
    // The journal says wiki/concepts/x.md did not exist, so rollback must delete it; but a
    // non-empty folder now stands there, which recovery must not remove on its own.
    const journal = plantJournal(root, '000000001-1-deadbeef', [{ path: 'wiki/concepts/x.md', existed: false }]);
    const blocker = path.join(root, 'wiki', 'concepts', 'x.md');
    fs.mkdirSync(blocker);
    fs.writeFileSync(path.join(blocker, 'keep.txt'), 'a human should look at this');

    const repair = await runKb(['--kb', root, 'doctor', '--repair']);
    expect(repair.code).toBe(5);
    expect(repair.stdout).toBe('');
    expect(repair.stderr).toMatch(/kb: error: an interrupted change could not be rolled back .*000000001-1-deadbeef/);
    expect(repair.stderr).toMatch(/hint: .*`kb doctor --repair`/);
    // Never given up silently: the journal stays, with its failures counted, and the folder too.
    expect(fs.existsSync(journal)).toBe(true);
    expect(JSON.parse(fs.readFileSync(journal, 'utf8')).failedRollbacks).toBeGreaterThanOrEqual(1);
    expect(fs.readFileSync(path.join(blocker, 'keep.txt'), 'utf8')).toBe('a human should look at this');

    // A reader goes on: exit 0, a warning on stderr, and stdout still pure JSON.
    const status = await runKb(['--kb', root, 'status', '--json']);
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/could not be rolled back .*run `kb doctor --repair`/);
    const parsed = JSON.parse(status.stdout);
    expect(parsed.journals_needing_repair).toBeGreaterThanOrEqual(1);
    expect(parsed.pending_journals).toBe(1);
    const text = await runKb(['--kb', root, 'status']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/needs repair +1 journal\(s\): run `kb doctor --repair`/);

    // The user removes the folder; repair now rolls the journal back and all is clean.
    fs.rmSync(blocker, { recursive: true });
    const fixed = await runKb(['--kb', root, 'doctor', '--repair', '--json']);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ ok: true, violations: [] });
    expect(fs.existsSync(journal)).toBe(false);
    expect(fs.readdirSync(path.join(root, '.kb', 'journal'))).toEqual([]);
    const after = await runKb(['--kb', root, 'status', '--json']);
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout)).toMatchObject({ pending_journals: 0, journals_needing_repair: 0 });
  });
});

function ancestorsWithKb(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.kb'))) found.push(d);
    if (path.dirname(d) === d) return found;
  }
}
