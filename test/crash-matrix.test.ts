import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AFTER_COMMIT, COMMIT_CRASH_POINTS, TARGETS, applyChild, expectDoctorClean, expectExit0, expectKilled, expectNoLeftovers, kb, readState, useCrashFixture } from './support/crash-fixture.js';

/**
 * The crash-safety protocol of DESIGN.md, proven by killing a real process at every step of
 * one commit: a child (test/support/apply-child.mjs, running the built dist/) applies a
 * 14-target changeset and SIGKILLs itself at crash point k; the next `kb` command must leave
 * the KB byte-identical to the state before the changeset, or — exactly when the SQLite
 * commit had happened — to the state after it, with nothing left over. A crash during that
 * recovery, at each of its steps, is test/recovery-crash-matrix.test.ts.
 *
 * Needs `npm run build` first: every process here runs dist/, not the TypeScript sources.
 */

const fixture = useCrashFixture('kb-crash-matrix-');

describe('crash matrix: SIGKILL at every step of a commit, then the next command', () => {
  it('has a fixture that doctor accepts before and after, and that really changes things', async () => {
    const [pre, post] = [fixture.pre(), fixture.post()];
    expect(post.tree).not.toEqual(pre.tree);
    expect(post.documents).not.toEqual(pre.documents);
    expect(pre.documents.map((d) => d.name)).toEqual(['alpha', 'beta']);
    expect(post.documents.map((d) => d.name)).toEqual(['alpha', 'gamma']);
    expect(post.commits).toBe(pre.commits + 1);
    await expectDoctorClean(fixture.freshKb());
    await expectDoctorClean(fixture.postDir());
  });

  it('names crash points after the targets the journal really lists', async () => {
    const dir = fixture.freshKb();
    expectKilled(await applyChild(dir, 'apply', 'journal-written'), 'journal-written');
    const journals = fs.readdirSync(path.join(dir, '.kb', 'journal')).filter((n) => n.endsWith('.json'));
    expect(journals).toHaveLength(1);
    const journal = JSON.parse(fs.readFileSync(path.join(dir, '.kb', 'journal', journals[0] ?? ''), 'utf8')) as { targets: { path: string }[] };
    expect(journal.targets.map((t) => t.path)).toEqual(TARGETS);
  });

  it.each(COMMIT_CRASH_POINTS)('crash at %s → exactly the pre- or post-state, nothing left over', async (point) => {
    const dir = fixture.freshKb();
    expectKilled(await applyChild(dir, 'apply', point), point);
    // Whatever the point, the dead child left something for recovery (at least its staging).
    const pending = ['journal', 'backup', 'staging'].flatMap((sub) => fs.readdirSync(path.join(dir, '.kb', sub)));
    expect(pending.length).toBeGreaterThan(0);

    expectExit0(await kb(['status', '--kb', dir]), 'kb status after the crash');

    expect(readState(dir)).toEqual(AFTER_COMMIT.has(point) ? fixture.post() : fixture.pre());
    expectNoLeftovers(dir);
    await expectDoctorClean(dir);
  });
});
