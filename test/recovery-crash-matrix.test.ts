import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AFTER_COMMIT, BACKED_UP, COMMIT_CRASH_POINTS, TARGETS, WRITES, applyChild, expectDoctorClean, expectExit0, expectKilled, expectNoLeftovers, journalsMissingBackups, kb, readState, useCrashFixture, type KbState } from './support/crash-fixture.js';
import { copyTreeKeepingLinks } from './support/copy-tree-keeping-links.js';

/**
 * A crash during recovery, at every step of it: the commit of test/support/apply-child.mjs
 * (14 targets, see crash-matrix) is SIGKILLed at a crash point c; the `kb status` that recovers
 * it (every command runs the same recovery; a reader starts fastest) is SIGKILLed at a recovery
 * crash point r; then a MUTATING command (`kb remove alpha`) must finish recovery and do its
 * work: exit 0, the KB byte-identical to the same `kb remove` run on the state before the
 * commit (or after it, exactly when the commit had reached SQLite), nothing left over, `kb
 * doctor` clean. At the instant of each kill, no journal on disk may lack a backup it needs.
 *
 * Caught here: dropping a journal's backups BEFORE the journal itself (rollback-journal.ts,
 * dropJournalAndBackups). Recovery killed between the two leaves a journal whose backups are
 * gone: it can never be rolled back, every later mutation exits 5, and `kb doctor --repair`
 * cannot fix it. Every kill at `recovery:backup:<i>` (and at `backups-dropped`) shows it.
 *
 * Which pairs (c, r) run, and why they stand for all of them. The full product, 695 pairs of
 * three processes each, is too slow for every test run (KB_RECOVERY_MATRIX=full runs it); the
 * default runs 59. What the next command meets is the state on disk, so pairs that leave the
 * same state are one case. Rollback deals with each target on its own, last first: restore it
 * from its backup (or delete it, if the commit created it), then remove stray temps next to
 * it; a target the commit never reached is left as it is (still the backup's inode). So a
 * kill during rollback leaves every target in one of the states a commit can leave it in
 * (changed; a temp written next to it; untouched), put back or not yet, and:
 *  - targets-synced × every recovery point: every target changed, each kill after a step
 *    that really undid something — and every step after the targets (the journal's drop,
 *    each backup's removal, the sweep), where the state no longer depends on c at all;
 *  - temps-synced × the target steps from the one before the first write is reached: targets
 *    0..6 with a temp next to them, 7..13 untouched (both kinds: existed, created), each kill
 *    with some put back and the rest not;
 *  - db-committed (a committed journal is discarded) and the points that leave no journal
 *    (backups-made, journal-dropped, backups-dropped) × every recovery point they reach.
 * Every other pair leaves, target by target, a mix of states these runs leave, which recovery
 * meets target by target; only the dead commit's staging batch may hold more or less (its
 * publish moved a file out, or not), and the sweep removes the batch whole.
 *
 * Needs `npm run build` first: every process here runs dist/, not the TypeScript sources.
 */

const fixture = useCrashFixture('kb-recovery-crash-');

const TARGET_STEPS = TARGETS.map((_, j) => `recovery:target:${j}`);
/** Recovery's crash points when it finds the matrix journal uncommitted, in the order it passes them. */
const ROLLBACK = [
  ...TARGET_STEPS,
  'journal-dropped',
  ...BACKED_UP.map((_, i) => `recovery:backup:${i}`),
  'backups-dropped',
  'sweep:staging',
  'sweep:lock-holder',
];
/** A committed journal is discarded: the same steps from the journal's drop on. */
const DISCARD = ROLLBACK.slice(TARGETS.length);

/** Where recovery passes after the commit was killed at `point` (checked against a trace below). */
function recoveryPath(point: string): string[] {
  switch (point) {
    case 'backups-made': // no journal yet: its temp, the backups and the staging are leftovers
      return ['sweep:backup', 'sweep:staging', 'sweep:journal-temp', 'sweep:lock-holder'];
    case 'db-committed':
      return DISCARD;
    case 'journal-dropped':
      return ['sweep:backup', 'sweep:staging', 'sweep:lock-holder'];
    case 'backups-dropped':
      return ['sweep:staging', 'sweep:lock-holder'];
    default:
      return ROLLBACK;
  }
}

