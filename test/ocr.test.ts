// Scanned pages and images (issue 20 item 3): read with the system's tesseract and pdftoppm
// when installed and OCR is on; otherwise the reason says what is missing and how to get it.
// The tests that run OCR itself need both tools (Debian: tesseract-ocr, poppler-utils) and
// are skipped without them; those about missing tools hide them with an empty PATH.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import type { ConvertInput } from '../src/prepare/converters/converted-document.js';
import { ocrLines, ocrMarkdown } from '../src/prepare/converters/ocr-text.js';
import { blankScanPdf, ocrToolsInstalled, renderedPage, scannedPdf } from './support/fixtures/scanned-fixtures.js';
import { expectConsistent, newKb, parseNdjson } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { searchJson } from './support/search-json.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-ocr-');
const OCR = { languages: 'eng', timeoutMs: 60_000 };
const NOTICE = ['Harbour Notice', 'Keep off the north pier during storms.'];

function convert(bytes: Uint8Array, fileName: string, extra: Partial<ConvertInput> = { ocr: OCR }) {
  return convertDocument(bytes, { fileName, ext: path.extname(fileName), ...extra });
}

async function addFolder(root: string, input: string, env: Record<string, string> = {}, ...extra: string[]) {
  const run = await runKb(['--kb', root, '--offline', '--json', 'add', ...extra, input], { env });
  return { ...run, outcomes: new Map(parseNdjson(run.stdout).filter((o) => o.type === 'file').map((o) => [path.basename(String(o.path)), o])) };
}

describe('OCR text', () => {
  it('keeps lines and one blank line between blocks, form feeds as breaks', () => {
    expect(ocrLines('  Title \n\n\nFirst  line\nsecond line\n\f\nNext page\n\n')).toEqual(['Title', '', 'First line', 'second line', '', 'Next page']);
  });

  it("joins a paragraph's lines and words hyphenated at a line end, and escapes markup-like starts", () => {
    expect(ocrMarkdown('The gauge is recog-\nnised by its float.\nWell-\nKnown.\n\n# of gauges: 3\n')).toBe('The gauge is recognised by its float. Well- Known.\n\n\\# of gauges: 3\n');
    expect(ocrMarkdown(' \n\f\n')).toBe('');
  });
});

describe('without OCR tools (an empty PATH)', () => {
  it('kb add skips images in a folder and fails a named one, saying how to get tesseract; a scanned PDF fails the same way', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    const input = path.join(work, 'input');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'notice.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]));
    fs.writeFileSync(path.join(input, 'scan.pdf'), blankScanPdf());
    fs.writeFileSync(path.join(input, 'notes.md'), '# Notes\n\nThe pier opened in 1921.\n');
    const empty = path.join(work, 'no-tools');
    fs.mkdirSync(empty);
    const folder = await addFolder(root, input, { PATH: empty });
    expect(folder.code, folder.stderr).toBe(1);
    const hint = 'Debian/Ubuntu: apt-get install tesseract-ocr poppler-utils; macOS: brew install tesseract poppler';
    expect(folder.outcomes.get('notice.png')).toMatchObject({ status: 'skipped', reason: `image, not read: OCR needs tesseract (${hint})` });
    expect(folder.outcomes.get('scan.pdf')).toMatchObject({ status: 'failed', reason: `no text in PDF (scanned pages; OCR needs tesseract and pdftoppm (${hint}))` });
    expect(folder.outcomes.get('notes.md')).toMatchObject({ status: 'added' });
    const named = await addFolder(root, path.join(input, 'notice.png'), { PATH: empty });
    expect(named.code).toBe(1);
    expect(named.outcomes.get('notice.png')).toMatchObject({ status: 'failed', reason: expect.stringContaining('OCR needs tesseract') });
    expectConsistent(root, 'after adds without OCR tools');
  });

  it('with ocr.enabled false, images are skipped as OCR off and a scanned PDF says so', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    const config = path.join(root, '.kb', 'config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/^(ocr:\n(?:\s+#.*\n)*\s+enabled:) true$/m, '$1 false'));
    const input = path.join(work, 'input');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'notice.jpg'), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]));
    fs.writeFileSync(path.join(input, 'scan.pdf'), blankScanPdf());
    const run = await addFolder(root, input);
    expect(run.outcomes.get('notice.jpg')).toMatchObject({ status: 'skipped', reason: 'image, not read: OCR is off (config ocr.enabled)' });
    expect(run.outcomes.get('scan.pdf')).toMatchObject({ status: 'failed', reason: 'no text in PDF (scanned pages; OCR is off: config ocr.enabled)' });
  });
});

