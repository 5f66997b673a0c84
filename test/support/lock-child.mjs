// A child process for the lock tests: takes the real KB lock with the built code (dist/),
// so a test can make two real processes contend for it, or SIGKILL a holder.
//
//   node lock-child.mjs <kb-root> hold <shared|exclusive> <ms>   hold the lock ms (<0: forever);
//                                                                SIGUSR1 releases it and exits 0
//   node lock-child.mjs <kb-root> increment <n> [peers]          n exclusive read-modify-writes,
//                                                                after all `peers` children started
//   node lock-child.mjs <kb-root> shared-rendezvous <name> <peer>
//
// Plain ESM on purpose: it runs under bare `node`, exactly like the `kb` binary would.
// Env: LOCK_CHILD_COMMAND (shown to waiters; default "kb test-hold"), LOCK_CHILD_WAIT_MS.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const dist = new URL('../../dist/src/', import.meta.url);
const load = (rel) => import(new URL(rel, dist).href);

const { withKbLock } = await load('commit/with-kb-lock.js');
const { kbPaths } = await load('core/kb-paths.js');
const { createLogger } = await load('core/logger.js');
const { defaultConfig } = await load('config/config-schema.js');
const { Store } = await load('store/store.js');
const { searchIndexer } = await load('search/search-rows.js');

function openContext(root) {
  const paths = kbPaths(root);
  return {
    paths,
    config: defaultConfig(),
    store: Store.open(paths.db),
    searchIndex: searchIndexer,
    // A real logger to stderr, so a lock wait in the child shows up in test failures.
    logger: createLogger({ stderrLevel: 'warn', stderr: process.stderr }),
    clock: { now: () => new Date() },
    ids: { journalId: () => `${Date.now().toString(36).padStart(9, '0')}-${process.pid}-${randomBytes(4).toString('hex')}` },
    command: process.env.LOCK_CHILD_COMMAND ?? 'kb test-hold',
    lockWaitMs: Number(process.env.LOCK_CHILD_WAIT_MS ?? 30_000),
  };
}

async function hold(ctx, kind, ms) {
  if (kind !== 'shared' && kind !== 'exclusive') throw new Error(`bad lock kind ${kind}`);
  await withKbLock(ctx, kind, async () => {
    process.stdout.write('locked\n');
    // Released early on SIGUSR1, so a test can say exactly when. A negative duration holds
    // until then (or until killed). Something must reference `resolve`: a promise nothing
    // can settle is garbage, and with it this frame and the lock's SQLite handle, whose
    // finalizer would drop the lock at the next GC (seen: ~8 s in).
    await new Promise((resolve) => {
      const timer = ms < 0 ? setInterval(() => {}, 1 << 30) : setTimeout(resolve, ms);
      process.once('SIGUSR1', () => {
        clearTimeout(timer);
        clearInterval(timer);
        resolve();
      });
    });
  });
  return 0;
}

/**
 * Read-modify-write of a counter under the exclusive lock, with an `inside` marker and a real
 * async sleep in the middle: if two processes were ever inside at once, one of them sees the
 * other's marker (and the counter would lose updates).
 */
async function increment(ctx, n, peers) {
  await startingLine(ctx.paths.root, peers);
  const counter = path.join(ctx.paths.root, 'counter');
  const inside = path.join(ctx.paths.root, 'inside');
  let overlaps = 0;
  for (let i = 0; i < n; i++) {
    await withKbLock(ctx, 'exclusive', async () => {
      if (fs.existsSync(inside)) overlaps++;
      fs.writeFileSync(inside, String(process.pid));
      const value = fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0;
      await sleep(2 + Math.floor(Math.random() * 3));
      if (fs.readFileSync(inside, 'utf8') !== String(process.pid)) overlaps++;
      fs.rmSync(inside);
      fs.writeFileSync(counter, String(value + 1));
    });
  }
  if (overlaps > 0) process.stderr.write(`lock-child: ${overlaps} overlap(s) detected\n`);
  return overlaps > 0 ? 1 : 0;
}

/**
 * Waits until `peers` increment children have started, so they really contend: node's
 * start-up time is larger than 50 increments, and a child that finished before the other
 * began would prove nothing.
 */
async function startingLine(root, peers) {
  if (!(peers > 1)) return;
  fs.writeFileSync(path.join(root, `started-${process.pid}`), '');
  const deadline = Date.now() + 10_000;
  while (fs.readdirSync(root).filter((n) => n.startsWith('started-')).length < peers) {
    if (Date.now() > deadline) throw new Error('peers never started');
    await sleep(5);
  }
}

/** Holds a shared lock until the peer announces it holds one too (bounded at 5 s). */
async function sharedRendezvous(ctx, name, peer) {
  const mine = path.join(ctx.paths.root, `${name}.entered`);
  const theirs = path.join(ctx.paths.root, `${peer}.entered`);
  return withKbLock(ctx, 'shared', async () => {
    fs.writeFileSync(mine, String(process.pid));
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      if (fs.existsSync(theirs)) return 0;
      await sleep(10);
    }
    process.stderr.write(`lock-child: ${peer} never entered while ${name} held the shared lock\n`);
    return 1;
  });
}

async function main() {
  const [root, mode, ...args] = process.argv.slice(2);
  if (!root || !mode) throw new Error('usage: lock-child.mjs <kb-root> hold|increment|shared-rendezvous …');
  const ctx = openContext(root);
  try {
    if (mode === 'hold') return await hold(ctx, args[0], Number(args[1]));
    if (mode === 'increment') return await increment(ctx, Number(args[0]), Number(args[1] ?? 1));
    if (mode === 'shared-rendezvous') return await sharedRendezvous(ctx, args[0], args[1]);
    throw new Error(`unknown mode ${mode}`);
  } finally {
    ctx.store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`lock-child: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
