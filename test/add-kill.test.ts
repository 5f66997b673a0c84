// `kill -9` of `kb add <dir> --jobs 4` at random instants, over and over. After each kill
// the next command (a reader, `kb status`) must leave the KB holding exactly a scan-order
// prefix of what an uninterrupted run adds, every document whole, nothing left behind; the
// next add continues from there, and the finished KB is the uninterrupted run's, byte for
// byte. Real child processes, real SIGKILL. Needs `npm run build` first.
//
// `npm run soak:add` kills 500 times (KB_ADD_KILLS=<n> for another count);
// KB_ADD_KILL_SEED=<n> replays a run whose seed a failure printed.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMixedCorpus } from './support/add-corpus.js';
import { expectConsistent, newKb, parseNdjson, registry, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { seededRandom } from '../bench/seeded-random.js';

const KILLS = Number(process.env.KB_ADD_KILLS ?? 20);
const SEED = Number(process.env.KB_ADD_KILL_SEED ?? Date.now() % 1_000_000);

/**
 * When to kill, relative to the child: either a delay from spawn (start-up, hashing,
 * planning, the first prepares) or a delay after its n-th `added` line (inside the commit
 * loop, where a kill lands between or inside commits).
 */
type KillPlan = { after: 'spawn'; ms: number } | { after: 'line'; line: number; ms: number };

function planKill(random: () => number): KillPlan {
  if (random() < 0.3) return { after: 'spawn', ms: Math.floor(random() * 700) };
  return { after: 'line', line: 1 + Math.floor(random() * 12), ms: Math.floor(random() * 25) };
}

function armKill(child: ChildProcess, plan: KillPlan): void {
  const kill = (): void => {
    setTimeout(() => child.kill('SIGKILL'), plan.ms);
  };
  if (plan.after === 'spawn') return kill();
  // Only `added` lines: a resumed add first prints a `skipped` line per file already added.
  let added = 0;
  let armed = false;
  child.stdout!.on('data', (chunk: Buffer | string) => {
    added += String(chunk).split('\n').filter((line) => line.startsWith('added ')).length;
    if (!armed && added >= plan.line) {
      armed = true;
      kill();
    }
  });
}

/**
 * Kills come in batches, one test each: vitest's worker reports to its runner over an RPC
 * with a fixed 60 s timeout, and a single test running for minutes trips it.
 */
const KILLS_PER_TEST = 5;

describe('SIGKILL during kb add --jobs 4', () => {
  let work = '';
  let expectedDocs: string[] = [];
  let referenceWiki: Record<string, string> = {};
  const random = seededRandom(SEED);
  // The round in progress: a KB killed again and again until an add gets to the end.
  let round = 0;
  let root = '';
  let previous = 0;
  let kills = 0;
  let killedMidBatch = 0;

  // One folder for all the tests below, which carry the round in progress from one to the next.
  beforeAll(async () => {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-add-kill-')));
    // Mixed types with repeating stems (so names depend on order) and a few real PDFs.
    writeMixedCorpus(path.join(work, 'in'), { count: 36, pdfs: 4 });
    const referenceRoot = newKb(path.join(work, 'reference'));
    const reference = await runKb(['--kb', referenceRoot, '--json', 'add', 'in', '--jobs', '4'], { cwd: work });
    expect(reference.code, reference.stderr).toBe(0);
    expectedDocs = parseNdjson(reference.stdout)
      .filter((o) => o.status === 'added')
      .map((o) => String(o.doc));
    expect(registry(referenceRoot).map((r) => r.name)).toEqual(expectedDocs);
    referenceWiki = wikiSnapshot(referenceRoot);
    root = newKb(path.join(work, 'round-0'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Finishes the round with an uninterrupted add: it must complete what the kills left. */
  async function finishRound(): Promise<void> {
    const finish = await runKb(['--kb', root, 'add', 'in', '--jobs', '4'], { cwd: work });
    expect(finish.code, `seed ${SEED}: ${finish.stderr}`).toBe(0);
    expect(expectConsistent(root, `seed ${SEED}, round ${round} finished`).map((r) => r.name)).toEqual(expectedDocs);
    const wiki = wikiSnapshot(root);
    expect(Object.keys(wiki)).toEqual(Object.keys(referenceWiki));
    // log.md records one `add` per commit either way; only the times differ (normalised).
    for (const rel of Object.keys(referenceWiki)) expect(wiki[rel], `seed ${SEED}, round ${round}: ${rel}`).toBe(referenceWiki[rel]);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    round++;
    root = newKb(path.join(work, `round-${round}`));
    previous = 0;
  }

  for (let batch = 0; batch < Math.ceil(KILLS / KILLS_PER_TEST); batch++) {
    const inBatch = Math.min(KILLS_PER_TEST, KILLS - batch * KILLS_PER_TEST);
    it(`kills ${batch * KILLS_PER_TEST + 1}–${batch * KILLS_PER_TEST + inBatch}: after each, a whole scan-order prefix and nothing orphaned`, async () => {
      for (let done = 0; done < inBatch; ) {
        const plan = planKill(random);
        const run = await runKb(['--kb', root, 'add', 'in', '--jobs', '4'], { cwd: work, onSpawn: (child) => armKill(child, plan) });
        const where = `seed ${SEED}, round ${round}, kill ${kills + 1}, ${JSON.stringify(plan)}`;
        if (run.signal !== 'SIGKILL') {
          // The add finished before the kill fired: it must have finished cleanly.
          expect(run.code, `${where}: ${run.stderr}`).toBe(0);
          await finishRound();
          continue;
        }
        kills++;
        done++;
        // The next command, whatever it is, restores the last committed state first.
        const status = await runKb(['--kb', root, '--json', 'status']);
        expect(status.code, `${where}: ${status.stderr}`).toBe(0);
        const names = expectConsistent(root, where).map((r) => r.name);
        expect(names, where).toEqual(expectedDocs.slice(0, names.length));
        expect(names.length, `${where}: a kill lost committed documents`).toBeGreaterThanOrEqual(previous);
        if (names.length > previous && names.length < expectedDocs.length) killedMidBatch++;
        previous = names.length;
      }
    });
  }

  it('re-running the add after the last kill completes it; the KB equals an uninterrupted run', async () => {
    await finishRound();
    // Not a vacuous pass: most kills landed with part of the batch committed.
    expect(killedMidBatch, `seed ${SEED}: kills that landed mid-batch`).toBeGreaterThan(KILLS / 4);
  });
});
