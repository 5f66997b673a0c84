import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRow } from '../src/model/registry.js';
import { childEnv, runKb } from './support/run-kb.js';
import { snapshotTree } from './support/temp-kb.js';

/**
 * Random SIGKILLs against a process that commits changesets back to back (the `loop` mode of
 * test/support/apply-child.mjs). Where the crash matrix kills at each named step, this kills
 * wherever the clock says — inside fsyncs, between a rename and its directory fsync, inside
 * SQLite's commit — and checks after every kill that recovery leaves exactly one whole
 * generation: every file, the registry and the commit log agree, and nothing is left over.
 *
 * Needs `npm run build` first. Recovery runs in this process, from dist/ like the child, so
 * the code that rolls a journal back is the same build that wrote it.
 */

const KILLS = Number(process.env.KB_SOAK_KILLS ?? 100);
/** Kills land 0–40 ms after the child starts committing; one generation takes ~40 ms here. */
const MAX_DELAY_MS = 40;
/**
 * Every tenth kill waits up to 400 ms instead: the child gets past its first commit into its
 * steady loop, and generations advance even on a loaded machine where 40 ms is not one commit.
 */
const LONG_EVERY = 10;
const LONG_MAX_DELAY_MS = 400;
/** Below this share of kills needing a rollback or discard, the soak is not testing recovery. */
const MIN_INTERRUPTED_SHARE = 0.1;

const CHILD = fileURLToPath(new URL('./support/apply-child.mjs', import.meta.url));
const dist = (rel: string): string => new URL(`../dist/src/${rel}`, import.meta.url).href;

// Typed from the sources, loaded from the build the child runs.
type Modules = {
  recover: typeof import('../src/commit/recover-journals.js');
  sweep: typeof import('../src/commit/sweep-orphans.js');
  lock: typeof import('../src/core/file-lock.js');
  paths: typeof import('../src/core/kb-paths.js');
  logger: typeof import('../src/core/logger.js');
  store: typeof import('../src/store/store.js');
};
let m: Modules;

let root: string;
/** raw/ and wiki/ right after init: generation 0, before the first commit. */
let initTree: Record<string, string>;

beforeAll(async () => {
  m = {
    recover: (await import(dist('commit/recover-journals.js'))) as Modules['recover'],
    sweep: (await import(dist('commit/sweep-orphans.js'))) as Modules['sweep'],
    lock: (await import(dist('core/file-lock.js'))) as Modules['lock'],
    paths: (await import(dist('core/kb-paths.js'))) as Modules['paths'],
    logger: (await import(dist('core/logger.js'))) as Modules['logger'],
    store: (await import(dist('store/store.js'))) as Modules['store'],
  };
  root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-soak-')), 'kb');
  const init = await runKb(['init', root]);
  expect(init.code, init.stderr).toBe(0);
  initTree = snapshotTree(root);
});

