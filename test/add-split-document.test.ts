// Issue 19: a long PDF's pages, a long HTML page's sections and their tagging are shared
// between the prepare workers (src/prepare/share-work.ts). `--jobs 2` must give the same
// knowledge base, byte for byte, as `--jobs 1`, where one worker does all; and the sharing
// must really happen.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTML_CHUNK_CHARS, HTML_SPLIT_MIN_CHARS } from '../src/prepare/converters/html-chunks.js';
import { PAGES_PER_CHUNK, SPLIT_MIN_PAGES } from '../src/prepare/shared-pdf-pages.js';
import { longHtml } from './support/fixtures/long-html.js';
import { longPdf } from './support/long-pdf.js';
import { newKb, parseNdjson, registryWithoutTimes, sections, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-add-split-');

/** Chunks helpers did, per document, from the add.committed events of a --debug run: of its conversion, and in all. */
function helpedChunks(root: string, field: 'helpedChunks' | 'helpedConvertChunks' = 'helpedChunks'): Record<string, number> {
  const log = fs.readFileSync(path.join(root, '.kb', 'logs', 'kb.log'), 'utf8');
  const events = log.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { event?: string; doc?: string } & Record<typeof field, number>);
  return Object.fromEntries(events.filter((e) => e.event === 'add.committed').map((e) => [e.doc, e[field]]));
}

/**
 * `kb add in --jobs 1` and `--jobs 2` into fresh KBs under `work`, both with `env`, which must
 * give the same outcomes; their roots.
 */
async function addWithOneAndTwoJobs(work: string, env: Record<string, string> = {}): Promise<{ serialRoot: string; parallelRoot: string }> {
  const serialRoot = newKb(path.join(work, 'serial-parent'));
  const parallelRoot = newKb(path.join(work, 'parallel-parent'));
  const serial = await runKb(['--kb', serialRoot, '--json', '--debug', 'add', 'in', '--jobs', '1'], { cwd: work, env });
  // KB_TEST_WAIT_FOR_HELP: the asker waits for its helper's first claim. Without it, on a busy
  // host the asker may do every chunk before the other worker, busy with notes.md, starts.
  const parallel = await runKb(['--kb', parallelRoot, '--json', '--debug', 'add', 'in', '--jobs', '2'], { cwd: work, env: { ...env, KB_TEST_WAIT_FOR_HELP: '1' } });
  expect(serial.code, serial.stderr).toBe(0);
  expect(parallel.code, parallel.stderr).toBe(0);
  const outcomes = (stdout: string) => parseNdjson(stdout).map(({ ms: _ms, ...rest }) => rest);
  expect(outcomes(parallel.stdout)).toEqual(outcomes(serial.stdout));
  return { serialRoot, parallelRoot };
}

/** The wiki of both KBs, which must hold the same files with the same bytes; the serial one's. */
function sameWikis(serialRoot: string, parallelRoot: string): Record<string, string> {
  const serialWiki = wikiSnapshot(serialRoot);
  const parallelWiki = wikiSnapshot(parallelRoot);
  expect(Object.keys(parallelWiki)).toEqual(Object.keys(serialWiki));
  for (const rel of Object.keys(serialWiki)) expect(parallelWiki[rel], rel).toBe(serialWiki[rel]);
  expect(registryWithoutTimes(parallelRoot)).toEqual(registryWithoutTimes(serialRoot));
  return serialWiki;
}

describe('a long PDF shared between workers', () => {
  it('gives the same wiki, registry and sections with --jobs 2 as with --jobs 1', async () => {
    const work = fs.realpathSync(tempDir());
    const input = path.join(work, 'in');
    fs.mkdirSync(input);
    const pages = SPLIT_MIN_PAGES + 2 * PAGES_PER_CHUNK + 7; // a short last chunk too
    fs.writeFileSync(path.join(input, 'handbook.pdf'), longPdf(pages));
    fs.writeFileSync(path.join(input, 'notes.md'), '# Notes\n\nThe harbour master records the spring tides.\n');

    const { serialRoot, parallelRoot } = await addWithOneAndTwoJobs(work);

    // The second worker did take page ranges (and tagging chunks too, on a host with a core to
    // spare: share-work.ts hasSpareCore); --jobs 1 shared nothing.
    expect(helpedChunks(serialRoot)).toEqual({ handbook: 0, notes: 0 });
    expect(helpedChunks(parallelRoot).handbook).toBeGreaterThan(0);

    const serialWiki = sameWikis(serialRoot, parallelRoot);
    expect(sections(parallelRoot, 'handbook')).toEqual(sections(serialRoot, 'handbook'));
    // The page text made it whole: the last page's sentences and every chapter are in the source page.
    const source = serialWiki['wiki/sources/handbook.md']!;
    expect(source).toContain(`# Chapter ${Math.ceil(pages / 10)}: Harbour Works ${Math.ceil(pages / 10)}`);
    expect(sections(serialRoot, 'handbook').length).toBeGreaterThan(pages / 10);
  }, 120_000);
});

describe('a long HTML page shared between workers', () => {
  it('gives the same wiki, registry and sections with --jobs 2 as with --jobs 1', async () => {
    const work = fs.realpathSync(tempDir());
    const input = path.join(work, 'in');
    fs.mkdirSync(input);
    // KB_TEST_HTML_CHUNK_CHARS: chunks of 8K characters, so that a page of about 340K characters
    // (not 5M) is split in 41, and it and its 5,000-odd text units are shared even on a host of
    // 2 cores, where neither is (share-work.ts hasSpareCore). The same chunks and cuts, only smaller.
    const chunkChars = 8 * 1024;
    const html = longHtml({ sections: 48 });
    expect(html.length).toBeGreaterThan((HTML_SPLIT_MIN_CHARS / HTML_CHUNK_CHARS + 2) * chunkChars);
    expect(html.length).toBeLessThan(HTML_SPLIT_MIN_CHARS / 10);
    fs.writeFileSync(path.join(input, 'manual.html'), html);
    fs.writeFileSync(path.join(input, 'notes.md'), '# Notes\n\nThe harbour master records the spring tides.\n');

    const { serialRoot, parallelRoot } = await addWithOneAndTwoJobs(work, { KB_TEST_HTML_CHUNK_CHARS: String(chunkChars) });

    // The second worker converted sections of the page, and tagged some of its text; --jobs 1 shared nothing.
    expect(helpedChunks(serialRoot)).toEqual({ manual: 0, notes: 0 });
    const converted = helpedChunks(parallelRoot, 'helpedConvertChunks').manual!;
    expect(converted).toBeGreaterThan(0);
    expect(helpedChunks(parallelRoot).manual).toBeGreaterThan(converted);

    const serialWiki = sameWikis(serialRoot, parallelRoot);
    expect(sections(parallelRoot, 'manual')).toEqual(sections(serialRoot, 'manual'));
    // The page made it whole: its last chapter, with its table, is in the source page.
    const last = serialWiki['wiki/sources/manual.md']!.split('# Chapter ').at(-1)!;
    expect(last).toMatch(/^\d+: Harbour _Works_ \d+/);
    expect(last).toContain('| Port | High \\| low | Depth |  |');
  }, 120_000);
});
