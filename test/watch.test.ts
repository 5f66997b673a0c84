// `kb watch` as a user runs it: the built binary in a real child process, files dropped into
// the folder from this test, the KB read back with `kb list --json` once the watcher has
// printed its line (each `kb list` is a node start, too dear to spawn in a tight loop on two
// busy cores). Deadlines, never fixed sleeps: the test polls until what it waits for is
// there. Needs `npm run build`.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { writeManySmall } from './support/add-corpus.js';
import { expectConsistent, newKb, parseNdjson, sha256 } from './support/kb-state.js';
import { childEnv, holdLock, KB_BIN, killChild, runKb, whenStderr } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-watch-');

/** Short settle times keep the test fast; the slow copy below pauses for well under STABLE_MS. */
const STABLE_MS = 1500;
const WATCH_CONFIG = `watch:\n  debounce_ms: 100\n  stable_ms: ${STABLE_MS}\n  poll_ms: 400\n`;
/** Generous: two cores shared with other test files. */
const DEADLINE_MS = 25_000;

interface Watcher {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Watcher[] = [];
afterEach(async () => {
  for (const w of running.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await w.exited;
  }
});

/** Starts `kb watch` and resolves once it says it is watching. */
async function startWatch(args: readonly string[], cwd: string): Promise<Watcher> {
  const child = spawn(process.execPath, [KB_BIN, ...args], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const watcher = { child, stdout: () => stdout, stderr: () => stderr, exited };
  running.push(watcher);
  await Promise.race([
    whenStderr(child, /Ctrl-C to stop/),
    exited.then(({ code }) => {
      throw new Error(`kb watch exited (${code}) before watching: ${stderr}`);
    }),
  ]);
  return watcher;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

async function listDocs(root: string): Promise<Map<string, { hash: string }>> {
  const run = await runKb(['--kb', root, 'list', '--json']);
  expect(run.code, run.stderr).toBe(0);
  return new Map((JSON.parse(run.stdout) as { doc: string; hash: string }[]).map((d) => [d.doc, d]));
}

/** Writes `parts` one after another with a pause between them, like a slow copy. */
async function copySlowly(file: string, parts: readonly string[], pauseMs: number): Promise<void> {
  fs.writeFileSync(file, '');
  for (const part of parts) {
    fs.appendFileSync(file, part);
    await sleep(pauseMs);
  }
}

function kbWithConfig(work: string, config = WATCH_CONFIG): string {
  const root = newKb(work);
  fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), config);
  return root;
}

describe('kb watch', () => {
  it('registers files dropped into the inbox, a slowly copied one once and complete; an edit updates its document; Ctrl-C when idle exits 130', async () => {
    const work = fs.realpathSync(tempDir());
    const root = kbWithConfig(work);
    const inbox = path.join(root, 'inbox');
    expect(fs.existsSync(inbox)).toBe(false);
    const watch = await startWatch(['--kb', root, 'watch'], work);
    expect(watch.stderr()).toContain('watching kb/inbox (new folder) — Ctrl-C to stop');
    expect(fs.statSync(inbox).isDirectory()).toBe(true);

    fs.writeFileSync(path.join(inbox, 'alpha.md'), '# Alpha\n\nNotes about sailing boats and harbours.\n');
    fs.writeFileSync(path.join(inbox, 'beta.txt'), 'Beta: a memo on bread baking and sourdough starters.\n');
    fs.writeFileSync(path.join(inbox, 'gamma.md.part'), '# Partial download\n');
    fs.writeFileSync(path.join(inbox, '.hidden.md'), '# Hidden\n');
    // Each part alone is a valid document: were the watcher to take the file mid-copy, the
    // add would succeed with the wrong bytes (and the final bytes would be a second add).
    const parts = Array.from({ length: 6 }, (_, i) => `## Part ${i + 1}\n\nChapter ${i + 1} of the slow copy, about lighthouses.\n\n`);
    await copySlowly(path.join(inbox, 'slow.md'), parts, 350);
    const slowBytes = fs.readFileSync(path.join(inbox, 'slow.md'));

    const docs = await waitFor('alpha, beta and slow in kb list', async () => {
      if (!['alpha.md', 'beta.txt', 'slow.md'].every((f) => watch.stdout().includes(f))) return undefined;
      const listed = await listDocs(root);
      return ['alpha', 'beta', 'slow'].every((d) => listed.has(d)) ? listed : undefined;
    });
    expect(docs.get('slow')?.hash).toBe(sha256(slowBytes));
    expect([...docs.keys()].sort()).toEqual(['alpha', 'beta', 'slow']);

    const edited = '# Alpha\n\nNotes about sailing boats, harbours and tides.\n';
    fs.writeFileSync(path.join(inbox, 'alpha.md'), edited);
    await waitFor('the replace line', () => (watch.stdout().includes('(replaced the previous version)') ? true : undefined));
    expect((await listDocs(root)).get('alpha')?.hash).toBe(sha256(edited));

    watch.child.kill('SIGINT');
    const { code, signal } = await watch.exited;
    expect({ code, signal }, watch.stderr()).toEqual({ code: 130, signal: null });
    expect(watch.stderr()).toMatch(/^stopped watching: 4 added, 0 skipped, 0 failed in \d+ batch\(es\)$/m);
    const lines = watch.stdout().trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('slow.md'))).toEqual(['added   kb/inbox/slow.md → slow']);
    expect(lines.filter((l) => l.includes('alpha.md'))).toEqual(['added   kb/inbox/alpha.md → alpha', 'added   kb/inbox/alpha.md → alpha (replaced the previous version)']);
    expect(lines.filter((l) => l.includes('beta.txt'))).toEqual(['added   kb/inbox/beta.txt → beta']);
    expect(lines).toHaveLength(4);
    // Watch reads the folder, never changes it.
    expect(fs.readdirSync(inbox).sort()).toEqual(['.hidden.md', 'alpha.md', 'beta.txt', 'gamma.md.part', 'slow.md']);
    expectConsistent(root, 'after kb watch');
  });