/** Commit points after which recovery finds no uncommitted journal: every pair of theirs runs. */
const NO_ROLLBACK = ['db-committed', 'backups-made', 'journal-dropped', 'backups-dropped'];
/** From the step right before rollback reaches the writes (targets 13..7 put back) to the last. */
const TEMP_STEPS = TARGET_STEPS.slice(TARGETS.length - WRITES - 1);

const pairsOf = (commitPoint: string, recoveryPoints: readonly string[]): [string, string][] => recoveryPoints.map((r) => [commitPoint, r]);
const PAIRS: [string, string][] =
  process.env.KB_RECOVERY_MATRIX === 'full'
    ? COMMIT_CRASH_POINTS.flatMap((c) => pairsOf(c, recoveryPath(c)))
    : [...pairsOf('targets-synced', ROLLBACK), ...pairsOf('temps-synced', TEMP_STEPS), ...NO_ROLLBACK.flatMap((c) => pairsOf(c, recoveryPath(c)))];

/** The KB as the commit left it when killed at `point`: made once, only ever copied. */
const crashed = new Map<string, Promise<string>>();
function crashedAt(point: string): Promise<string> {
  let made = crashed.get(point);
  if (!made) {
    made = (async () => {
      const dir = fixture.freshKb();
      expectKilled(await applyChild(dir, 'apply', point), point);
      return dir;
    })();
    crashed.set(point, made);
  }
  return made;
}

let copies = 0;
async function copyOfCrash(point: string): Promise<string> {
  const dir = path.join(fixture.work(), `run-${++copies}`);
  copyTreeKeepingLinks(await crashedAt(point), dir);
  return dir;
}

const MUTATION = ['remove', 'alpha', '--yes'];
/** The mutation's result on the pre-state and on the post-state, run without any crash. */
let preMutated: KbState;
let postMutated: KbState;

async function mutated(dir: string): Promise<KbState> {
  expectExit0(await kb([...MUTATION, '--kb', dir]), `kb ${MUTATION.join(' ')}`);
  return readState(dir);
}

beforeAll(async () => {
  preMutated = await mutated(fixture.freshKb());
  const post = path.join(fixture.work(), 'post-mutated');
  fs.cpSync(fixture.postDir(), post, { recursive: true });
  postMutated = await mutated(post);
}, 60_000);

describe('crash during recovery, at every step of it, then a mutation', () => {
  it('has a mutation that gives different results before and after the commit', () => {
    expect(preMutated.documents.map((d) => d.name)).toEqual(['beta']);
    expect(postMutated.documents.map((d) => d.name)).toEqual(['gamma']);
    expect(postMutated.tree).not.toEqual(preMutated.tree);
  });

  it.each(['targets-synced', 'journal-written', 'db-committed', 'backups-made', 'journal-dropped', 'backups-dropped'])(
    'recovery after a commit killed at %s passes exactly the crash points this test kills it at',
    async (point) => {
      const dir = await copyOfCrash(point);
      const trace = path.join(fixture.work(), `trace-${copies}.txt`);
      expectExit0(await kb(['status', '--kb', dir], `${trace}@trace`), 'kb status, traced');
      expect(fs.readFileSync(trace, 'utf8').split('\n').filter(Boolean)).toEqual(recoveryPath(point));
    },
  );

  it.each(PAIRS)('commit killed at %s, recovery at %s → the mutation works on the right state', async (commitPoint, recoveryPoint) => {
    const dir = await copyOfCrash(commitPoint);
    expectKilled(await kb(['status', '--kb', dir], recoveryPoint), `${recoveryPoint} (in recovery)`);
    // Soft: the mutation below then shows what such a KB does to the user (exit 5).
    expect.soft(journalsMissingBackups(dir), 'journals left without their backups').toEqual([]);

    expectExit0(await kb([...MUTATION, '--kb', dir]), `kb ${MUTATION.join(' ')} after the second crash`);
    expect(readState(dir)).toEqual(AFTER_COMMIT.has(commitPoint) ? postMutated : preMutated);
    expectNoLeftovers(dir);
    await expectDoctorClean(dir);
  });
});