afterAll(() => {
  if (root) fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

/**
 * The oracle: what raw/ and wiki/ hold once generation `gen` is committed. Mirrors the
 * child's changeset on purpose (written twice, so a bug in one does not hide in the other).
 */
function expectedTree(gen: number): Record<string, string> {
  if (gen === 0) return initTree;
  const parity = gen % 2 === 0 ? 'even' : 'odd';
  const files = [
    'raw/soak.txt',
    'wiki/sources/soak.md',
    'wiki/summaries/soak.md',
    ...[0, 1, 2, 3, 4].map((i) => `wiki/concepts/c${i}.md`),
    'wiki/index.md',
    `wiki/entities/${parity}-0.md`,
    `wiki/entities/${parity}-1.md`,
  ];
  const tree = { ...initTree };
  for (const rel of files) tree[rel] = Buffer.from(contentOf(gen, rel)).toString('base64');
  return tree;
}

function contentOf(gen: number, rel: string): string {
  return `gen ${gen} file ${rel}\n`;
}

/** Generation named by each file, for a readable failure instead of a wall of base64. */
function generationsOnDisk(tree: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rel, b64] of Object.entries(tree)) {
    if (tree[rel] !== initTree[rel]) out[rel] = Buffer.from(b64, 'base64').toString('utf8').split(' file ')[0] ?? '';
  }
  return out;
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;
type Exit = { code: number | null; signal: NodeJS.Signals | null };

interface BootedChild {
  child: Child;
  exited: Promise<Exit>;
  /** Tells the child to go; resolves once it printed `ready` (it is about to commit). */
  start(): Promise<void>;
}

/**
 * Spawns a loop child that loads its modules and then waits for `go` on stdin. Loading is
 * most of a child's start-up (~250 ms), so the soak boots the next child ahead of time.
 */
function bootLoop(): BootedChild {
  const child = spawn(process.execPath, [CHILD, root, 'loop'], { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdin.on('error', () => undefined); // a child that died early must not crash the worker
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (stdout.includes('ready\n')) resolve();
      };
      child.stdout.on('data', check);
      void exited.then(({ code, signal }) => reject(new Error(`loop child exited before ready (code ${code}, signal ${signal}):\n${stderr}`)));
      child.stdin.write('go\n');
      check();
    });
  return { child, exited, start };
}

/** What recovery found after a kill; the first three are kills inside a changeset. */
type Outcome = 'rolled back' | 'discarded' | 'orphan backups' | 'staging only' | 'clean';

/**
 * What the next command would do first, done here: take the exclusive lock, recover journals,
 * sweep what the dead child left. Called directly (not through withKbLock, whose per-process
 * bookkeeping would hide the report) — the lock is what makes this safe.
 */
async function recover(): Promise<Outcome> {
  const paths = m.paths.kbPaths(root);
  const lock = await m.lock.acquireFileLock(paths.lock, 'exclusive', { waitMs: 10_000 });
  const store = m.store.Store.open(paths.db);
  try {
    const report = m.recover.recoverJournals({ paths, store, logger: m.logger.silentLogger() }, { retryDelayMs: 0 });
    const swept = m.sweep.sweepOrphans(paths);
    expect(report.failed, 'no rollback may fail').toEqual([]);
    // Journals are written atomically, so recovery must never meet a torn one.
    expect(report.malformed, 'no journal may be torn').toEqual([]);
    expect(report.rolledBack.length + report.discarded.length, 'one writer, so at most one journal').toBeLessThanOrEqual(1);
    if (report.rolledBack.length > 0) return 'rolled back';
    if (report.discarded.length > 0) return 'discarded';
    // Backups without a journal: killed while making them, or after the journal was dropped.
    if (swept.some((p) => p.startsWith('.kb/backup/'))) return 'orphan backups';
    return swept.length > 0 ? 'staging only' : 'clean';
  } finally {
    store.close();
    lock.release();
  }
}

/** Asserts the KB holds one whole generation and nothing else; returns that generation. */
function checkConsistent(previous: number, kill: number): number {
  const db = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true, fileMustExist: true });
  let docs: DocumentRow[];
  let commits: number;
  try {
    docs = db.prepare('SELECT * FROM documents ORDER BY name').all() as DocumentRow[];
    commits = (db.prepare('SELECT count(*) AS n FROM commits').get() as { n: number }).n;
  } finally {
    db.close();
  }
  const where = `after kill ${kill}`;
  expect(docs.length, where).toBeLessThanOrEqual(1);
  const gen = docs[0] ? Number(docs[0].title.replace('gen ', '')) : 0;
  expect(Number.isInteger(gen), `${where}: registry title ${docs[0]?.title}`).toBe(true);
  // Generations never go back: a committed one survives every later kill.
  expect(gen, `${where}: generation went backwards`).toBeGreaterThanOrEqual(previous);
  // Each generation commits exactly once (a rolled-back one is retried under the same number).
  expect(commits, `${where}: commit records`).toBe(gen);
  if (docs[0]) {
    expect(docs[0].hash, `${where}: registry hash`).toBe(createHash('sha256').update(contentOf(gen, 'raw/soak.txt')).digest('hex'));
  }

  const tree = snapshotTree(root);
  const want = expectedTree(gen);
  if (JSON.stringify(tree) !== JSON.stringify(want)) {
    // Sorted-key comparison first, a readable diagnosis second.
    expect({ registry: gen, files: generationsOnDisk(tree) }, where).toEqual({ registry: gen, files: generationsOnDisk(want) });
    expect(tree, where).toEqual(want);
  }
  for (const sub of ['journal', 'backup', 'staging', 'lock-holders']) {
    expect(fs.readdirSync(path.join(root, '.kb', sub)), `${where}: .kb/${sub}`).toEqual([]);
  }
  return gen;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kills come in batches, one test each: vitest's worker reports to its runner over an RPC
 * with a fixed 60 s timeout, and a single test running for minutes trips it.
 */
