import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChangeset } from '../src/commit/apply-changeset.js';
import { backupName, type LinkSeam } from '../src/commit/backup.js';
import { emptyChangeset, type Changeset } from '../src/model/changeset.js';
import { emptyTrash } from '../src/commit/trash.js';
import { withKbLock } from '../src/commit/with-kb-lock.js';
import { armCrashPoint } from '../src/core/crash-point.js';
import type { DocumentRow } from '../src/model/registry.js';
import { snapshotTree, useTempKbs, type makeTempKb } from './support/temp-kb.js';

const kb = useTempKbs();
afterEach(() => armCrashPoint(undefined));

function doc(name: string, hash: string): DocumentRow {
  return {
    name, title: name, hash, original_path: `/in/${name}.txt`, raw_path: `raw/${name}.txt`,
    source_path: `wiki/sources/${name}.md`, summary_path: `wiki/summaries/${name}.md`, size: 1,
    added_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
  };
}

/** Pre-state with files to replace and delete; returns a changeset touching 6 targets. */
function seedAndPlan(k: ReturnType<typeof makeTempKb>): Promise<Changeset> {
  return withKbLock(k.ctx, 'exclusive', () => {
    applyChangeset(k.ctx, {
      ...emptyChangeset('seed', 'seed'),
      writes: [
        { path: 'wiki/concepts/keep.md', content: 'keep v1' },
        { path: 'wiki/concepts/gone.md', content: 'to delete' },
      ],
      registry: [{ kind: 'upsertDocument', doc: doc('a', 'h1') }],
    });
    const staged = path.join(k.ctx.paths.staging, `${process.pid}-t`, 'raw.bin');
    fs.mkdirSync(path.dirname(staged), { recursive: true });
    fs.writeFileSync(staged, 'staged bytes');
    return {
      ...emptyChangeset('test', 'six targets'),
      writes: [
        { path: 'wiki/concepts/keep.md', content: 'keep v2' },
        { path: 'wiki/index.md', content: 'new index' },
        { path: 'wiki/entities/new.md', content: 'created' },
      ],
      publishes: [{ path: 'raw/a.txt', from: staged }],
      deletes: ['wiki/concepts/gone.md', 'wiki/concepts/never-existed.md'],
      registry: [{ kind: 'upsertDocument', doc: doc('a', 'h2') }, { kind: 'upsertDocument', doc: doc('b', 'h3') }],
    };
  });
}

function leftovers(k: ReturnType<typeof makeTempKb>): string[] {
  return ['journal', 'backup'].flatMap((d) => fs.readdirSync(path.join(k.ctx.paths.meta, d)).map((n) => `${d}/${n}`));
}