  it('Ctrl-C during an add (a custom folder, --json): exit 130, the commit in flight finished, no journal or staging, doctor clean', async () => {
    const work = fs.realpathSync(tempDir());
    const root = kbWithConfig(work, 'watch:\n  debounce_ms: 50\n  stable_ms: 200\n  poll_ms: 200\n');
    const files = writeManySmall(path.join(work, 'drop'), 40);
    const watch = await startWatch(['--kb', root, '--json', 'watch', 'drop'], work);
    expect(watch.stderr()).toContain('watching drop — Ctrl-C to stop');
    await waitFor('the first file line', () => (watch.stdout().includes('\n') ? true : undefined));
    watch.child.kill('SIGINT');
    const { code } = await watch.exited;
    expect(code, watch.stderr()).toBe(130);

    const objects = parseNdjson(watch.stdout());
    const added = objects.filter((o) => o.type === 'file' && o.status === 'added');
    expect(added.length).toBeGreaterThan(0);
    expect(added.length, 'stopped mid-batch').toBeLessThan(files.length);
    expect(objects.every((o) => o.type === 'summary' || (o.type === 'file' && o.status === 'added')), watch.stdout()).toBe(true);
    expect(added[0]).toEqual({ type: 'file', path: 'drop/doc-0000.md', doc: 'doc-0000', status: 'added', reason: null });
    expect(objects.at(-1)).toMatchObject({ type: 'summary', added: added.length, skipped: 0, failed: 0 });

    const rows = expectConsistent(root, 'after SIGINT');
    expect(rows.map((r) => r.name)).toEqual(added.map((o) => o.doc));
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });

  it('outlives a lock wait that timed out (the files are tried again), and SIGTERM stops it like Ctrl-C', async () => {
    const work = fs.realpathSync(tempDir());
    const root = kbWithConfig(work);
    fs.mkdirSync(path.join(work, 'drop'));
    fs.writeFileSync(path.join(work, 'drop', 'memo.md'), '# Memo\n\nAbout the lock.\n');
    const holder = await holdLock(root, 'exclusive', -1);
    try {
      const watch = await startWatch(['--kb', root, '--wait', '0.2', 'watch', 'drop'], work);
      await waitFor('a lock timeout', () => (watch.stderr().includes('1 file(s) will be tried again') ? true : undefined));
      expect(watch.child.exitCode).toBeNull();
      await killChild(holder);
      await waitFor('memo added', () => (watch.stdout().includes('memo.md') ? true : undefined));
      expect((await listDocs(root)).has('memo')).toBe(true);
      watch.child.kill('SIGTERM');
      expect((await watch.exited).code, watch.stderr()).toBe(130);
      expect(watch.stdout()).toBe('added   drop/memo.md → memo\n');
      expect(watch.stderr()).toContain('stopped watching: 1 added, 0 skipped, 0 failed in 1 batch(es)');
      expectConsistent(root, 'after SIGTERM');
    } finally {
      await killChild(holder);
    }
  });

  it('refuses a folder that does not exist or belongs to the KB (exit 2), and a bad watch: config (exit 3)', async () => {
    const work = fs.realpathSync(tempDir());
    const root = kbWithConfig(work);
    const missing = await runKb(['--kb', root, 'watch', 'nowhere'], { cwd: work });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('kb: error: cannot watch nowhere: no such folder');
    const own = await runKb(['--kb', root, 'watch', 'kb/wiki/sources'], { cwd: work });
    expect(own.code).toBe(2);
    expect(own.stderr).toContain("inside the knowledge base's own wiki/");

    const bad = kbWithConfig(path.join(work, 'bad'), 'watch:\n  debounce_ms: -5\n  stabel_ms: 10\n');
    const invalid = await runKb(['--kb', bad, 'watch'], { cwd: work });
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toMatch(/watch\.debounce_ms: .*greater than or equal to 0/);
    expect(invalid.stderr).toContain('watch.stabel_ms: unknown key');
    expect(fs.existsSync(path.join(bad, 'inbox')), 'nothing created with a bad config').toBe(false);

    const inWiki = kbWithConfig(path.join(work, 'in-wiki'), 'watch:\n  inbox: wiki/drop\n');
    const refused = await runKb(['--kb', inWiki, 'watch'], { cwd: work });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/cannot watch watch\.inbox folder .*: it is inside the knowledge base's own wiki\//);
    expect(fs.existsSync(path.join(inWiki, 'wiki', 'drop')), 'no folder made in wiki/').toBe(false);
  });
});
