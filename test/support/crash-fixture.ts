import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect } from 'vitest';
import { backupName } from '../../src/commit/backup.js';
import type { DocumentRow } from '../../src/model/registry.js';
import { normaliseLogTimes } from './kb-state.js';
import { KB_BIN, runNode, type KbRun } from './run-kb.js';
import { snapshotTree } from './temp-kb.js';

/**
 * The fixture of the tests that kill a real process at a named step of a commit or of its
 * recovery (crash-matrix, recovery-crash-matrix, failed-rollback-keeps-backups): a child
 * (test/support/apply-child.mjs, running the built dist/) sets a KB up in the pre-state, then
 * applies a 14-target changeset to it and can SIGKILL itself at any crash point on the way.
 *
 * Needs `npm run build` first: every process here runs dist/, not the TypeScript sources.
 */

const CHILD = fileURLToPath(new URL('./apply-child.mjs', import.meta.url));

/**
 * The changeset's targets in step order (writes, then the publish, then deletes), as the
 * child builds them. Crash points are named after these indices, so crash-matrix checks the
 * journal against this list: if the fixture drifts, the tests say so instead of going blind.
 */
export const TARGETS = [
  'raw/alpha.txt', 'wiki/sources/alpha.md', 'wiki/summaries/alpha.md', // replaced
  'wiki/sources/gamma.md', 'wiki/summaries/gamma.md', 'wiki/concepts/new-1.md', // created
  'wiki/index.md', // replaced
  'raw/gamma.txt', // created by rename from .kb/staging
  'wiki/concepts/old-1.md', 'wiki/concepts/old-2.md', 'wiki/entities/old-3.md', // deleted
  'raw/beta.txt', 'wiki/sources/beta.md', 'wiki/summaries/beta.md', // deleted with their doc
];
export const WRITES = 7;
/** Targets that existed before the changeset, hence have a backup each: all but the created. */
export const BACKED_UP = TARGETS.filter((_, i) => ![3, 4, 5, 7].includes(i));

/** Every crash point of one commit, in protocol order. */
export const COMMIT_CRASH_POINTS = [
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
export const AFTER_COMMIT = new Set(['db-committed', 'journal-dropped', 'backups-dropped']);

export interface KbState {
  /** Every file under raw/ and wiki/, dot files (stray temps) included → base64 bytes; log times normalised. */
  tree: Record<string, string>;
  documents: DocumentRow[];
  commits: number;
  /** What kb recorded having written at each page (doctor tells hand edits by it). */
  pageRecords: { path: string; sha256: string }[];
}

/** Runs `kb <args>` from dist/, with KB_TEST_CRASH_AT set to `crashAt`, or unset. */
export function kb(args: string[], crashAt?: string): Promise<KbRun> {
  return runNode(KB_BIN, args, { env: { KB_TEST_CRASH_AT: crashAt } });
}

/** The child: `setup` makes the pre-state, `apply` applies the changeset (killed at `crashAt`). */
export function applyChild(dir: string, mode: 'setup' | 'apply', crashAt?: string): Promise<KbRun> {
  return runNode(CHILD, [dir, mode, '1'], { env: { KB_TEST_CRASH_AT: crashAt } });
}

export function expectExit0(result: KbRun, what: string): void {
  expect(result.code, `${what} failed (signal ${result.signal}):\n${result.stdout}\n${result.stderr}`).toBe(0);
}

/** A crash-point run must end in SIGKILL; a normal exit means the point never fired (wrong name). */
export function expectKilled(result: KbRun, point: string): void {
  expect(result.signal, `crash point ${point} did not kill the process (exit ${result.code}):\n${result.stderr}`).toBe('SIGKILL');
}

export function readState(dir: string): KbState {
  const db = new Database(path.join(dir, '.kb', 'kb.db'), { readonly: true, fileMustExist: true });
  try {
    const tree = snapshotTree(dir);
    const log = tree['wiki/log.md'];
    if (log !== undefined) tree['wiki/log.md'] = Buffer.from(normaliseLogTimes(Buffer.from(log, 'base64').toString('utf8'))).toString('base64');
    return {
      tree,
      documents: db.prepare('SELECT * FROM documents ORDER BY name').all() as DocumentRow[],
      commits: (db.prepare('SELECT count(*) AS n FROM commits').get() as { n: number }).n,
      // Not the log's: its bytes hold the time of each operation (normalised in `tree`).
      pageRecords: db.prepare("SELECT path, sha256 FROM page_records WHERE path <> 'wiki/log.md' ORDER BY path").all() as KbState['pageRecords'],
    };
  } finally {
    db.close();
  }
}

/** Recovery must leave nothing behind: no journal, backup, staging batch or lock-holder note. */
export function expectNoLeftovers(dir: string): void {
  for (const sub of ['journal', 'backup', 'staging', 'lock-holders']) {
    expect(fs.readdirSync(path.join(dir, '.kb', sub)), `.kb/${sub}`).toEqual([]);
  }
}

/**
 * Backups that a journal on disk still needs and that are gone, as `<journal id>: <target>`.
 * The protocol keeps this empty at every instant: a journal without its backups cannot be
 * rolled back, by this command or any later one.
 */
export function journalsMissingBackups(dir: string): string[] {
  const journalDir = path.join(dir, '.kb', 'journal');
  return fs
    .readdirSync(journalDir)
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .flatMap((name) => {
      const journal = JSON.parse(fs.readFileSync(path.join(journalDir, name), 'utf8')) as { id: string; targets: { path: string; existed: boolean }[] };
      const backups = path.join(dir, '.kb', 'backup', journal.id);
      return journal.targets.filter((t) => t.existed && !fs.existsSync(path.join(backups, backupName(t.path)))).map((t) => `${journal.id}: ${t.path}`);
    });
}

export async function expectDoctorClean(dir: string): Promise<void> {
  expectExit0(await kb(['doctor', '--kb', dir]), 'kb doctor');
}

export interface CrashFixture {
  /** The temp folder of this test file (removed after it). */
  work(): string;
  /** A fresh KB in the pre-state: a copy of the template, which no process has open. */
  freshKb(): string;
  /** A KB where the changeset ran to completion. */
  postDir(): string;
  pre(): KbState;
  post(): KbState;
}

/** Builds the template (init + setup) and the post-state once, before the file's tests. */
export function useCrashFixture(prefix: string): CrashFixture {
  let work = '';
  let template = '';
  let postDir = '';
  let pre: KbState | undefined;
  let post: KbState | undefined;
  let copies = 0;
  const freshKb = (): string => {
    const dir = path.join(work, `kb-${++copies}`);
    fs.cpSync(template, dir, { recursive: true });
    return dir;
  };
  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    template = path.join(work, 'template');
    expectExit0(await kb(['init', template]), 'kb init');
    expectExit0(await applyChild(template, 'setup'), 'setup');
    pre = readState(template);
    // The post-state is measured, not predicted: the same changeset, run without a crash.
    postDir = freshKb();
    expectExit0(await applyChild(postDir, 'apply'), 'apply without a crash');
    post = readState(postDir);
    expectNoLeftovers(postDir);
  }, 60_000);
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });
  const measured = (state: KbState | undefined): KbState => {
    if (!state) throw new Error('the crash fixture is built in beforeAll');
    return state;
  };
  return { work: () => work, freshKb, postDir: () => postDir, pre: () => measured(pre), post: () => measured(post) };
}