const KILLS_PER_TEST = 25;

describe('SIGKILL soak', () => {
  const counts: Record<Outcome, number> = { 'rolled back': 0, discarded: 0, 'orphan backups': 0, 'staging only': 0, clean: 0 };
  let gen = 0;
  let kills = 0;
  let started = 0;
  let next: BootedChild | undefined;

  afterAll(async () => {
    // The successor of the last kill never got `go`.
    next?.child.kill('SIGKILL');
    await next?.exited;
  });

  for (let batch = 0; batch < Math.ceil(KILLS / KILLS_PER_TEST); batch++) {
    const inBatch = Math.min(KILLS_PER_TEST, KILLS - batch * KILLS_PER_TEST);
    it(`kills ${batch * KILLS_PER_TEST + 1}–${batch * KILLS_PER_TEST + inBatch} of a committing process: one whole generation after each`, async () => {
      started ||= Date.now();
      next ??= bootLoop();
      let current: BootedChild | undefined;
      try {
        for (let k = 0; k < inBatch; k++) {
          const kill = ++kills;
          current = next;
          await current.start();
          await sleep(Math.random() * (kill % LONG_EVERY === 0 ? LONG_MAX_DELAY_MS : MAX_DELAY_MS));
          current.child.kill('SIGKILL');
          // The successor boots while this one is recovered, never while it commits: on two
          // cores a booting child would slow the commit and push every kill into its first steps.
          next = bootLoop();
          // Anything but our SIGKILL means the child failed on its own: that is a bug, not a kill.
          expect(await current.exited, `kill ${kill}`).toEqual({ code: null, signal: 'SIGKILL' });
          current = undefined;

          counts[await recover()]++;
          gen = checkConsistent(gen, kill);
        }
      } finally {
        // On failure the current child may still run.
        current?.child.kill('SIGKILL');
        await current?.exited;
      }
    });
  }

  it(`after ${KILLS} kills: enough of them landed inside commits, and kb doctor is clean`, async () => {
    const interrupted = counts['rolled back'] + counts.discarded;
    console.log(
      `sigkill soak: ${kills} kills in ${((Date.now() - started) / 1000).toFixed(1)} s, final generation ${gen}; ` +
        Object.entries(counts).map(([outcome, n]) => `${outcome} ${n}`).join(', '),
    );
    expect(kills).toBe(KILLS);
    // Shares mean nothing for a handful of kills (KB_SOAK_KILLS=5 is for trying the test out).
    if (KILLS >= 50) {
      expect(gen, 'the child never committed: the kills came too early to test anything').toBeGreaterThan(0);
      expect(interrupted / KILLS, 'too few kills landed inside a commit').toBeGreaterThanOrEqual(MIN_INTERRUPTED_SHARE);
    }
    // And the real CLI agrees: nothing to recover, nothing wrong.
    const doctor = await runKb(['doctor', '--kb', root]);
    expect(doctor.code, `${doctor.stdout}\n${doctor.stderr}`).toBe(0);
  });
});
