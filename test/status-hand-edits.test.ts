// What `kb status` says of hand edits when it trusts size and mtime (commit/find-hand-edits.ts):
// a page whose stat is as recorded is not read, so these tests keep the pages' mtimes when they
// copy the KB, as a user's KB keeps them, and then change pages the ways people do.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHandEdits, scanInWorker } from '../src/commit/find-hand-edits.js';
import { scanPageStamps } from '../src/commit/scan-page-stamps.js';
import { useKbWithDocs } from './support/kb-with-docs.js';
import { runKb } from './support/run-kb.js';
import { contextOn } from './support/temp-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-status-hand-edits-');

const DOCS: Record<string, string> = {
  'composting-at-home.md': '# Composting at Home\n\nComposting turns kitchen scraps into humus. Composting needs air and water.\n\n## Greens and browns\n\nComposting balances greens and browns. Greens are peelings; browns are dry leaves.\n',
  'garden-beds.md': '# Garden Beds\n\nRaised garden beds drain well. Composting feeds the garden beds every spring.\n\n## Mulch\n\nMulch keeps garden beds moist. Composting and mulch work together.\n',
};
const MORE_COMPOST = '# Compost Bins\n\nComposting in a bin keeps the heap tidy. Composting with a lid keeps rain out of the compost. Composting in winter is slow.\n';

const base = useKbWithDocs('kb-status-hand-edits-base-', DOCS);

interface Status {
  hand_edited: string[];
  pages_with_notes: string[];
  kept_copies: string[];
}

/** A copy of the shared KB with every file's mtime kept to the nanosecond (fs.cpSync rounds them to the millisecond). */
function copyKeepingMtimes(): string {
  const copy = path.join(tempDir(), 'kb');
  execFileSync('cp', ['-a', base.root(), copy]);
  return copy;
}

