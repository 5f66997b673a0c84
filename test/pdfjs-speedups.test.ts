import fs from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadPdfjs } from '../src/prepare/converters/load-pdfjs.js';
import { convertPdf } from '../src/prepare/converters/pdf.js';
import { cloneMessage } from '../src/prepare/converters/pdfjs-plain-clone.js';
import { patchedWorkerSource, SKIP_FONT_FILE_PATCH, SKIP_TYPE1_CFF_PATCH, SYNC_INFLATE_PATCH, TEXT_TRANSFORM_PATCH, WORKER_FILE } from '../src/prepare/converters/pdfjs-worker-source.js';
import { buildPdf } from './support/fixtures/pdf-builder.js';

const nativeStructuredClone = globalThis.structuredClone;

describe("pdf.js parser patch (text position without Util.transform)", () => {
  it('applies to the installed pdf.js, pointing the module at its own file', () => {
    const source = patchedWorkerSource(fs.readFileSync(WORKER_FILE, 'utf8'), 'file:///pdf.worker.mjs');
    expect(source).toBeDefined();
    expect(source).toContain(TEXT_TRANSFORM_PATCH.replace);
    expect(source).not.toContain(TEXT_TRANSFORM_PATCH.find);
    expect(source).not.toContain('import.meta.url');
    expect(source).toContain('"file:///pdf.worker.mjs"');
  });

  it('turns the patched module into a strict function body returning its exports', () => {
    const body = patchedWorkerSource(fs.readFileSync(WORKER_FILE, 'utf8'), 'file:///pdf.worker.mjs');
    expect(body?.startsWith("'use strict';\n")).toBe(true);
    expect(body).toContain(SYNC_INFLATE_PATCH.replace);
    expect(body).not.toContain(SYNC_INFLATE_PATCH.find);
    expect(body).not.toMatch(/^export\b/m);
    const factory = vm.compileFunction(body ?? '', ['kbInflateSync']) as (inflate: unknown) => { WorkerMessageHandler?: unknown };
    expect(typeof factory(() => new Uint8Array()).WorkerMessageHandler).toBe('function');
  });

  it('applies a patch that still matches when another no longer does', () => {
    const source = `${SYNC_INFLATE_PATCH.find}\nexport { WorkerMessageHandler };\n`;
    expect(patchedWorkerSource(source, 'file:///x')).toBe(`'use strict';\n${SYNC_INFLATE_PATCH.replace}\nreturn { WorkerMessageHandler };\n`);
    // A module with imports of its own, or a second export, is not one these patches know.
    expect(patchedWorkerSource(`import x from "y";\n${source}`, 'file:///x')).toBeUndefined();
    expect(patchedWorkerSource(`${source}export { WorkerMessageHandler };\n`, 'file:///x')).toBeUndefined();
  });

  it('leaves a pdf.js without the patched line (or with it twice) to the stock module', () => {
    expect(patchedWorkerSource('export const x = 1;', 'file:///x')).toBeUndefined();
    expect(patchedWorkerSource(`${TEXT_TRANSFORM_PATCH.find}\n${TEXT_TRANSFORM_PATCH.find}`, 'file:///x')).toBeUndefined();
  });

  it("gives bit for bit the numbers of pdf.js's own Util.transform", async () => {
    const { Util } = await loadPdfjs();
    type Transform = (textState: unknown, tsm: number[], util: unknown) => number[];
    const original = new Function('textState', 'tsm', 'Util', TEXT_TRANSFORM_PATCH.find) as Transform;
    const patched = new Function('textState', 'tsm', 'Util', TEXT_TRANSFORM_PATCH.replace) as Transform;
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31 - 0.5) * 1000;
    };
    const matrix = () => Array.from({ length: 6 }, random);
    for (let i = 0; i < 500; i++) {
      // The parser keeps the CTM as a Float32Array and the text matrix as a plain array.
      const textState = { ctm: new Float32Array(matrix()), textMatrix: matrix() };
      const tsm = [random(), 0, 0, random(), 0, random()];
      expect(patched(textState, tsm, Util)).toEqual(original(textState, tsm, Util));
    }
  });
});

