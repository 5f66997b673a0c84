import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { backupName } from '../src/commit/backup.js';
import { applyChild, expectDoctorClean, expectExit0, expectKilled, expectNoLeftovers, kb, readState, useCrashFixture } from './support/crash-fixture.js';

/**
 * A rollback that fails keeps its backups until it succeeds. A commit that replaced an existing
 * page (wiki/summaries/alpha.md, in the changeset of test/support/apply-child.mjs) is killed
 * before its SQLite commit; before anything recovers it, a folder a user made stands where the
 * replaced page must go back, so the rollback fails. Every command in between must keep the
 * page's backup — mutations stop with exit 5, readers go on with a warning — and once the
 * folder is gone, `kb doctor --repair` must put the original bytes back: the KB exactly as
 * before the commit, doctor clean. The journal's backup is the only copy of those bytes left.
 *
 * Caught here: sweeping a journal's backups while the journal still exists (in the orphan sweep,
 * sweep-orphans.ts, or in recovery's error path). The journal stays, failing, and its backups
 * are gone: once the user removes the obstacle, the replaced page can never come back.
 * It also holds two bugs this test found: each failed restore attempt left a temp (a link to
 * the backup) next to the folder, ten per command, and `kb doctor` called the journal's
 * backups `leftover-backup`, "backup of a finished change" — an invitation to delete them.
 *
 * Needs `npm run build` first: every process here runs dist/, not the TypeScript sources.
 */

const fixture = useCrashFixture('kb-failed-rollback-');

const PAGE = 'wiki/summaries/alpha.md';

it('keeps the backup of a replaced page through every failing command, and restores its bytes once repaired', async () => {
  const dir = fixture.freshKb();
  const live = path.join(dir, PAGE);
  const original = fs.readFileSync(live);
  // Killed once the new contents are in place, alpha's summary among them, before the commit.
  expectKilled(await applyChild(dir, 'apply', 'target:6:applied'), 'target:6:applied');
  expect(fs.readFileSync(live)).not.toEqual(original);
  const journals = fs.readdirSync(path.join(dir, '.kb', 'journal'));
  expect(journals).toHaveLength(1);
  const journal = path.join(dir, '.kb', 'journal', journals[0] as string);
  const backup = path.join(dir, '.kb', 'backup', path.basename(journal, '.json'), backupName(PAGE));
  // Soft: with the backup gone, the test goes on to show what the user then loses.
  const expectBackupKept = (after: string): void => {
    expect.soft(fs.existsSync(journal), `the journal, after ${after}`).toBe(true);
    expect.soft(fs.existsSync(backup) && fs.readFileSync(backup).equals(original), `the backup of ${PAGE} with its original bytes, after ${after}`).toBe(true);
    // Each failed attempt linked the backup to a temp next to the folder; it must not stay there.
    expect.soft(fs.readdirSync(path.dirname(live)).filter((name) => name.startsWith('.alpha.md.tmp-')), `temps next to ${PAGE}, after ${after}`).toEqual([]);
  };
  expectBackupKept('the crash');

  // Not recovery's to remove: a non-empty folder is somebody's work.
  fs.rmSync(live);
  fs.mkdirSync(live);
  fs.writeFileSync(path.join(live, 'notes.md'), 'a folder a user made\n');

  const input = path.join(fixture.work(), 'delta.txt');
  fs.writeFileSync(input, 'Delta is a document added while a rollback cannot finish.\n');
  for (const args of [['remove', 'beta', '--yes'], ['add', input], ['doctor', '--repair'], ['remove', 'alpha', '--yes']]) {
    const run = await kb([...args, '--kb', dir]);
    const what = `kb ${args.join(' ').replace(input, path.basename(input))}`;
    expect(run.code, `${what}:\n${run.stderr}`).toBe(5);
    expect(run.stderr).toMatch(/could not be rolled back/);
    expectBackupKept(what);
  }
  // Readers go on, with a warning; doctor must not call the backups a finished change's
  // leftovers (a user told so would delete the only copy of the page).
  const status = await kb(['status', '--json', '--kb', dir]);
  expectExit0(status, 'kb status');
  expect(status.stderr).toMatch(/could not be rolled back/);
  expect(JSON.parse(status.stdout)).toMatchObject({ pending_journals: 1 });
  expectBackupKept('kb status');
  const doctor = await kb(['doctor', '--json', '--kb', dir]);
  expect(doctor.code).toBe(1);
  const kinds = (JSON.parse(doctor.stdout) as { violations: { kind: string; path: string }[] }).violations.map((v) => `${v.kind} ${v.path}`);
  expect(kinds).toContain(`pending-journal .kb/journal/${path.basename(journal)}`);
  expect(kinds.filter((k) => k.startsWith('leftover-backup'))).toEqual([]);
  expectBackupKept('kb doctor');

  fs.rmSync(live, { recursive: true });
  expectExit0(await kb(['doctor', '--repair', '--kb', dir]), 'kb doctor --repair once the folder is gone');

  expect(fs.readFileSync(live).equals(original), `${PAGE} has its original bytes`).toBe(true);
  expect(readState(dir)).toEqual(fixture.pre());
  expectNoLeftovers(dir);
  await expectDoctorClean(dir);
});
