import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRow } from '../src/model/registry.js';
import { KB_BIN, runNode, type KbRun } from './support/run-kb.js';
import { snapshotTree } from './support/temp-kb.js';

/**
 * The crash-safety protocol of DESIGN.md, proven by killing a real process at every step of
 * one commit: a child (test/support/apply-child.mjs, running the built dist/) applies a
 * 14-target changeset and SIGKILLs itself at crash point k; the next `kb` command must leave
 * the KB byte-identical to the state before the changeset, or — exactly when the SQLite
 * commit had happened — to the state after it, with nothing left over.
 *
 * Needs `npm run build` first: every process here runs dist/, not the TypeScript sources.
 */

const CHILD = fileURLToPath(new URL('./support/apply-child.mjs', import.meta.url));

/**
 * The changeset's targets in step order (writes, then the publish, then deletes), as the
 * child builds them. Crash points are named after these indices, so a test below checks the
 * journal against this list: if the fixture drifts, the matrix says so instead of going blind.
 */
const TARGETS = [
  'raw/alpha.txt', 'wiki/sources/alpha.md', 'wiki/summaries/alpha.md', // replaced
  'wiki/sources/gamma.md', 'wiki/summaries/gamma.md', 'wiki/concepts/new-1.md', // created
  'wiki/index.md', // replaced
  'raw/gamma.txt', // created by rename from .kb/staging
  'wiki/concepts/old-1.md', 'wiki/concepts/old-2.md', 'wiki/entities/old-3.md', // deleted
  'raw/beta.txt', 'wiki/sources/beta.md', 'wiki/summaries/beta.md', // deleted with their doc
];
const WRITES = 7;

/** Every crash point of one commit, in protocol order. */
const CRASH_POINTS = [
  'backups-made',
  'journal-written',
  // New contents go to temp files first, all fsynced together, then every target is put in
  // place, then the directories are fsynced once each.
  ...TARGETS.slice(0, WRITES).map((_, i) => `target:${i}:temp-written`),
  'temps-synced',
  ...TARGETS.map((_, i) => `target:${i}:applied`),
  'targets-synced',
  'db-committed',
  'journal-dropped',
  'backups-dropped',
];
/** Points after the SQLite transaction: the change happened and must survive. */
const AFTER_COMMIT = new Set(['db-committed', 'journal-dropped', 'backups-dropped']);

interface KbState {
  /** Every file under raw/ and wiki/, dot files (stray temps) included → base64 bytes. */
  tree: Record<string, string>;
  documents: DocumentRow[];
  commits: number;
}

let work: string;
let template: string;
/** A KB where the changeset ran to completion. */
let postDir: string;
let pre: KbState;
let post: KbState;
let copies = 0;

/** Runs a node script with KB_TEST_CRASH_AT set to `crashAt`, or unset. */
function run(script: string, args: string[], crashAt?: string): Promise<KbRun> {
  return runNode(script, args, { env: { KB_TEST_CRASH_AT: crashAt } });
}

function kb(args: string[], crashAt?: string): Promise<KbRun> {
  return run(KB_BIN, args, crashAt);
}

function child(dir: string, mode: 'setup' | 'apply', crashAt?: string): Promise<KbRun> {
  return run(CHILD, [dir, mode, '1'], crashAt);
}

function expectExit0(result: KbRun, what: string): void {
  expect(result.code, `${what} failed (signal ${result.signal}):\n${result.stdout}\n${result.stderr}`).toBe(0);
}

/** A crash-point run must end in SIGKILL; a normal exit means the point never fired (wrong name). */
function expectKilled(result: KbRun, point: string): void {
  expect(result.signal, `crash point ${point} did not kill the process (exit ${result.code}):\n${result.stderr}`).toBe('SIGKILL');
}

