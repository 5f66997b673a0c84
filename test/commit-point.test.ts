// The commit point, made to fail deterministically. applyChangeset (src/commit/apply-changeset.ts,
// step 4) writes registry rows, search rows, page records and the journal's commit record in
// ONE SQLite transaction. Here the commit record, and nothing before it, fails: the commit's
// journal id is fixed (KB_TEST_JOURNAL_IDS) to one kb.db already records as committed, so its
// INSERT breaks commits' PRIMARY KEY. Then every row of every table of kb.db and every file
// under raw/ and wiki/ must be as before, and the next commands find the KB sound.
//
// Planted bug this catches (and a crash test catches only by chance, if a kill lands between
// two transactions): Store.commit writing the commit record in a transaction of its own after
// the registry's — then the registry of a change whose files were rolled back stays committed.
// Real `kb` processes (`npm run build` first), real files in temp dirs, real SQLite.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectConsistent, leftovers, newKb, parseNdjson, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-commit-point-');

/** The id an earlier commit used, which the failing commit is made to use again. */
const TAKEN_ID = 'taken-journal-id';

const HARBOUR = '# Harbour pilots\n\nHarbour pilots board ships at the outer buoy and take them to their berth.\n\n## Tide tables\n\nPilots read the tide tables before every passage.\n';
const LOCKS = '# Lock keepers\n\nLock keepers work the gates when harbour pilots bring ships in on the tide tables.\n';

/** Every row of every table of kb.db (FTS5 shadow tables included), as sorted JSON lines per table. */
function everyRow(root: string): Record<string, string[]> {
  const db = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).all().map((row) => JSON.stringify(row)).sort()]));
  } finally {
    db.close();
  }
}

/** Marks TAKEN_ID as committed, as if an earlier commit had used it. */
function recordTakenId(root: string): void {
  const db = new Database(path.join(root, '.kb', 'kb.db'));
  try {
    db.prepare("INSERT INTO commits (journal_id, op, detail, committed_at) VALUES (?, 'add', 'an earlier commit', '2026-01-02T03:04:05.000Z')").run(TAKEN_ID);
  } finally {
    db.close();
  }
}

/** A KB with two documents that share concepts, so a change to either rewrites pages of the other. */
async function kbWithTwoDocs(): Promise<{ root: string; work: string }> {
  const work = fs.realpathSync(tempDir());
  const root = newKb(work);
  fs.mkdirSync(path.join(work, 'in'));
  fs.writeFileSync(path.join(work, 'in', 'harbour.md'), HARBOUR);
  fs.writeFileSync(path.join(work, 'in', 'locks.md'), LOCKS);
  const add = await runKb(['--kb', root, '--offline', 'add', 'in'], { cwd: work });
  expect(add.code, add.stderr).toBe(0);
  recordTakenId(root);
  return { root, work };
}

describe('a commit whose commit record fails', () => {
  it.each([
    ['kb add', (work: string) => {
      fs.writeFileSync(path.join(work, 'gates.md'), '# Gates\n\nThe lock gates open on the tide tables; harbour pilots wait for them.\n');
      return ['add', 'gates.md'];
    }],
    ['kb remove', () => ['remove', 'locks', '--yes']],
  ])('%s: no registry row, search row, page record or page changes, and the next commands find the KB as before', async (_name, command) => {
    const { root, work } = await kbWithTwoDocs();
    const args = command(work);
    const rowsBefore = everyRow(root);
    const filesBefore = wikiSnapshot(root);
    // Guards against a test that proves nothing: the change would have touched rows and pages.
    expect(rowsBefore.page_records!.length).toBeGreaterThan(0);
    expect(rowsBefore.search_rows!.length).toBeGreaterThan(0);

    const failed = await runKb(['--kb', root, '--offline', '--json', ...args], { cwd: work, env: { KB_TEST_JOURNAL_IDS: TAKEN_ID } });
    const said = failed.stdout + failed.stderr;
    expect(failed.code, said).not.toBe(0);
    expect(said).toMatch(/UNIQUE constraint failed: commits\.journal_id/);
    if (args[0] === 'add') expect(parseNdjson(failed.stdout)[0]).toMatchObject({ type: 'file', status: 'failed' });

    expect(everyRow(root)).toEqual(rowsBefore);
    expect(wikiSnapshot(root)).toEqual(filesBefore);
    expect(leftovers(root)).toEqual([]);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toContain('ok: no problems found');
    // With a fresh id, the same change commits.
    const again = await runKb(['--kb', root, '--offline', ...args], { cwd: work });
    expect(again.code, again.stderr).toBe(0);
    expect(expectConsistent(root, 'after the retry').map((row) => row.name).sort()).toEqual(args[0] === 'add' ? ['gates', 'harbour', 'locks'] : ['harbour']);
  });
});
