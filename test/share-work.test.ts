// Shared work (src/prepare/share-work.ts) in one thread: the "helper" runs the pool's help
// task in the same event loop, so its claims interleave with the asker's at every await. The
// outcome must be what one worker computes alone, also when a helper fails mid-way.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unitSource } from '../src/analyze/analyze-document.js';
import { collectCandidates, tagUnits } from '../src/analyze/collect-candidates.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';
import { convertPdf } from '../src/prepare/converters/pdf.js';
import { helpPrepare } from '../src/prepare/help-prepare.js';
import { helpWith, shareWork, type Helpers, type HelpTask } from '../src/prepare/share-work.js';
import { sharedPdfPages } from '../src/prepare/shared-pdf-pages.js';
import { sharedTagging } from '../src/prepare/shared-tagging.js';
import { longPdf } from './support/long-pdf.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-share-work-');

const inThread = (count = 1): Helpers => ({ ask: (task) => helpPrepare(task), count, helpedChunks: 0 });

describe('shareWork', () => {
  it('joins chunk results in chunk order, whoever ran them', async () => {
    const helpers: Helpers = {
      ask: (task) => helpWith(task as HelpTask<{ base: number }>, (job) => ({ run: async (chunk) => `helper:${job.base + chunk}` })),
      count: 3,
      helpedChunks: 0,
    };
    const results = await shareWork(helpers, { base: 100 }, 12, async (chunk) => `asker:${100 + chunk}`);
    expect(results.map((r) => r.split(':')[1])).toEqual(Array.from({ length: 12 }, (_, i) => String(100 + i)));
    expect(helpers.helpedChunks).toBe(results.filter((r) => r.startsWith('helper')).length);
    expect(helpers.helpedChunks).toBeGreaterThan(0);
  });

  it('redoes the chunks of a helper that fails after claiming them', async () => {
    const helpers: Helpers = {
      ask: (task) => helpWith(task as HelpTask<null>, () => ({ run: () => Promise.reject(new Error('worker crashed')) })),
      count: 1,
      helpedChunks: 0,
    };
    const results = await shareWork(helpers, null, 5, async (chunk) => chunk * 2);
    expect(results).toEqual([0, 2, 4, 6, 8]);
    expect(helpers.helpedChunks).toBe(0);
  });

  it('with waitForHelp, lets a late helper claim before the asker starts, and does not wait on help that failed', async () => {
    const late = (task: unknown) =>
      new Promise((resolve) => setTimeout(resolve, 30)).then(() => helpWith(task as HelpTask<null>, () => ({ run: (chunk) => chunk * 2 })));
    const waiting: Helpers = { ask: late, count: 1, helpedChunks: 0, waitForHelp: true };
    expect(await shareWork(waiting, null, 3, (chunk) => chunk * 2)).toEqual([0, 2, 4]);
    expect(waiting.helpedChunks).toBeGreaterThan(0);
    // Without it, the asker takes every chunk before the late helper starts.
    const racing: Helpers = { ask: late, count: 1, helpedChunks: 0 };
    expect(await shareWork(racing, null, 3, (chunk) => chunk * 2)).toEqual([0, 2, 4]);
    expect(racing.helpedChunks).toBe(0);

    const refused: Helpers = { ask: () => Promise.reject(new Error('no other worker free to help')), count: 1, helpedChunks: 0, waitForHelp: true };
    expect(await shareWork(refused, null, 3, (chunk) => chunk * 2)).toEqual([0, 2, 4]);
  });

  it('asks no one with no helpers (--jobs 1)', async () => {
    let asked = 0;
    const helpers: Helpers = { ask: () => Promise.resolve(asked++), count: 0, helpedChunks: 0 };
    expect(await shareWork(helpers, null, 4, (chunk) => chunk)).toEqual([0, 1, 2, 3]);
    expect(asked).toBe(0);
  });
});

describe('a long document shared in one thread', () => {
  it('converts a long PDF to what one reader gives, page ranges and tagging both shared', async () => {
    const file = path.join(tempDir(), 'handbook.pdf');
    fs.writeFileSync(file, longPdf(250));
    const bytes = fs.readFileSync(file);
    const alone = await convertPdf(bytes, { fileName: 'handbook.pdf', ext: '.pdf' });
    const pageHelpers = inThread();
    const shared = await convertPdf(bytes, { fileName: 'handbook.pdf', ext: '.pdf', pdfPages: sharedPdfPages(pageHelpers, file) });
    expect(pageHelpers.helpedChunks).toBeGreaterThan(0);
    expect(shared).toEqual(alone);

    const tagHelpers = inThread();
    const { tagged, collected } = await sharedTagging(tagHelpers, unitSource(alone), true);
    expect(tagHelpers.helpedChunks).toBeGreaterThan(0);
    const taggedAlone = tagUnits(markdownTextUnits(unitSource(alone)));
    expect(tagged).toEqual(taggedAlone);
    // The candidates tallied chunk by chunk and merged are those of one tally of all units.
    expect(collected).toEqual(collectCandidates(unitSource(alone), taggedAlone));
  }, 60_000);
});