describe('compressed page contents inflated by zlib on the parser thread', () => {
  const pages = [['Deflated text on the first page.', 'A second line.'], ['Page two says more.']];
  const input = { fileName: 'a.pdf', ext: '.pdf' };

  it('gives the text of the same PDF stored uncompressed', async () => {
    const plain = await convertPdf(buildPdf({ pages }), input);
    const deflated = await convertPdf(buildPdf({ pages, flate: 'whole' }), input);
    expect(deflated.markdown).toContain('Page two says more.');
    expect(deflated).toEqual(plain);
  });

  it("hands a stream zlib rejects to pdf.js's own inflater, as the stock parser does", async () => {
    // "Bad encoding" is the message of pdf.js's JavaScript inflater, the fallback stock pdf.js
    // reaches too when DecompressionStream rejects the data; the file fails naming its page.
    const long = [Array.from({ length: 40 }, (_, i) => `Line ${i} of a page whose compressed stream was cut short.`)];
    await expect(convertPdf(buildPdf({ pages: long, flate: 'truncated' }), input)).rejects.toThrow(/^corrupt PDF: page 1: Bad encoding in flate stream/);
  });
});

describe('embedded Type 1 fonts read without building font files', () => {
  it('the installed pdf.js skips building the CFF and OpenType bytes', () => {
    const body = patchedWorkerSource(fs.readFileSync(WORKER_FILE, 'utf8'), 'file:///pdf.worker.mjs');
    expect(body).toContain(SKIP_TYPE1_CFF_PATCH.replace);
    expect(body).not.toContain(SKIP_TYPE1_CFF_PATCH.find);
    expect(body).toContain(SKIP_FONT_FILE_PATCH.replace);
  });

  it("still takes the characters from the font program's own encoding", async () => {
    // The font shows the glyph named B for code 65 ("A") and A for 66: the text extracted
    // reads "ABBA" only if the font program was never read.
    const doc = await convertPdf(buildPdf({ pages: [['ABBA Cab']], swappedAbFont: true }), { fileName: 'a.pdf', ext: '.pdf' });
    expect(doc.markdown).toContain('BAAB Cab');
  });
});

describe('pdf.js messages copied in JavaScript', () => {
  it('copies plain data deeply, so later changes on the sending side do not show', () => {
    const items = [{ str: 'a', transform: [1, 0, 0, 1, 72.5, -0], hasEOL: false, missing: undefined }];
    const message = { chunk: { items, styles: Object.assign(Object.create(null) as object, { f1: { ascent: 0.9 } }) } };
    const copy = cloneMessage(message);
    items[0]!.transform[4] = 0;
    items.length = 0;
    expect(copy).toEqual(nativeStructuredClone({ chunk: { items: [{ str: 'a', transform: [1, 0, 0, 1, 72.5, -0], hasEOL: false, missing: undefined }], styles: { f1: { ascent: 0.9 } } } }));
    expect(Object.getPrototypeOf(copy.chunk.styles)).toBe(Object.prototype);
    expect(Object.is(copy.chunk.items[0]!.transform[5], -0)).toBe(true);
  });

  it('keeps shared and circular references as structuredClone does', () => {
    const shared = [1, 2];
    const message: Record<string, unknown> = { a: shared, b: shared };
    message.self = message;
    const copy = cloneMessage(message);
    expect(copy.a).not.toBe(shared);
    expect(copy.a).toBe(copy.b);
    expect(copy.self).toBe(copy);
  });

  it('hands anything but plain data, and transfers, to structuredClone', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const copy = cloneMessage({ data: bytes, names: new Map([['k', 1]]) });
    expect(copy.data).toBeInstanceOf(Uint8Array);
    expect(copy.data).not.toBe(bytes);
    expect([...copy.data]).toEqual([1, 2, 3]);
    expect(copy.names.get('k')).toBe(1);
    const buffer = new ArrayBuffer(8);
    const moved = cloneMessage({ buffer }, { transfer: [buffer] });
    expect(moved.buffer.byteLength).toBe(8);
    expect(buffer.byteLength).toBe(0);
    expect(() => cloneMessage({ f: () => 1 })).toThrow(/could not be cloned/);
  });

  it('never leaves structuredClone swapped once pdf.js has posted its messages', async () => {
    await convertPdf(buildPdf({ pages: [['Hello there.']] }), { fileName: 'a.pdf', ext: '.pdf' });
    expect(globalThis.structuredClone).toBe(nativeStructuredClone);
    expect(Function.prototype.toString.call(globalThis.structuredClone)).toContain('[native code]');
  });
});
