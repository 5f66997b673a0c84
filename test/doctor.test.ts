import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLeftovers } from '../src/commands/doctor-checks.js';
import { runDoctor } from '../src/commands/doctor.js';
import { applyChangeset } from '../src/commit/apply-changeset.js';
import { emptyChangeset } from '../src/model/changeset.js';
import { withKbLock } from '../src/commit/with-kb-lock.js';
import { newOwnedName } from '../src/core/process-owner.js';
import { makeTempKb } from './support/temp-kb.js';

const kbs: ReturnType<typeof makeTempKb>[] = [];
afterEach(() => {
  for (const k of kbs.splice(0)) k.close();
});

/** A KB holding one consistent document, `alpha`. */
async function kbWithOneDoc(): Promise<ReturnType<typeof makeTempKb>> {
  const k = makeTempKb();
  kbs.push(k);
  const raw = 'alpha raw bytes\n';
  await withKbLock(k.ctx, 'exclusive', () =>
    applyChangeset(k.ctx, {
      ...emptyChangeset('add', 'alpha'),
      writes: [
        { path: 'raw/alpha.txt', content: raw },
        { path: 'wiki/sources/alpha.md', content: '# alpha\n' },
        { path: 'wiki/summaries/alpha.md', content: '# alpha\n\nsee [[sources/alpha]] and [[index]]\n' },
      ],
      registry: [{
        kind: 'upsertDocument',
        doc: {
          name: 'alpha', title: 'alpha', hash: createHash('sha256').update(raw).digest('hex'), original_path: '/in/alpha.txt',
          raw_path: 'raw/alpha.txt', source_path: 'wiki/sources/alpha.md', summary_path: 'wiki/summaries/alpha.md',
          size: raw.length, added_at: 'now', updated_at: 'now',
        },
      }],
    }),
  );
  return k;
}

describe('kb doctor checks', () => {
  it('tells each check as it starts, for the progress line at 100,000 documents', async () => {
    const k = await kbWithOneDoc();
    const steps: string[] = [];
    await runDoctor(k.ctx, { repair: true, onStep: (step) => steps.push(step) });
    expect(steps).toEqual([
      'repairing',
      'checking kb.db',
      'looking for leftovers of interrupted changes',
      'hashing the files of 1 documents',
      'checking every wikilink',
      'checking the search index',
      'looking for hand edits',
    ]);
  });

  it('finds nothing wrong in a consistent KB', async () => {
    const k = await kbWithOneDoc();
    expect(await runDoctor(k.ctx, { repair: false })).toEqual({ ok: true, violations: [], repaired: [], hand_edits: { edited: [], notes: [], deleted: [], kept_copies: [] } });
  });

  it('reports each broken invariant with its kind and path', async () => {
    const k = await kbWithOneDoc();
    fs.writeFileSync(path.join(k.root, 'raw/alpha.txt'), 'edited behind kb’s back');
    fs.rmSync(path.join(k.root, 'wiki/sources/alpha.md'));
    fs.writeFileSync(path.join(k.root, 'raw/stray.pdf'), 'x');
    fs.writeFileSync(path.join(k.root, 'wiki/concepts/c.md'), 'line one\nlinks to [[concepts/missing]]\n');
    fs.writeFileSync(path.join(k.root, `wiki/.index.md.tmp-999999999-0123abcd`), 'x');
    const result = await runDoctor(k.ctx, { repair: false });
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => [v.kind, v.path]).sort()).toEqual(
      [
        ['broken-link', 'wiki/concepts/c.md:2'],
        ['broken-link', 'wiki/summaries/alpha.md:3'],
        ['hash-mismatch', 'raw/alpha.txt'],
        ['leftover-temp', 'wiki/.index.md.tmp-999999999-0123abcd'],
        ['missing-file', 'wiki/sources/alpha.md'],
        // A page deleted behind kb's back: the search index no longer matches it. (A page the
        // user wrote, c.md, is theirs: commits do not index it, so it is not missing there.)
        ['search-stale', 'wiki/sources/alpha.md'],
        ['unregistered-file', 'raw/stray.pdf'],
      ].sort(),
    );
  });
});

describe('kb doctor and the trash of kb add', () => {
  it("reports a dead process's trash as leftover-trash, and its first lock sweeps it before it looks", async () => {
    const k = await kbWithOneDoc();
    // This pid with another start time: a kb add that died before emptying its trash.
    const dead = `${process.pid}-1-0badcafe`;
    const live = newOwnedName();
    for (const name of [dead, live]) {
      fs.mkdirSync(path.join(k.ctx.paths.trash, name), { recursive: true });
      fs.writeFileSync(path.join(k.ctx.paths.trash, name, 'wiki%2Findex.md'), 'old index');
    }
    expect(checkLeftovers(k.ctx).map((v) => [v.kind, v.path])).toEqual([['leftover-trash', `.kb/trash/${dead}`]]);
    expect(await runDoctor(k.ctx, { repair: false })).toEqual({ ok: true, violations: [], repaired: [], hand_edits: { edited: [], notes: [], deleted: [], kept_copies: [] } });
    // The live process's trash is its own to empty.
    expect(fs.readdirSync(k.ctx.paths.trash)).toEqual([live]);
  });
});

describe('kb doctor --repair', () => {
  it('removes temp files of dead writers and reports what it did', async () => {
    const k = await kbWithOneDoc();
    const temp = 'wiki/.index.md.tmp-999999999-0123abcd';
    fs.writeFileSync(path.join(k.root, temp), 'x');
    const result = await runDoctor(k.ctx, { repair: true });
    expect(result.ok).toBe(true);
    expect(result.repaired).toContain(`removed ${temp}`);
    expect(fs.existsSync(path.join(k.root, temp))).toBe(false);
  });

  it('says repaired only for what it changed: nothing on a sound KB, the index once a page appeared behind its back', async () => {
    const k = await kbWithOneDoc();
    expect((await runDoctor(k.ctx, { repair: true })).repaired).toEqual([]);
    fs.writeFileSync(path.join(k.root, 'wiki/concepts/new.md'), '# New\n\nWritten in Obsidian.\n');
    expect((await runDoctor(k.ctx, { repair: true })).repaired).toEqual([expect.stringMatching(/^rebuilt the search index \(\d+ pages/)]);
    expect((await runDoctor(k.ctx, { repair: true })).repaired).toEqual([]);
  });
});
