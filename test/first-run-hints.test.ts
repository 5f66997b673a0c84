// The first run teaches (issue 23, item 4): `kb init` ends with the next command to run, and
// the first `kb add` that puts documents in an empty knowledge base says where the wiki is and
// how to open it. Both are notes for a person, so they go to stderr, after the lines that were
// there before (unchanged), and never under --quiet or --json; the commands they name must find
// the knowledge base from where the user is, so a folder other than the working one is named
// with --kb. The built binary, as a user runs it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-first-run-');
const OPEN_WIKI = 'as an Obsidian vault, or try';

/** A work folder holding in/a.md and in/b.md, and `kb init` already run in <work>/<kb>. */
async function workWithKb(kb: string): Promise<{ work: string; root: string }> {
  const work = fs.realpathSync(tempDir());
  fs.mkdirSync(path.join(work, 'in'));
  fs.writeFileSync(path.join(work, 'in', 'a.md'), '# Alpha\n\nAlpha text about lighthouses.\n');
  fs.writeFileSync(path.join(work, 'in', 'b.md'), '# Beta\n\nBeta text about harbours.\n');
  const init = await runKb(['--quiet', 'init', kb], { cwd: work });
  expect(init.code, init.stderr).toBe(0);
  return { work, root: path.join(work, kb) };
}

describe('after kb init', () => {
  it('names the next step on stderr, with --kb when the new folder is not found from here', async () => {
    const work = fs.realpathSync(tempDir());
    fs.mkdirSync(path.join(work, 'here'));
    const [here, there, spaced] = await Promise.all([
      runKb(['init'], { cwd: path.join(work, 'here') }),
      runKb(['init', 'notes-kb'], { cwd: work }),
      runKb(['init', 'my notes'], { cwd: work }),
    ]);
    expect(here).toMatchObject({ code: 0, stdout: `created knowledge base in ${path.join(work, 'here')}\n`, stderr: 'next: kb add <folder>\n' });
    expect(there).toMatchObject({ code: 0, stdout: `created knowledge base in ${path.join(work, 'notes-kb')}\n`, stderr: 'next: kb --kb notes-kb add <folder>\n' });
    expect(spaced.stderr).toBe("next: kb --kb 'my notes' add <folder>\n");
  });

  it('needs no --kb when $KB_DIR names the new folder, and needs it when $KB_DIR names another', async () => {
    const work = fs.realpathSync(tempDir());
    const [byEnv, overridden] = await Promise.all([runKb(['init'], { cwd: work, env: { KB_DIR: 'env-kb' } }), runKb(['init', 'other'], { cwd: work, env: { KB_DIR: 'env-kb' } })]);
    expect(byEnv.stderr).toBe('next: kb add <folder>\n');
    expect(overridden.stderr).toBe('next: kb --kb other add <folder>\n');
  });

  it('prints nothing more under --quiet or --json', async () => {
    const work = fs.realpathSync(tempDir());
    const [quiet, json] = await Promise.all([runKb(['--quiet', 'init', 'q'], { cwd: work }), runKb(['--json', 'init', 'j'], { cwd: work })]);
    expect(quiet).toMatchObject({ code: 0, stdout: `created knowledge base in ${path.join(work, 'q')}\n`, stderr: '' });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ root: path.join(work, 'j') });
    expect(json.stderr).toBe('');
  });
});

describe('after the first kb add', () => {
  it('says where the wiki is and how to open it, once: not on a second add', async () => {
    // Run from inside the knowledge base, where a bare `kb` finds it.
    const { work, root } = await workWithKb('kb');
    fs.cpSync(path.join(work, 'in'), path.join(root, 'in'), { recursive: true });
    const first = await runKb(['add', 'in/a.md'], { cwd: root });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('added   in/a.md → a\n');
    const lines = first.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^1 added, 0 skipped, 0 failed in \d+\.\d s$/);
    expect(lines[1]).toBe('next: open the folder wiki/ as an Obsidian vault, or try kb search <words> or kb query <question>');

    const second = await runKb(['add', 'in'], { cwd: root });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('added   in/b.md → b');
    expect(second.stderr).not.toContain(OPEN_WIKI);
  });

  it('names the knowledge base with --kb when it was given so', async () => {
    const { work } = await workWithKb('notes-kb');
    const first = await runKb(['--kb', 'notes-kb', 'add', 'in'], { cwd: work });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('next: open the folder notes-kb/wiki/ as an Obsidian vault, or try kb --kb notes-kb search <words> or kb --kb notes-kb query <question>\n');
  });

  it('waits for an add that adds something: a batch of failures leaves the KB empty', async () => {
    const { work } = await workWithKb('kb');
    fs.writeFileSync(path.join(work, 'in', 'empty.md'), '');
    const failed = await runKb(['--kb', 'kb', 'add', 'in/empty.md'], { cwd: work });
    expect(failed.code).toBe(1);
    expect(failed.stderr).not.toContain(OPEN_WIKI);
    const added = await runKb(['--kb', 'kb', 'add', 'in/a.md'], { cwd: work });
    expect(added.stderr).toContain(OPEN_WIKI);
  });

  it('prints nothing more under --quiet or --json, and the --json lines keep their shape', async () => {
    const [quietKb, jsonKb] = await Promise.all([workWithKb('kb'), workWithKb('kb')]);
    const quiet = await runKb(['--kb', 'kb', '--quiet', 'add', 'in'], { cwd: quietKb.work });
    expect(quiet).toMatchObject({ code: 0, stdout: 'added   in/a.md → a\nadded   in/b.md → b\n', stderr: '' });

    const json = await runKb(['--kb', 'kb', '--json', 'add', 'in'], { cwd: jsonKb.work });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toBe('');
    const lines = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => Object.keys(l))).toEqual([
      ['type', 'path', 'doc', 'status', 'reason'],
      ['type', 'path', 'doc', 'status', 'reason'],
      ['type', 'added', 'skipped', 'failed', 'ms', 'incomplete', 'offline'],
    ]);
  });
});