async function kb(root: string, ...args: string[]): Promise<string> {
  const run = await runKb(['--kb', root, ...args]);
  expect(run.code, `kb ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

const status = async (root: string): Promise<Status> => JSON.parse(await kb(root, '--json', 'status')) as Status;

/** Replaces `from` by `to` (same length) in a page: the size stays, the mtime moves unless `keepMtime`. */
function editSameSize(root: string, rel: string, from: string, to: string, keepMtime = false): void {
  expect(to.length).toBe(from.length);
  const file = path.join(root, rel);
  const before = fs.statSync(file);
  // `touch -r` puts back the mtime to the nanosecond; fs.utimesSync would round it.
  const reference = `${file}.mtime`;
  if (keepMtime) execFileSync('cp', ['-p', file, reference]);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
  if (keepMtime) {
    execFileSync('touch', ['-r', reference, file]);
    fs.rmSync(reference);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
  } else fs.utimesSync(file, before.atime, new Date(before.mtimeMs + 2000));
}

describe('kb status finds hand edits from size and mtime', () => {
  it('lists an edit of the same size and notes (also notes kb carried, known from kb.db); doctor lists a deleted page', async () => {
    const root = copyKeepingMtimes();
    expect(await status(root)).toEqual(expect.objectContaining({ hand_edited: [], pages_with_notes: [], kept_copies: [] }));

    const summary = 'wiki/summaries/garden-beds.md';
    editSameSize(root, summary, 'Garden Beds', 'GARDEN BEDS');
    const concept = 'wiki/concepts/composting.md';
    fs.appendFileSync(path.join(root, concept), '\nMy own line: the heap smells of earth.\n');
    const source = 'wiki/sources/composting-at-home.md';
    fs.rmSync(path.join(root, source));
    expect(await status(root)).toEqual(expect.objectContaining({ hand_edited: [summary], pages_with_notes: [concept], kept_copies: [] }));
    const doctor = JSON.parse((await runKb(['--kb', root, '--json', 'doctor'])).stdout) as { hand_edits: { edited: string[]; notes: string[]; deleted: string[] } };
    expect(doctor.hand_edits).toMatchObject({ edited: [summary], notes: [concept], deleted: [source] });

    // A new document rewrites the concept page: kb carries the note after its text and records
    // both, so the page's stat matches its record again and the note is known from kb.db alone.
    const input = path.join(tempDir(), 'more');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'compost-bins.md'), MORE_COMPOST);
    await kb(root, 'add', input);
    expect(fs.readFileSync(path.join(root, concept), 'utf8')).toContain('[[summaries/compost-bins|');
    expect((await status(root)).pages_with_notes).toEqual([concept]);
  });

  it('lists pages in path order, notes known from kb.db between notes found by reading (status and doctor alike)', async () => {
    // find-hand-edits.ts reads the records in batches and judges changed pages between them:
    // the lists keep the records' path order, whether a page is listed from its record or read.
    const root = copyKeepingMtimes();
    const concept = 'wiki/concepts/composting.md';
    fs.appendFileSync(path.join(root, concept), '\nMy own line: the heap smells of earth.\n');
    const input = path.join(tempDir(), 'more');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'compost-bins.md'), MORE_COMPOST);
    await kb(root, 'add', input);
    expect((await status(root)).pages_with_notes).toEqual([concept]);

    // One page with notes sorts before the concept whose notes kb carried, two after it.
    const [catalog, gardenBed, gardenSummary] = ['wiki/catalog/documents-001.md', 'wiki/concepts/garden-bed.md', 'wiki/summaries/garden-beds.md'];
    for (const rel of [catalog, gardenBed, gardenSummary]) fs.appendFileSync(path.join(root, rel), '\nMy note.\n');
    const [gardenSource, compostingSummary] = ['wiki/sources/garden-beds.md', 'wiki/summaries/composting-at-home.md'];
    editSameSize(root, compostingSummary, 'Composting at Home', 'COMPOSTING AT HOME');
    editSameSize(root, gardenSource, 'Garden Beds', 'GARDEN BEDS');
    const deleted = ['wiki/sources/compost-bins.md', 'wiki/summaries/compost-bins.md'];
    for (const rel of deleted) fs.rmSync(path.join(root, rel));

    const edited = [gardenSource, compostingSummary];
    const notes = [catalog, concept, gardenBed, gardenSummary];
    expect(await status(root)).toEqual(expect.objectContaining({ hand_edited: edited, pages_with_notes: notes }));
    const doctor = JSON.parse((await runKb(['--kb', root, '--json', 'doctor'])).stdout) as { hand_edits: { edited: string[]; notes: string[]; deleted: string[] } };
    expect(doctor.hand_edits).toMatchObject({ edited, notes, deleted });

    // In a big KB a worker thread stats the second half of the pages (by path): the same lists.
    const ctx = contextOn(root, { journalId: () => 'j1', chatId: () => 'c1' });
    try {
      const split = await findHandEdits(ctx, { workerFrom: 0 });
      expect(split).toEqual(await findHandEdits(ctx, { workerFrom: Number.POSITIVE_INFINITY }));
      expect(split).toMatchObject({ edited, notes, deleted });
      // And what the worker sends is its half's scan, not a fallback to this thread's.
      const from = 'wiki/concepts/garden-bed.md';
      const theirs = await scanInWorker(ctx.paths.db, root, from);
      expect(theirs).toEqual(scanPageStamps(root, ctx.store.pages.stampBatches({ from })));
      expect(theirs?.listed.map(([page]) => page)).toEqual([gardenBed, gardenSource, compostingSummary, gardenSummary]);
      // A worker that has not answered in time is stopped, and this thread stats its half: the same lists.
      expect(await scanInWorker(ctx.paths.db, root, from, 1)).toBeUndefined();
      expect(await findHandEdits(ctx, { workerFrom: 0, workerTimeoutMs: 1 })).toEqual(split);
    } finally {
      ctx.store.close();
    }
  });

  it('--no-edits skips the check: the hand-edit lists are null (not "none"), kept copies still listed, and the table says so', async () => {
    const root = copyKeepingMtimes();
    const summary = 'wiki/summaries/garden-beds.md';
    editSameSize(root, summary, 'Garden Beds', 'GARDEN BEDS');
    expect((await status(root)).hand_edited).toEqual([summary]);

    const quick = JSON.parse(await kb(root, '--json', 'status', '--no-edits')) as Record<string, unknown>;
    expect(quick).toMatchObject({ docs: 2, pending_journals: 0, hand_edited: null, pages_with_notes: null, kept_copies: [] });
    const table = await kb(root, 'status', '--no-edits');
    expect(table).toMatch(/^hand edits +not checked \(kb status without --no-edits checks them\)$/m);
    expect(table).not.toContain(summary);
    expect(await kb(root, 'status')).toMatch(new RegExp(`^hand-edited +1\\n  ${summary}$`, 'm'));
  });

  it('known limit: an edit that keeps the size and puts the mtime back is not listed, yet a rewrite still keeps it', async () => {
    const root = copyKeepingMtimes();
    const summary = 'wiki/summaries/composting-at-home.md';
    // A section heading, kb's text (a corrected `# title` heading would be kept in place, not copied).
    editSameSize(root, summary, '## Key points', '## KEY POINTS', true);
    expect((await status(root)).hand_edited).toEqual([]);

    // Commands that rewrite a page read it whole and hash it: the edit is copied aside first.
    const recompiled = await runKb(['--kb', root, 'recompile', 'composting-at-home']);
    expect(recompiled.code, recompiled.stderr).toBe(0);
    const copy = /kept your edits of wiki\/summaries\/composting-at-home\.md in (\S+)/.exec(recompiled.stderr)?.[1];
    expect(copy, recompiled.stderr).toBeDefined();
    expect(fs.readFileSync(path.join(root, copy as string), 'utf8')).toContain('KEY POINTS');
    expect((await status(root)).kept_copies).toEqual([copy]);
  });
});
