import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupName } from '../src/commit/backup.js';
import { recoverJournals } from '../src/commit/recover-journals.js';
import { needsRecovery, sweepOrphans } from '../src/commit/sweep-orphans.js';
import { newOwnedName } from '../src/core/process-owner.js';
import { withKbLock } from '../src/commit/with-kb-lock.js';
import { makeTempKb } from './support/temp-kb.js';

const kbs: ReturnType<typeof makeTempKb>[] = [];
afterEach(() => {
  for (const k of kbs.splice(0)) k.close();
});
function kb(): ReturnType<typeof makeTempKb> {
  const made = makeTempKb();
  kbs.push(made);
  return made;
}
/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '0']).pid;
  if (pid === undefined) throw new Error('spawn failed');
  return pid;
}
function put(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('recoverJournals', () => {
  it.each([
    ['empty file', ''],
    ['truncated JSON', '{"version":1,"id":"j1","targets":[{"pa'],
    ['not JSON', 'garbage\u0000\u0001'],
    ['wrong id', '{"version":1,"id":"other","op":"x","detail":"","createdAt":"","owner":{"pid":1},"targets":[]}'],
    ['bad targets', '{"version":1,"id":"j1","targets":[{"path":3}]}'],
    ['unknown version', '{"version":9,"id":"j1","targets":[]}'],
  ])('handles a malformed uncommitted journal (%s): restores its backups and never throws', (_label, text) => {
    const k = kb();
    const { paths } = k.ctx;
    put(path.join(paths.journal, 'j1.json'), text);
    // Backups are named after KB paths, so even without a readable journal the old bytes return.
    put(path.join(paths.backup, 'j1', backupName('wiki/index.md')), 'index before the change');
    put(path.join(paths.backup, 'j1', backupName('wiki/catalog/100%.md')), 'catalogue before the change');
    fs.writeFileSync(path.join(paths.wiki, 'index.md'), 'half-applied index');
    const report = recoverJournals(k.ctx);
    expect(report.malformed).toHaveLength(1);
    expect(report.malformed[0]?.restored).toBe(2);
    expect(fs.readFileSync(path.join(paths.wiki, 'index.md'), 'utf8')).toBe('index before the change');
    expect(fs.readFileSync(path.join(paths.wiki, 'catalog', '100%.md'), 'utf8')).toBe('catalogue before the change');
    expect(fs.readdirSync(paths.journal)).toEqual([]);
    expect(fs.readdirSync(paths.backup)).toEqual([]);
  });

  it('discards a malformed journal whose commit is recorded, keeping the committed files', () => {
    const k = kb();
    const { paths } = k.ctx;
    k.ctx.store.commit([], { journalId: 'j9', op: 'x', detail: '', committedAt: '' });
    put(path.join(paths.journal, 'j9.json'), '{"trunc');
    put(path.join(paths.backup, 'j9', backupName('wiki/index.md')), 'old');
    fs.writeFileSync(path.join(paths.wiki, 'index.md'), 'committed');
    const report = recoverJournals(k.ctx);
    expect(report.discarded).toEqual(['j9']);
    expect(fs.readFileSync(path.join(paths.wiki, 'index.md'), 'utf8')).toBe('committed');
    expect(fs.readdirSync(paths.backup)).toEqual([]);
  });

  it('removes temp files a killed writer left next to a rolled-back target', () => {
    const k = kb();
    const { paths } = k.ctx;
    const journal = { version: 1, id: 'j2', op: 'x', detail: '', createdAt: '', owner: { pid: 1 }, targets: [{ path: 'wiki/concepts/new.md', existed: false }] };
    put(path.join(paths.journal, 'j2.json'), JSON.stringify(journal));
    fs.mkdirSync(path.join(paths.backup, 'j2'));
    const stray = path.join(paths.wiki, 'concepts', `.new.md.tmp-${deadPid()}-0123abcd`);
    put(stray, 'partial');
    put(path.join(paths.wiki, 'concepts', 'new.md'), 'created');
    const report = recoverJournals(k.ctx);
    expect(report.rolledBack).toEqual(['j2']);
    expect(fs.readdirSync(path.join(paths.wiki, 'concepts'))).toEqual([]);
  });
});

describe('sweepOrphans', () => {
  it('removes backups without a journal, staging of dead owners and journal temps; keeps live staging', () => {
    const k = kb();
    const { paths } = k.ctx;
    const dead = deadPid();
    put(path.join(paths.backup, 'orphan', 'wiki', 'x.md'), 'x');
    put(path.join(paths.staging, `${dead}-abc`, 'item', 'file'), 'x');
    put(path.join(paths.staging, `${process.pid}-live`, 'item', 'file'), 'x');
    put(path.join(paths.journal, `.j5.json.tmp-${dead}-deadbeef`), '{');
    expect(needsRecovery(paths)).toBe(true);
    const swept = sweepOrphans(paths).sort();
    expect(swept).toEqual(['.kb/backup/orphan', `.kb/journal/.j5.json.tmp-${dead}-deadbeef`, `.kb/staging/${dead}-abc`].sort());
    expect(fs.readdirSync(paths.staging)).toEqual([`${process.pid}-live`]);
    expect(needsRecovery(paths)).toBe(false);
  });

  it('tells a batch by the start time in its name, without owner.json: a reused pid does not keep it alive', () => {
    const k = kb();
    const { paths } = k.ctx;
    const mine = newOwnedName();
    expect(mine).toMatch(new RegExp(`^${process.pid}-\\d+-[0-9a-f]{8}$`));
    // Killed before owner.json: this process's pid, but another process's start time.
    const reused = `${process.pid}-1-0badcafe`;
    put(path.join(paths.staging, mine, 'item', 'file'), 'x');
    put(path.join(paths.staging, reused, 'item', 'file'), 'x');
    expect(sweepOrphans(paths)).toEqual([`.kb/staging/${reused}`]);
    expect(fs.readdirSync(paths.staging)).toEqual([mine]);
  });

  it("leaves a live process's trash to it, sweeps a dead one's; only a dead one's sends a reader through recovery", () => {
    const k = kb();
    const { paths } = k.ctx;
    const live = newOwnedName();
    // This pid with another start time: a process that died and whose pid came back.
    const dead = `${process.pid}-1-0badcafe`;
    put(path.join(paths.trash, live, 'wiki%2Findex.md'), 'x');
    expect(needsRecovery(paths)).toBe(false);
    put(path.join(paths.trash, dead, 'wiki%2Findex.md'), 'x');
    expect(needsRecovery(paths)).toBe(true);
    expect(sweepOrphans(paths)).toEqual([`.kb/trash/${dead}`]);
    expect(fs.readdirSync(paths.trash)).toEqual([live]);
    expect(needsRecovery(paths)).toBe(false);
  });

  it('runs as part of the first lock acquisition, for readers too', async () => {
    const k = kb();
    const { paths } = k.ctx;
    put(path.join(paths.backup, 'orphan', 'wiki', 'x.md'), 'x');
    await withKbLock(k.ctx, 'shared', () => undefined);
    expect(fs.readdirSync(paths.backup)).toEqual([]);
  });
});
