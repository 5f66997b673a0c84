import { describe, expect, it } from 'vitest';
import { planBatch, precheck } from '../src/prepare/plan-batch.js';
import type { ScannedFile } from '../src/prepare/scan-inputs.js';

const file = (p: string, size = 10): ScannedFile => ({ path: `/in/${p}`, display: p, size });

describe('precheck', () => {
  // readAs stands in for read-as.ts: Markdown and PDF read as themselves, `LICENSE` sniffed as text.
  const readAs = (p: string): string | undefined => (/\.(md|pdf)$/i.test(p) ? p.slice(p.lastIndexOf('.')).toLowerCase() : p.endsWith('/LICENSE') ? '.txt' : undefined);
  const options = { readAs, maxFileBytes: 1024 };
  it('skips unsupported types and fails empty or oversized files before reading them', () => {
    expect(precheck(file('a.xyz'), options)).toEqual({ status: 'skipped', reason: 'unsupported type .xyz' });
    expect(precheck(file('a.out'), options)).toEqual({ status: 'skipped', reason: 'unsupported type .out' });
    expect(precheck(file('Makefile'), options)).toEqual({ status: 'skipped', reason: 'unsupported type (no extension, not text)' });
    // Named on the command line rather than found in a folder: the user asked for it, so it fails.
    expect(precheck({ ...file('a.xyz'), named: true }, options)).toEqual({ status: 'failed', reason: 'unsupported type .xyz' });
    expect(precheck(file('a.md', 0), options)).toEqual({ status: 'failed', reason: 'empty file' });
    expect(precheck(file('a.PDF', 4096), options)).toMatchObject({ reason: expect.stringMatching(/^file too large \(0\.0 MB; the limit is 0\.0 MB/) });
    expect(precheck(file('a.md'), options)).toEqual({ readAs: '.md' });
    expect(precheck(file('LICENSE'), options)).toEqual({ readAs: '.txt' });
  });
});

describe('planBatch', () => {
  it('skips registered hashes and repeats within the batch, and names the rest in scan order', () => {
    const files = [file('a/report.md'), file('b/report.md'), file('copy.md'), file('known.md'), file('bad.xyz'), file('notes.md')];
    const hashes = new Map<number, string | { error: string }>([[0, 'h1'], [1, 'h2'], [2, 'h1'], [3, 'h-known'], [5, 'h5']]);
    const prechecks = new Map([[4, { status: 'skipped' as const, reason: 'unsupported type .xyz' }]]);
    const plan = planBatch(files, hashes, prechecks, {
      byHash: (h) => (h === 'h-known' ? { name: 'known', raw_path: 'raw/known.md', original_path: '/in/known.md' } : undefined),
      byOriginalPath: (p) => (p === '/in/notes.md' ? { name: 'notes-old' } : undefined),
      existingNames: () => ['known', 'notes-old'],
    });
    expect(plan.map((p) => [p.file.display, p.status, p.status === 'prepare' ? p.doc : p.reason])).toEqual([
      ['a/report.md', 'prepare', 'report'],
      ['b/report.md', 'prepare', 'report-2'],
      ['copy.md', 'skipped', 'duplicate of a/report.md'],
      ['known.md', 'skipped', 'already in knowledge base as known'],
      ['bad.xyz', 'skipped', 'unsupported type .xyz'],
      ['notes.md', 'prepare', 'notes-old'],
    ]);
    expect(plan[5]).toMatchObject({ replaces: 'notes-old' });
  });

  it('with reconvert, converts a registered file again under its document name, when it has the type it was added as', () => {
    const files = [file('moved/known.md'), file('known.txt'), file('again.md')];
    const hashes = new Map<number, string | { error: string }>([[0, 'h-known'], [1, 'h-known'], [2, 'h-known']]);
    const registry = {
      byHash: (h: string) => (h === 'h-known' ? { name: 'known', raw_path: 'raw/known.md', original_path: '/in/known.md' } : undefined),
      byOriginalPath: () => undefined,
      existingNames: () => ['known'],
    };
    const plan = planBatch(files, hashes, new Map(), registry, { reconvert: true });
    expect(plan.map((p) => [p.file.display, p.status, p.status === 'prepare' ? `${p.doc} replaces ${p.replaces}` : p.reason])).toEqual([
      ['moved/known.md', 'prepare', 'known replaces known'],
      ['known.txt', 'skipped', 'already in knowledge base as known (added as .md: --reconvert takes the same type)'],
      ['again.md', 'skipped', 'duplicate of moved/known.md'],
    ]);
  });
});