describe.skipIf(!ocrToolsInstalled)('with tesseract and pdftoppm installed', () => {
  it("reads a scanned PDF's picture pages, keeps its text-layer pages, and says which pages OCR read", async () => {
    const pdf = scannedPdf([{ scan: NOTICE }, { text: ['The tide table is printed below.'] }, { scan: ['Spring tides come at new moon.'] }]);
    const doc = await convert(pdf, 'notice.pdf', { ocr: { ...OCR, concurrency: 2 } });
    expect(doc.markdown).toContain('Keep off the north pier during storms.');
    expect(doc.markdown).toContain('The tide table is printed below.');
    expect(doc.markdown).toContain('Spring tides come at new moon.');
    expect(doc.markdown.indexOf('north pier')).toBeLessThan(doc.markdown.indexOf('tide table'));
    expect(doc.ocr).toBe('pages 1, 3 (tesseract, eng)');
    // A scanned first page has no type sizes: the file names the document.
    expect(doc.title).toBe('notice');
    // Deterministic: the same text at any concurrency and on a second run.
    expect((await convert(pdf, 'notice.pdf')).markdown).toBe(doc.markdown);
  });

  it('reads PNG, JPEG and TIFF images', async () => {
    for (const format of ['png', 'jpeg', 'tiff'] as const) {
      const doc = await convert(renderedPage(NOTICE, format), `notice.${format}`);
      expect(doc.markdown, format).toContain('Keep off the north pier during storms.');
      expect(doc.title).toBe('notice');
      expect(doc.ocr).toBe('tesseract, eng');
    }
  });

  it('fails broken images, images and scans with no text, and a language with no data, with a one-line reason', async () => {
    await expect(convert(new TextEncoder().encode('not an image'), 'x.png')).rejects.toThrow('corrupt PNG: not a PNG image');
    await expect(convert(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'x.jpg')).rejects.toThrow('corrupt image: tesseract cannot read it');
    await expect(convert(new Uint8Array(), 'x.tiff')).rejects.toThrow('empty file');
    await expect(convert(blankScanPdf(), 'blank.pdf')).rejects.toThrow('no text in PDF (OCR found none on its scanned pages)');
    await expect(convert(renderedPage([' '], 'png'), 'white.png')).rejects.toThrow('no text in image (OCR found none)');
    await expect(convert(renderedPage(NOTICE, 'png'), 'x.png', { ocr: { ...OCR, languages: 'xyz' } })).rejects.toThrow(
      "OCR failed: no tesseract language data for 'xyz' (config ocr.languages is 'xyz'; Debian/Ubuntu: apt-get install tesseract-ocr-xyz)",
    );
  });

  it('kb add: a scanned PDF and a photo of text are added and searchable, a broken image fails, the KB stays clean', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    const input = path.join(work, 'input');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'scan.pdf'), scannedPdf([{ scan: ['Gauge Maintenance', 'Clean the float well every spring.'] }]));
    fs.writeFileSync(path.join(input, 'notice.png'), renderedPage(NOTICE, 'png'));
    fs.writeFileSync(path.join(input, 'broken.png'), 'not an image');
    const run = await addFolder(root, input, {}, '--jobs', '2');
    expect(run.code, run.stderr).toBe(1);
    expect(run.outcomes.get('scan.pdf')).toMatchObject({ status: 'added' });
    expect(run.outcomes.get('notice.png')).toMatchObject({ status: 'added' });
    expect(run.outcomes.get('broken.png')).toMatchObject({ status: 'failed', reason: 'corrupt PNG: not a PNG image' });
    expect((await searchJson(root, 'float well'))[0]).toMatchObject({ page: 'wiki/sources/scan.md' });
    expect((await searchJson(root, 'north pier storms'))[0]).toMatchObject({ page: 'wiki/sources/notice.md' });
    expect(fs.readFileSync(path.join(root, 'wiki/sources/scan.md'), 'utf8')).toContain('\nocr: page 1 (tesseract, eng)\n');
    expectConsistent(root, 'after adding scans');
    const doctor = await runKb(['--kb', root, '--json', 'doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
  });
});
