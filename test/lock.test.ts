// The cross-process KB lock, tested the only way that means anything: real processes
// (test/support/lock-child.mjs and the built `kb` binary) contending for a real .kb/lock.
// Needs `npm run build` first.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initKb } from '../src/commands/init.js';
import { useTempDirs } from './support/temp-dirs.js';
import { holdLock, killChild, runKb, spawnLockChild, whenStderr, type LockChild } from './support/run-kb.js';

const tempDir = useTempDirs('kb-lock-');
// Registered after useTempDirs: after-hooks run in reverse, so children die before their
// KB is deleted under them.
const children: LockChild[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => killChild(c)));
});

function newKb(): string {
  const root = path.join(tempDir(), 'kb');
  initKb(root, new Date('2026-01-02T03:04:05Z'));
  return root;
}

async function hold(root: string, kind: 'shared' | 'exclusive', ms: number, env: Record<string, string> = {}): Promise<LockChild> {
  const child = await holdLock(root, kind, ms, env);
  children.push(child);
  return child;
}

const WAITING = /waiting for lock held by pid (\d+) \(([^)]*)\)/g;

describe('a dead holder', () => {
  it('leaves no stale lock: after SIGKILL the next command gets the lock within 1 s', async () => {
    const root = newKb();
    const holder = await hold(root, 'exclusive', -1);
    // First prove the lock is really held, so the exit 0 below means "released by the
    // kernel", not "never taken".
    const blocked = await runKb(['--kb', root, 'status', '--wait', '0']);
    expect(blocked.code).toBe(4);

    holder.child.kill('SIGKILL');
    const { signal } = await holder.exited;
    expect(signal).toBe('SIGKILL');
    // The dead holder's note in .kb/lock-holders is still there; it must not matter.
    expect(fs.readdirSync(path.join(root, '.kb', 'lock-holders'))).toContain(`${holder.pid}.json`);

    // --wait 1: a stale lock would make this exit 4 after one second.
    const after = await runKb(['--kb', root, 'status', '--wait', '1', '--json']);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).pending_journals).toBe(0);
  });
});

describe('exclusive lock', () => {
  it('keeps two processes doing 50 read-modify-writes each from ever overlapping', async () => {
    const root = newKb();
    // Both wait at a starting line (peers = 2) so their loops really run at the same time.
    const a = spawnLockChild(root, ['increment', '50', '2']);
    const b = spawnLockChild(root, ['increment', '50', '2']);
    children.push(a, b);
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    // Exit 1 = a child saw the other's `inside` marker; 2 = it crashed.
    expect({ code: ra.code, stderr: ra.stderr.replace(/^kb: waiting.*\n/gm, '') }).toEqual({ code: 0, stderr: '' });
    expect({ code: rb.code, stderr: rb.stderr.replace(/^kb: waiting.*\n/gm, '') }).toEqual({ code: 0, stderr: '' });
    // A lost update (two read the same value) would leave less than 100.
    expect(fs.readFileSync(path.join(root, 'counter'), 'utf8')).toBe('100');
    expect(fs.existsSync(path.join(root, 'inside'))).toBe(false);
    // They did contend: at least one of them had to wait for the other at some point.
    expect(ra.stderr + rb.stderr).toMatch(/waiting for/);
  });
});

describe('shared lock', () => {
  it('lets two readers hold it at the same time', async () => {
    const root = newKb();
    // Each one waits, holding its shared lock, for the other to announce it holds one too.
    // Were shared taken as exclusive (or a reader's start-up needed exclusive while the other
    // reads), the second would only get in after the first gave up: exit 1.
    const a = spawnLockChild(root, ['shared-rendezvous', 'a', 'b']);
    const b = spawnLockChild(root, ['shared-rendezvous', 'b', 'a']);
    children.push(a, b);
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    expect(ra).toMatchObject({ code: 0, stderr: '' });
    expect(rb).toMatchObject({ code: 0, stderr: '' });
  });

  it('lets `kb status` read while another process holds a shared lock', async () => {
    const root = newKb();
    await hold(root, 'shared', -1);
    const status = await runKb(['--kb', root, 'status', '--wait', '0']);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
  });

  it('keeps a writer out while a reader holds it', async () => {
    const root = newKb();
    await hold(root, 'shared', -1);
    // doctor --repair takes the exclusive lock.
    const repair = await runKb(['--kb', root, 'doctor', '--repair', '--wait', '0']);
    expect(repair.code).toBe(4);
  });
});

describe('waiting for the lock', () => {
  it('says once who holds it, then exits 4 when --wait runs out', async () => {
    const root = newKb();
    const holder = await hold(root, 'exclusive', -1, { LOCK_CHILD_COMMAND: 'kb add' });
    const run = await runKb(['--kb', root, 'status', '--wait', '0.5']);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    const waits = [...run.stderr.matchAll(WAITING)];
    expect(waits.map((m) => [Number(m[1]), m[2]])).toEqual([[holder.pid, 'kb add']]);
    expect(run.stderr).toMatch(/timed out after 0\.5 s/);
    expect(run.stderr).toMatch(/hint: .*--wait/);
    // It really waited the half second (plus node's start-up), and not much longer.
    expect(run.ms).toBeGreaterThanOrEqual(500);
    expect(run.ms).toBeLessThan(10_000);
  });

  it('gives up at once with --wait 0', async () => {
    const root = newKb();
    // Tell the config to wait long, so only the flag can explain a quick exit.
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), 'lock:\n  wait_s: 60\n');
    await hold(root, 'exclusive', -1);
    const run = await runKb(['--kb', root, 'status', '--wait', '0']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/timed out after 0\.0 s/);
    // Only node's start-up: far from the 60 s of the config.
    expect(run.ms).toBeLessThan(5_000);
  });

  it('gets the lock as soon as the holder lets go', async () => {
    const root = newKb();
    const holder = await hold(root, 'exclusive', -1);
    // Released (SIGUSR1) only once kb says it is waiting: no race with node's start-up.
    let releasedAt = 0;
    const run = await runKb(['--kb', root, 'status', '--wait', '30'], {
      onSpawn: (child) =>
        void whenStderr(child, /waiting for lock held by pid \d+ \(kb test-hold\)/).then(() => {
          releasedAt = Date.now();
          holder.child.kill('SIGUSR1');
        }),
    });
    expect(releasedAt).toBeGreaterThan(0);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^knowledge base/);
    expect((await holder.exited).code).toBe(0);
    // Polling picks the release up at once, not at the end of the 30 s --wait.
    expect(Date.now() - releasedAt).toBeLessThan(5_000);
  });

  it('exits 130 on Ctrl-C (SIGINT) while waiting', async () => {
    const root = newKb();
    await hold(root, 'exclusive', -1);
    let sentAt = 0;
    // Interrupt only once it is in the wait loop: earlier, node's default SIGINT handling
    // (death by signal) would be tested instead of kb's.
    const run = await runKb(['--kb', root, 'status', '--wait', '30'], {
      onSpawn: (child) =>
        void whenStderr(child, /waiting for lock held by/).then(() => {
          sentAt = Date.now();
          child.kill('SIGINT');
        }),
    });
    expect(sentAt).toBeGreaterThan(0);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/interrupted while waiting/);
    // Well before the 30 s --wait: the wait noticed the signal.
    expect(Date.now() - sentAt).toBeLessThan(3_000);
  });
});
