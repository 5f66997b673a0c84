// Issue 19: a long HTML page is converted in chunks of its top-level sections
// (src/prepare/converters/html-chunks.ts), which prepare workers share. The chunks joined must
// be what converting the page whole gives, byte for byte, whoever converts which chunk.
import { describe, expect, it } from 'vitest';
import { convertHtml } from '../src/prepare/converters/html.js';
import { HTML_CHUNK_CHARS, HTML_SPLIT_MIN_CHARS, htmlChunkCount, pageToMarkdown, planHtmlChunks } from '../src/prepare/converters/html-chunks.js';
import { htmlToMarkdown, parseHtml } from '../src/prepare/converters/html-to-markdown.js';
import type { HtmlChunkConversion } from '../src/prepare/converters/converted-document.js';
import { helpPrepare } from '../src/prepare/help-prepare.js';
import { hasSpareCore, type Helpers } from '../src/prepare/share-work.js';
import { sharedHtmlChunks } from '../src/prepare/shared-html-chunks.js';
import { longHtml, type LongHtmlOptions } from './support/fixtures/long-html.js';

/** Sections enough for a page just over the split threshold. */
const SECTIONS = Math.ceil(HTML_SPLIT_MIN_CHARS / 7000);

/** Converts every chunk here, counting them. */
function countingChunks(): { convert: HtmlChunkConversion; chunks: () => number } {
  let count = 0;
  const convert: HtmlChunkConversion = async (_html, chunks, runHere) => {
    count = chunks;
    return Array.from({ length: chunks }, (_, chunk) => runHere(chunk));
  };
  return { convert, chunks: () => count };
}

async function chunkedAndWhole(options: LongHtmlOptions): Promise<{ chunks: number; cuts: number; chunked: { markdown: string; title: string }; whole: { markdown: string; title: string | undefined } }> {
  const html = longHtml(options);
  expect(html.length).toBeGreaterThan(HTML_SPLIT_MIN_CHARS);
  const counting = countingChunks();
  const chunked = await convertHtml(Buffer.from(html), { fileName: 'handbook.html', ext: '.html', htmlChunks: counting.convert });
  const cuts = (planHtmlChunks(parseHtml(html), counting.chunks())?.starts.length ?? 1) - 1;
  return { chunks: counting.chunks(), cuts, chunked, whole: htmlToMarkdown(html) };
}

