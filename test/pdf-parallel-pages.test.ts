// Long PDFs read by two threads (src/prepare/converters/pdf-page-range.ts) must give exactly
// what one thread gives. Runs the build in dist/, where the page-reader thread's script is.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPdf } from './support/fixtures/pdf-builder.js';

type PdfModule = typeof import('../src/prepare/converters/pdf.js');
const PDF_JS = new URL('../dist/src/prepare/converters/pdf.js', import.meta.url);
const { convertPdf, SPLIT_AT_PAGES } = (await import(PDF_JS.href)) as PdfModule;

/** A PDF of `count` pages, chapters every ten pages (bookmarks on both halves). */
function longPdf(count: number): Uint8Array {
  return buildPdf({
    info: { Title: 'Split Document' },
    pages: Array.from({ length: count }, (_, i) => [
      ...(i % 10 === 0 ? [{ text: `Chapter ${i / 10 + 1}`, size: 16 }] : []),
      `Text of page ${i + 1}, which only this page has.`,
      `A second line on page ${i + 1}.`,
    ]),
    outline: Array.from({ length: Math.ceil(count / 10) }, (_, c) => ({ title: `Chapter ${c + 1}`, page: c * 10 + 1 })),
  });
}

describe('a long PDF read by two threads', () => {
  it('gives the same Markdown, sections, title and page count as one thread', async () => {
    const pages = SPLIT_AT_PAGES + 21;
    const bytes = longPdf(pages);
    const input = { fileName: 'split.pdf', ext: '.pdf' };
    const one = await convertPdf(bytes, input);
    const two = await convertPdf(bytes, { ...input, parallelPages: true });
    expect(two).toEqual(one);
    expect(one.pages).toBe(pages);
    // Both halves made it, in order.
    const first = one.markdown.indexOf('Text of page 1,');
    const last = one.markdown.indexOf(`Text of page ${pages},`);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(last).toBeGreaterThan(first);
    expect(one.sections.at(-1)).toMatchObject({ title: `Chapter ${Math.ceil(pages / 10)}`, pageEnd: pages });
    // And twice in a row: the page-reader thread is reused.
    expect(await convertPdf(bytes, { ...input, parallelPages: true })).toEqual(one);
  });

  it('a short PDF is read by one thread even when two are allowed', async () => {
    const bytes = longPdf(SPLIT_AT_PAGES - 1);
    const input = { fileName: 'short.pdf', ext: '.pdf' };
    expect(await convertPdf(bytes, { ...input, parallelPages: true })).toEqual(await convertPdf(bytes, input));
  });

  it('the page-reader thread does not keep a process alive once the conversion is done', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-pdf-split-'));
    try {
      const file = path.join(dir, 'long.pdf');
      fs.writeFileSync(file, longPdf(SPLIT_AT_PAGES + 1));
      const script = path.join(dir, 'convert.mjs');
      fs.writeFileSync(
        script,
        `import fs from 'node:fs';
        const { convertPdf } = await import(${JSON.stringify(PDF_JS.href)});
        const doc = await convertPdf(new Uint8Array(fs.readFileSync(${JSON.stringify(file)})), { fileName: 'long.pdf', ext: '.pdf', parallelPages: true });
        console.log(doc.pages);\n`,
      );
      const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
      expect(child.error, 'the process did not exit by itself').toBeUndefined();
      expect(child.status, child.stderr).toBe(0);
      expect(child.stdout.trim()).toBe(String(SPLIT_AT_PAGES + 1));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