/** A fresh KB in the pre-state: a copy of the template (init + setup), which no process has open. */
function freshKb(): string {
  const dir = path.join(work, `kb-${++copies}`);
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

function readState(dir: string): KbState {
  const db = new Database(path.join(dir, '.kb', 'kb.db'), { readonly: true, fileMustExist: true });
  try {
    return {
      tree: snapshotTree(dir),
      documents: db.prepare('SELECT * FROM documents ORDER BY name').all() as DocumentRow[],
      commits: (db.prepare('SELECT count(*) AS n FROM commits').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

/** Recovery must leave nothing behind: no journal, backup, staging batch or lock-holder note. */
function expectNoLeftovers(dir: string): void {
  for (const sub of ['journal', 'backup', 'staging', 'lock-holders']) {
    expect(fs.readdirSync(path.join(dir, '.kb', sub)), `.kb/${sub}`).toEqual([]);
  }
}

async function expectDoctorClean(dir: string): Promise<void> {
  expectExit0(await kb(['doctor', '--kb', dir]), 'kb doctor');
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-crash-matrix-'));
  template = path.join(work, 'template');
  expectExit0(await kb(['init', template]), 'kb init');
  expectExit0(await child(template, 'setup'), 'setup');
  pre = readState(template);
  // The post-state is measured, not predicted: the same changeset, run without a crash.
  postDir = freshKb();
  expectExit0(await child(postDir, 'apply'), 'apply without a crash');
  post = readState(postDir);
  expectNoLeftovers(postDir);
}, 60_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('crash matrix: SIGKILL at every step of a commit, then the next command', () => {
  it('has a fixture that doctor accepts before and after, and that really changes things', async () => {
    expect(post.tree).not.toEqual(pre.tree);
    expect(post.documents).not.toEqual(pre.documents);
    expect(pre.documents.map((d) => d.name)).toEqual(['alpha', 'beta']);
    expect(post.documents.map((d) => d.name)).toEqual(['alpha', 'gamma']);
    expect(post.commits).toBe(pre.commits + 1);
    await expectDoctorClean(template);
    await expectDoctorClean(postDir);
  });

  it('names crash points after the targets the journal really lists', async () => {
    const dir = freshKb();
    expectKilled(await child(dir, 'apply', 'journal-written'), 'journal-written');
    const journals = fs.readdirSync(path.join(dir, '.kb', 'journal')).filter((n) => n.endsWith('.json'));
    expect(journals).toHaveLength(1);
    const journal = JSON.parse(fs.readFileSync(path.join(dir, '.kb', 'journal', journals[0] ?? ''), 'utf8')) as { targets: { path: string }[] };
    expect(journal.targets.map((t) => t.path)).toEqual(TARGETS);
  });

  it.each(CRASH_POINTS)('crash at %s → exactly the pre- or post-state, nothing left over', async (point) => {
    const dir = freshKb();
    expectKilled(await child(dir, 'apply', point), point);
    // Whatever the point, the dead child left something for recovery (at least its staging).
    const pending = ['journal', 'backup', 'staging'].flatMap((sub) => fs.readdirSync(path.join(dir, '.kb', sub)));
    expect(pending.length).toBeGreaterThan(0);

    expectExit0(await kb(['status', '--kb', dir]), 'kb status after the crash');

    const expected = AFTER_COMMIT.has(point) ? post : pre;
    const state = readState(dir);
    expect(state.tree).toEqual(expected.tree);
    expect(state.documents).toEqual(expected.documents);
    expect(state.commits).toBe(expected.commits);
    expectNoLeftovers(dir);
    await expectDoctorClean(dir);
  });
});

describe('crash during recovery: the next command finishes it', () => {
  it.each([
    // [where the commit dies, where the recovering `kb status` dies, the state that must result]
    ['target:5:applied', 'recovery:target:0', 'pre'],
    ['target:5:applied', 'recovery:target:2', 'pre'],
    ['target:13:applied', 'recovery:target:13', 'pre'],
    // Rolled back, journal dropped, backups still there: the sweep must take them.
    ['target:5:applied', 'journal-dropped', 'pre'],
    // A committed journal being discarded: the commit must survive.
    ['db-committed', 'journal-dropped', 'post'],
  ] as const)('commit killed at %s, recovery killed at %s → %s-state', async (commitPoint, recoveryPoint, want) => {
    const dir = freshKb();
    expectKilled(await child(dir, 'apply', commitPoint), commitPoint);
    expectKilled(await kb(['status', '--kb', dir], recoveryPoint), `${recoveryPoint} (in recovery)`);
    if (recoveryPoint.startsWith('recovery:')) {
      // Recovery really was cut short: the journal must still be there for the next command.
      expect(fs.readdirSync(path.join(dir, '.kb', 'journal')).filter((n) => n.endsWith('.json'))).toHaveLength(1);
    }

    expectExit0(await kb(['status', '--kb', dir]), 'kb status after the second crash');

    const expected = want === 'post' ? post : pre;
    const state = readState(dir);
    expect(state.tree).toEqual(expected.tree);
    expect(state.documents).toEqual(expected.documents);
    expect(state.commits).toBe(expected.commits);
    expectNoLeftovers(dir);
    await expectDoctorClean(dir);
  });
});