describe('a long HTML page converted in chunks', () => {
  it.each<[string, LongHtmlOptions]>([
    ['sections in a DocBook-like wrapper <div class="book">, <h2> under one <h1>', { sections: SECTIONS, topLevel: 2, wrapper: 'book' }],
  ])('gives the Markdown and title of the whole page: %s', async (_label, options) => {
    const { chunks, cuts, chunked, whole } = await chunkedAndWhole(options);
    // Really cut, in about as many chunks as the page has HTML_CHUNK_CHARS.
    expect(chunks).toBe(Math.ceil(longHtml(options).length / HTML_CHUNK_CHARS));
    expect(cuts).toBeGreaterThanOrEqual(chunks / 2);
    expect(cuts).toBeLessThan(chunks);
    expect(chunked.markdown === whole.markdown, 'chunked Markdown differs from whole').toBe(true);
    expect(chunked.title).toBe(whole.title);
  }, 60_000);

  it.each<[string, LongHtmlOptions]>([
    ['in <body>', { sections: 25 }],
    ['in <main>', { sections: 25, topLevel: 2, wrapper: 'main' }],
    ['in an <article>', { sections: 25, wrapper: 'article' }],
    ['in a sole wrapper', { sections: 25, wrapper: 'book' }],
  ])('gives the same bytes cut before every element a cut may fall before, sections %s', async (_label, options) => {
    // One character per chunk: a cut before every heading, div, section and article of the
    // sections' parent, so every ending a section has (a hard break, a no-break space, loose
    // inline text, dropped elements, blank blocks) meets a cut.
    const html = longHtml({ ...options, blocksPerSection: 5 });
    const counting = countingChunks();
    const chunked = await pageToMarkdown(html, counting.convert, 1);
    expect(counting.chunks()).toBeGreaterThan(2 * options.sections);
    const whole = htmlToMarkdown(html);
    if (chunked.markdown !== whole.markdown) expect(chunked.markdown).toBe(whole.markdown); // a readable diff
    expect(chunked.title).toBe(whole.title);
    // The things a cut could have broken are in the text: tables, fenced code, nested lists, kept headers.
    expect(chunked.markdown).toContain('| Port | High \\| low | Depth |  |');
    expect(chunked.markdown).toContain('```sql\nSELECT berth_id, depth');
    expect(chunked.markdown).toMatch(/\n {4}- /);
    // A <header> is chrome unless inside <main> or an <article>: judged alike in a chunk's copy of them.
    expect(chunked.markdown.includes('A header: chrome')).toBe(options.wrapper === 'article' || options.wrapper === 'main');
  });

  it('is converted by a helper that parses the page itself, to the same bytes', async () => {
    const html = longHtml({ sections: SECTIONS });
    // The "helper" runs the pool's help task in this thread. The asker waits for its first
    // claim, and a chunk's conversion never yields to the event loop, so the helper converts
    // every chunk: from its own parse of the page, and its own cuts. (Helpers and asker
    // mixed, joined in chunk order, are test/add-split-document.test.ts's, with real workers.)
    const helpers: Helpers = { ask: (task) => helpPrepare(task), count: 1, helpedChunks: 0, waitForHelp: true };
    const shared = await convertHtml(Buffer.from(html), { fileName: 'handbook.html', ext: '.html', htmlChunks: sharedHtmlChunks(helpers, true) });
    expect(helpers.helpedChunks).toBe(htmlChunkCount(html.length));
    const alone = await convertHtml(Buffer.from(html), { fileName: 'handbook.html', ext: '.html' });
    expect(shared).toEqual(alone);
    expect(shared.markdown === htmlToMarkdown(html).markdown).toBe(true);
  }, 60_000);

  it('is shared only where a core would idle otherwise: not on 2 cores', async () => {
    expect(hasSpareCore(1)).toBe(false);
    expect(hasSpareCore(2)).toBe(false);
    expect(hasSpareCore(4)).toBe(true);
    // Not shared: a helper is there, but no one is asked, and this thread converts every chunk.
    const html = longHtml({ sections: 30 });
    let asked = 0;
    const helpers: Helpers = { ask: (task) => (asked++, helpPrepare(task)), count: 1, helpedChunks: 0 };
    const chunkChars = 8 * 1024;
    expect(htmlChunkCount(html.length, chunkChars)).toBeGreaterThan(0);
    const alone = await pageToMarkdown(html, sharedHtmlChunks(helpers, false, chunkChars), chunkChars);
    expect(asked).toBe(0);
    expect(helpers.helpedChunks).toBe(0);
    expect(alone.markdown === htmlToMarkdown(html).markdown).toBe(true);
  });

  it('is not cut when short, or when its sections are not children of one element', async () => {
    const short = longHtml({ sections: 20 });
    expect(htmlChunkCount(short.length)).toBe(0);
    // One big list: no heading, div, section or article to cut before. Its chunk 0 is the whole
    // page. (Chunks of 16K characters: a page long enough for 192K would make a slow test.)
    const items = Array.from({ length: 10_000 }, (_, i) => `<li>The harbour master records the spring tides ${i}.</li>`).join('');
    const list = `<html><head><title>Tides</title></head><body><ul>${items}</ul></body></html>`;
    const chunkChars = 16 * 1024;
    expect(htmlChunkCount(list.length, chunkChars)).toBeGreaterThan(1);
    expect(planHtmlChunks(parseHtml(list), htmlChunkCount(list.length, chunkChars))).toBeUndefined();
    const counting = countingChunks();
    const chunked = await pageToMarkdown(list, counting.convert, chunkChars);
    expect(counting.chunks()).toBe(htmlChunkCount(list.length, chunkChars));
    const whole = htmlToMarkdown(list);
    expect(chunked.markdown === whole.markdown).toBe(true);
    expect(chunked.title).toBe('Tides');
  });
});
