import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKbFrom, readKbState, TWO_DOCS } from './support/kb-fault-state.js';
import { listMeta, NOBODY, runKbAs, whyNoRootFacilities } from './support/run-kb-as.js';
import { runKb, type KbRun } from './support/run-kb.js';

/**
 * Read-only knowledge bases (issue 15, item 3), for real: kb run as `nobody` through setpriv
 * on a KB root owns (mode 755/644, so readable, not writable). Readers work, serve the last
 * committed state past a dead process's journal when that is safe and refuse (exit 5) when
 * not; writers stop with one line naming the path, exit 1, nothing changed. Skipped, with
 * the reason in the test name, where root facilities are missing.
 */

const noRoot = whyNoRootFacilities();
const skipped = noRoot ? ` (skipped: ${noRoot})` : '';

let work: string;
let template: string;
let input: string;
let copies = 0;

function copyKb(): string {
  const dir = path.join(work, `kb-${++copies}`);
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

function expectOk(run: KbRun, what: string): void {
  expect(run.code, `${what}\n${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stderr, what).not.toMatch(/error/);
}

/** One line on stderr, `kb: error: cannot write <path>: <cause>`, and exit 1. */
function expectRefused(run: KbRun, line: RegExp, what: string): void {
  expect(run.code, `${what}\n${run.stderr}`).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines, what).toHaveLength(1);
  expect(lines[0], what).toMatch(line);
}

beforeAll(async () => {
  if (noRoot) return;
  ({ work, root: template, input } = await makeKbFrom('kb-read-only-', TWO_DOCS));
}, 60_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe.skipIf(noRoot)(`a KB the user cannot write${skipped}`, () => {
  it('status, list, search, query, chat --list, doctor and lint work, and change nothing (no log, no -shm, no lock-holder note)', async () => {
    const kb = copyKb();
    const before = { state: readKbState(kb), meta: listMeta(kb) };
    const status = await runKbAs(NOBODY, ['--kb', kb, '--json', 'status']);
    expectOk(status, 'status');
    expect(JSON.parse(status.stdout)).toMatchObject({ docs: 2, pending_journals: 0 });
    const list = await runKbAs(NOBODY, ['--kb', kb, '--json', 'list']);
    expectOk(list, 'list');
    expect((JSON.parse(list.stdout) as { doc: string }[]).map((d) => d.doc)).toEqual(['alpha', 'beta']);
    const search = await runKbAs(NOBODY, ['--kb', kb, '--json', 'search', 'bilge', 'pump']);
    expectOk(search, 'search');
    expect((JSON.parse(search.stdout) as { page: string }[])[0]?.page).toBe('wiki/sources/beta.md');
    const query = await runKbAs(NOBODY, ['--kb', kb, 'query', 'what', 'do', 'bees', 'build']);
    expectOk(query, 'query');
    expect(query.stdout).toContain('honeycomb');
    expectOk(await runKbAs(NOBODY, ['--kb', kb, 'chat', '--list']), 'chat --list');
    expectOk(await runKbAs(NOBODY, ['--kb', kb, 'doctor']), 'doctor');
    const lint = await runKbAs(NOBODY, ['--kb', kb, '--json', 'lint']);
    expect(lint.code, lint.stderr).toBe(0);
    expect(JSON.parse(lint.stdout)).toMatchObject({ errors: 0, report: null });
    expect(lint.stderr).toBe('kb: the knowledge base is read-only here: the report is printed, not saved\n');
    expect({ state: readKbState(kb), meta: listMeta(kb) }).toEqual(before);
  });

  it('add, remove, recompile, lint --fix and doctor --repair: one line naming the path, exit 1, nothing changed', async () => {
    const kb = copyKb();
    const before = { state: readKbState(kb), meta: listMeta(kb) };
    const writes = [['add', path.join(input, 'alpha.md')], ['remove', 'beta', '--yes'], ['recompile', 'alpha'], ['lint', '--fix'], ['doctor', '--repair']];
    for (const args of writes) expectRefused(await runKbAs(NOBODY, ['--kb', kb, ...args]), /^kb: error: cannot write \/\S+: permission denied \(EACCES\)$/, args.join(' '));
    expect({ state: readKbState(kb), meta: listMeta(kb) }).toEqual(before);
  });

  it('a pending journal: readers serve the committed state when it is safe, else exit 5 saying what write access is needed', async () => {
    // Committed (killed after the SQLite commit): the files are the new state; only clean-up is missing.
    const committed = copyKb();
    expect((await runKb(['--kb', committed, 'remove', 'beta', '--yes'], { env: { KB_TEST_CRASH_AT: 'db-committed' } })).signal).toBe('SIGKILL');
    const afterCommit = await runKbAs(NOBODY, ['--kb', committed, '--json', 'list']);
    expect(afterCommit.code, afterCommit.stderr).toBe(0);
    expect((JSON.parse(afterCommit.stdout) as { doc: string }[]).map((d) => d.doc)).toEqual(['alpha']);
    expect(afterCommit.stderr).toMatch(/need write access to clean up; reading the last committed state/);

    // Not committed, no target touched yet (killed once the journal was in place): the old state.
    const untouched = copyKb();
    expect((await runKb(['--kb', untouched, 'remove', 'beta', '--yes'], { env: { KB_TEST_CRASH_AT: 'journal-written' } })).signal).toBe('SIGKILL');
    const beforeCommit = await runKbAs(NOBODY, ['--kb', untouched, '--json', 'list']);
    expect(beforeCommit.code, beforeCommit.stderr).toBe(0);
    expect((JSON.parse(beforeCommit.stdout) as { doc: string }[]).map((d) => d.doc)).toEqual(['alpha', 'beta']);

    // Not committed, targets half-changed: nobody may read it until someone who can write rolls it back.
    const half = copyKb();
    expect((await runKb(['--kb', half, 'remove', 'beta', '--yes'], { env: { KB_TEST_CRASH_AT: 'target:1:applied' } })).signal).toBe('SIGKILL');
    const state = readKbState(half);
    for (const args of [['status'], ['search', 'bees']]) {
      const refused = await runKbAs(NOBODY, ['--kb', half, ...args]);
      expect(refused.code, `${args[0]}: ${refused.stderr}`).toBe(5);
      expect(refused.stderr).toMatch(/^kb: error: an interrupted remove \(journal \S+\) must be rolled back before \S+ can be read, and that needs write access to its raw\/, wiki\/ and \.kb\/ folders\n  hint: /);
    }
    expect(readKbState(half)).toEqual(state);
    expectOk(await runKb(['--kb', half, 'status']), 'status by the owner (recovers)');
    const recovered = await runKbAs(NOBODY, ['--kb', half, '--json', 'list']);
    expectOk(recovered, 'list after recovery');
    expect((JSON.parse(recovered.stdout) as { doc: string }[]).map((d) => d.doc)).toEqual(['alpha', 'beta']);
  });

  it('a KB from before search existed: search says a user who can write must build the index (exit 1); status still works', async () => {
    const kb = copyKb();
    const db = new Database(path.join(kb, '.kb', 'kb.db'));
    db.prepare("DELETE FROM search_state WHERE key = 'index'").run();
    db.close();
    const search = await runKbAs(NOBODY, ['--kb', kb, 'search', 'bees']);
    expect(search.code, search.stderr).toBe(1);
    expect(search.stderr).toMatch(/^kb: error: \S+kb\.db has no search index yet, and this process cannot write it\n  hint: run `kb search` once as a user who can write/);
    expectOk(await runKbAs(NOBODY, ['--kb', kb, 'status']), 'status');
  });

  it('a real EACCES in the middle of a commit (a folder of the KB the user may not write) rolls back: one line, exit 1', async () => {
    const kb = copyKb();
    fs.chownSync(kb, NOBODY.uid, NOBODY.gid);
    for (const rel of listAll(kb)) fs.lchownSync(path.join(kb, rel), NOBODY.uid, NOBODY.gid);
    fs.chmodSync(path.join(kb, 'wiki', 'sources'), 0o555);
    const before = readKbState(kb);
    expectRefused(await runKbAs(NOBODY, ['--kb', kb, 'remove', 'beta', '--yes']), /^kb: error: cannot write wiki\/sources\/\S+: permission denied \(EACCES\)$/, 'remove');
    expect(readKbState(kb)).toEqual(before);
    expectOk(await runKbAs(NOBODY, ['--kb', kb, 'doctor']), 'doctor');
  });
});

function listAll(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' });
}
