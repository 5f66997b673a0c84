// Two real `kb add` processes on one KB, and `kb add` against a lock held by another
// process. The lock is taken per commit, so the two batches interleave; names reserved by
// both at plan time must still come out unique, each document consistent with its own name.
// Needs `npm run build` first.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeFile } from './support/add-corpus.js';
import { expectConsistent, newKb, parseNdjson, registry } from './support/kb-state.js';
import { holdLock, killChild, runKb, whenStderr, type KbRun } from './support/run-kb.js';
import type { ChildProcess } from 'node:child_process';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-add-conc-');

/**
 * Two folders whose files share stems (`shared-N`) and each also has its own: both batches
 * reserve `shared-N` when they plan, so the second to commit must pick another name.
 */
function writeTwoFolders(work: string, perFolder: number): void {
  for (const side of ['left', 'right']) {
    for (let i = 0; i < perFolder; i++) {
      writeFile(work, `${side}/shared-${i}.md`, `# ${side} shared ${i}\n\nWritten for the ${side} batch, file ${i}.\n`);
      writeFile(work, `${side}/${side}-only-${i}.txt`, `${side} only ${i}\nBody text for ${side} ${i}.\n`);
    }
  }
}

/** Both runs' outcomes: every file added, every doc name used once, the KB consistent. */
async function expectBothAdded(root: string, runs: KbRun[], perFolder: number): Promise<void> {
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
  const added = runs.flatMap((run) => parseNdjson(run.stdout).filter((o) => o.type === 'file'));
  expect(added).toHaveLength(4 * perFolder);
  for (const o of added) expect(o.status, JSON.stringify(o)).toBe('added');
  const docs = added.map((o) => String(o.doc));
  expect(new Set(docs).size, docs.join(' ')).toBe(docs.length);
  // Each shared stem went to both batches: one got the stem, the other the next free name.
  for (let i = 0; i < perFolder; i++) expect(docs.filter((d) => d === `shared-${i}` || d === `shared-${i}-2`).sort()).toEqual([`shared-${i}`, `shared-${i}-2`]);
  const rows = expectConsistent(root, 'after two adds');
  expect(rows.map((r) => r.name).sort()).toEqual([...docs].sort());
  // Each registry row points at the file that batch added under that name.
  for (const o of added) expect(rows.find((r) => r.name === o.doc)!.original_path.endsWith(String(o.path))).toBe(true);
  const doctor = await runKb(['--kb', root, 'doctor']);
  expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
}

describe('two kb add processes on different folders of one KB', () => {
  it('started together: both complete, every document registered once under a unique name', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    writeTwoFolders(work, 6);
    const runs = await Promise.all(['left', 'right'].map((side) => runKb(['--kb', root, '--json', 'add', side, '--jobs', '2'], { cwd: work })));
    await expectBothAdded(root, runs, 6);
  });

  it('both planned before either committed (lock held meanwhile): the later commit renames, and its pages follow', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    writeTwoFolders(work, 4);
    // While another process holds the exclusive lock, each add hashes its files and then
    // waits for the shared lock it plans under; released, both plan against the same empty
    // registry and both reserve `shared-0` … — the race, made certain.
    const holder = await holdLock(root, 'exclusive', -1);
    const children: ChildProcess[] = [];
    const waiting: Promise<void>[] = [];
    const runs = ['left', 'right'].map((side) =>
      runKb(['--kb', root, '--json', 'add', side, '--jobs', '2'], {
        cwd: work,
        onSpawn: (child) => {
          children.push(child);
          waiting.push(whenStderr(child, /waiting for lock held by pid \d+ \(kb test-hold\)/));
        },
      }),
    );
    await Promise.all(waiting);
    for (const child of children) expect(child.exitCode, 'an add gave up instead of waiting').toBeNull();
    holder.child.kill('SIGUSR1');
    expect((await holder.exited).code).toBe(0);
    await expectBothAdded(root, await Promise.all(runs), 4);
  });
});

describe('kb add while another process holds the lock', () => {
  it('waits for the exclusive lock, says for whom, then completes once it is released', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    writeFile(work, 'in/a.md', '# A\n');
    writeFile(work, 'in/b.md', '# B\n');
    // Held until released by hand, so the add is certain to find it taken however slow the
    // machine (a fixed hold time raced the add's start-up on a loaded machine).
    const holder = await holdLock(root, 'exclusive', -1);
    try {
      let child: ChildProcess | undefined;
      let waiting: Promise<void> = Promise.resolve();
      const running = runKb(['--kb', root, 'add', 'in'], {
        cwd: work,
        onSpawn: (spawned) => {
          child = spawned;
          waiting = whenStderr(spawned, /waiting for lock held by pid \d+ \(kb test-hold\)/);
        },
      });
      await waiting;
      expect(child?.exitCode, 'the add gave up instead of waiting').toBeNull();
      expect(registry(root)).toEqual([]);
      holder.child.kill('SIGUSR1');
      expect((await holder.exited).code).toBe(0);
      const run = await running;
      expect(run.code, run.stderr).toBe(0);
      // The waiting notice went to stderr; stdout has results only.
      expect(run.stdout).toBe('added   in/a.md → a\nadded   in/b.md → b\n');
      expect(expectConsistent(root, 'after waiting add').map((r) => r.name)).toEqual(['a', 'b']);
    } finally {
      await killChild(holder);
    }
  });
});