describe('applyChangeset', () => {
  it('applies writes, publishes and deletes, commits the registry and cleans up', async () => {
    const k = kb();
    const plan = await seedAndPlan(k);
    await withKbLock(k.ctx, 'exclusive', () => applyChangeset(k.ctx, plan));
    const tree = snapshotTree(k.root);
    const text = (p: string): string | undefined => (tree[p] ? Buffer.from(tree[p]!, 'base64').toString() : undefined);
    expect(text('wiki/concepts/keep.md')).toBe('keep v2');
    expect(text('wiki/entities/new.md')).toBe('created');
    expect(text('raw/a.txt')).toBe('staged bytes');
    expect(text('wiki/concepts/gone.md')).toBeUndefined();
    expect(k.ctx.store.documents.list().map((d) => [d.name, d.hash])).toEqual([['a', 'h2'], ['b', 'h3']]);
    expect(k.ctx.store.commits.isCommitted('j000002')).toBe(true);
    expect(leftovers(k)).toEqual([]);
  });

  it('with backupsToTrash, moves the backups to the trash and deletes them in the background', async () => {
    const k = kb();
    const plan = await seedAndPlan(k);
    await withKbLock(k.ctx, 'exclusive', () => applyChangeset(k.ctx, plan, { backupsToTrash: true }));
    expect(leftovers(k)).toEqual([]);
    // The deletion has started, not finished: it waits for this thread's event loop.
    const [folder, ...more] = fs.readdirSync(k.ctx.paths.trash);
    expect(more).toEqual([]);
    expect(folder).toMatch(new RegExp(`^${process.pid}-\\d+-[0-9a-f]{8}$`));
    // The backups of the three targets that existed: keep.md, index.md, gone.md.
    expect(fs.readdirSync(path.join(k.ctx.paths.trash, folder!)).sort()).toEqual(
      ['wiki/concepts/gone.md', 'wiki/concepts/keep.md', 'wiki/index.md'].map(backupName).sort(),
    );
    await emptyTrash();
    expect(fs.readdirSync(k.ctx.paths.trash)).toEqual([]);
    expect(k.ctx.store.documents.list().map((d) => [d.name, d.hash])).toEqual([['a', 'h2'], ['b', 'h3']]);
  });

  it('refuses to run outside the exclusive lock', async () => {
    const k = kb();
    expect(() => applyChangeset(k.ctx, emptyChangeset('x', 'y'))).toThrow(/outside the exclusive lock/);
    await withKbLock(k.ctx, 'shared', () => {
      expect(() => applyChangeset(k.ctx, emptyChangeset('x', 'y'))).toThrow(/outside the exclusive lock/);
    });
  });

  it('rolls everything back, byte for byte, when a step fails after every target changed', async () => {
    // The rollback restores replaced files from their hardlink backups. Were any writer to
    // write in place, the backup would share the new bytes and this comparison would fail.
    const k = kb();
    const plan = await seedAndPlan(k);
    const before = snapshotTree(k.root);
    const rowsBefore = k.ctx.store.documents.list();
    armCrashPoint('target:5:applied@throw');
    await expect(withKbLock(k.ctx, 'exclusive', () => applyChangeset(k.ctx, plan))).rejects.toThrow(/injected fault/);
    const after = snapshotTree(k.root);
    delete before['raw/a.txt'];
    expect(after).toEqual(before);
    expect(k.ctx.store.documents.list()).toEqual(rowsBefore);
    expect(leftovers(k)).toEqual([]);
  });

  it('rolls back when the registry transaction itself fails', async () => {
    const k = kb();
    const before = snapshotTree(k.root);
    const bad: Changeset = {
      ...emptyChangeset('bad', 'violates NOT NULL'),
      writes: [{ path: 'wiki/index.md', content: 'changed' }],
      registry: [{ kind: 'upsertDocument', doc: { ...doc('x', 'h'), title: null as unknown as string } }],
    };
    await expect(withKbLock(k.ctx, 'exclusive', () => applyChangeset(k.ctx, bad))).rejects.toThrow(/NOT NULL/);
    expect(snapshotTree(k.root)).toEqual(before);
    expect(k.ctx.store.documents.count()).toBe(0);
  });

  it('rolls back a second document with a registered hash: documents.hash is UNIQUE (migration 11)', async () => {
    const k = kb();
    await seedAndPlan(k);
    const before = snapshotTree(k.root);
    const rowsBefore = k.ctx.store.documents.list();
    const twin: Changeset = {
      ...emptyChangeset('add', 'the same bytes again'),
      writes: [{ path: 'wiki/sources/twin.md', content: 'twin' }, { path: 'wiki/index.md', content: 'lists the twin' }],
      registry: [{ kind: 'upsertDocument', doc: doc('twin', 'h1') }],
    };
    await expect(withKbLock(k.ctx, 'exclusive', () => applyChangeset(k.ctx, twin))).rejects.toThrow(/UNIQUE constraint failed: documents\.hash/);
    expect(snapshotTree(k.root)).toEqual(before);
    expect(k.ctx.store.documents.list()).toEqual(rowsBefore);
    expect(leftovers(k)).toEqual([]);
  });

  it('falls back to copying when hardlinks fail (EXDEV), and still rolls back exactly', async () => {
    const k = kb();
    const plan = await seedAndPlan(k);
    const before = snapshotTree(k.root);
    delete before['raw/a.txt'];
    let refused = 0;
    const noLinks: LinkSeam = {
      link: () => {
        refused++;
        throw Object.assign(new Error('cross-device link'), { code: 'EXDEV' });
      },
    };
    armCrashPoint('target:5:applied@throw');
    await expect(withKbLock(k.ctx, 'exclusive', () => applyChangeset(k.ctx, plan, { link: noLinks }))).rejects.toThrow(/injected fault/);
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(snapshotTree(k.root)).toEqual(before);
  });

  it('rejects unsafe, duplicate and non-file targets before touching anything', async () => {
    const k = kb();
    const before = snapshotTree(k.root);
    const run = (cs: Partial<Changeset>): Promise<unknown> =>
      withKbLock(k.ctx, 'exclusive', () => applyChangeset(k.ctx, { ...emptyChangeset('t', 't'), ...cs }));
    await expect(run({ writes: [{ path: '../escape.md', content: 'x' }] })).rejects.toThrow(/refusing to write/);
    await expect(run({ writes: [{ path: 'wiki/a.md', content: 'x' }], deletes: ['wiki/a.md'] })).rejects.toThrow(/twice/);
    fs.mkdirSync(path.join(k.root, 'wiki', 'dir.md'));
    await expect(run({ writes: [{ path: 'wiki/dir.md', content: 'x' }] })).rejects.toThrow(/not a regular file/);
    await expect(run({ publishes: [{ path: 'raw/x', from: '/etc/hostname' }] })).rejects.toThrow(/staged under/);
    fs.rmdirSync(path.join(k.root, 'wiki', 'dir.md'));
    expect(snapshotTree(k.root)).toEqual(before);
    expect(leftovers(k)).toEqual([]);
  });
});
