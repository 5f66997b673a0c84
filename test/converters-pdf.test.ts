import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConversionError } from '../src/prepare/converters/converted-document.js';
import { loadPdfjs } from '../src/prepare/converters/load-pdfjs.js';
import { convertPdf } from '../src/prepare/converters/pdf.js';
import { buildPdf } from './support/fixtures/pdf-builder.js';
import { ENCRYPTED_PDF_PASSWORD, type FixtureName } from './support/fixtures/fixtures.js';
import { sectionTexts, useFixtures } from './support/fixtures/use-fixtures.js';

const fixtures = useFixtures();

function pdf(bytes: Uint8Array, fileName = 'doc.pdf') {
  return convertPdf(bytes, { fileName, ext: '.pdf' });
}

/** Opens a fixture with pdf.js itself, to prove the fixture is what it claims to be. */
async function textWithPassword(name: FixtureName, password: string): Promise<string> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({ data: new Uint8Array(fixtures.bytes(name)), password, verbosity: 0 }).promise;
  try {
    const content = await (await doc.getPage(1)).getTextContent();
    return content.items.map((item) => ('str' in item ? item.str : '')).join('');
  } finally {
    await doc.destroy();
  }
}

describe('PDF with an outline', () => {
  it('counts pages and reads the info dictionary', async () => {
    const doc = await fixtures.convert('outline.pdf');
    expect(doc.pages).toBe(3);
    expect(doc.title).toBe('Outline Fixture');
    expect(doc.metadata).toMatchObject({ title: 'Outline Fixture', author: 'kb tests' });
  });

  it('turns bookmarks, direct or named, into nested sections with page ranges', async () => {
    const doc = await fixtures.convert('outline.pdf');
    expect(doc.sections.map(({ title, level, pageStart, pageEnd }) => ({ title, level, pageStart, pageEnd }))).toEqual([
      { title: 'Chapter 1 Getting Started', level: 1, pageStart: 1, pageEnd: 1 },
      { title: '1.1 Installation', level: 2, pageStart: 1, pageEnd: 1 },
      { title: 'Chapter 2 Using It', level: 1, pageStart: 2, pageEnd: 2 },
      { title: 'Appendix', level: 1, pageStart: 3, pageEnd: 3 },
    ]);
    const [chapter1, installation, chapter2, appendix] = sectionTexts(doc);
    expect(chapter1).toBe('# Chapter 1 Getting Started\n\nWelcome to the first chapter.\n\n## 1.1 Installation\n\nRun the installer.\n\n');
    expect(installation).toBe('## 1.1 Installation\n\nRun the installer.\n\n');
    expect(chapter2).toBe('# Chapter 2 Using It\n\nEveryday use is simple.\nMore about daily use.\n\n');
    expect(appendix).toBe('# Appendix\n\nReference tables live here.\n');
  });

  it('makes the heading of the line that carries the title instead of repeating it', async () => {
    const { markdown } = await fixtures.convert('outline.pdf');
    expect(markdown.match(/Chapter 2 Using It/g)).toHaveLength(1);
  });
});

describe('long PDF', () => {
  it('keeps every page in order and spans chapters over their pages', async () => {
    const doc = await fixtures.convert('long.pdf');
    expect(doc.pages).toBe(25);
    const positions = Array.from({ length: 25 }, (_, i) => doc.markdown.indexOf(`Page ${i + 1} of the long document.`));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
    expect(doc.sections).toHaveLength(10);
    for (let c = 1; c <= 5; c++) {
      expect(doc.sections.find((s) => s.title === `Chapter ${c}`)).toMatchObject({ level: 1, pageStart: 5 * c - 4, pageEnd: 5 * c });
      expect(doc.sections.find((s) => s.title === `Section ${c}.1`)).toMatchObject({ level: 2, pageStart: 5 * c - 3, pageEnd: 5 * c });
    }
    const chapter3 = sectionTexts(doc)[doc.sections.findIndex((s) => s.title === 'Chapter 3')]!;
    expect(chapter3).toContain('Page 15 of the long document.');
    expect(chapter3).not.toContain('Page 16 of');
  });

  it('takes the title from the largest type on the first page when there is no Title field', async () => {
    expect((await fixtures.convert('long.pdf')).title).toBe('The Long Document');
  });
});

describe('PDF without an outline', () => {
  it('makes one section per page with text', async () => {
    const doc = await fixtures.convert('plain.pdf');
    expect(doc.pages).toBe(2);
    expect(doc.title).toBe('First page text.');
    expect(doc.sections.map(({ title, pageStart, pageEnd }) => ({ title, pageStart, pageEnd }))).toEqual([
      { title: 'Page 1', pageStart: 1, pageEnd: 1 },
      { title: 'Page 2', pageStart: 2, pageEnd: 2 },
    ]);
    expect(sectionTexts(doc)).toEqual(['First page text.\nStill the first page.\n\n', 'Second page text.\n']);
  });

  it('escapes page text that would read as Markdown headings or rules', async () => {
    const doc = await pdf(buildPdf({ pages: [['# not a heading', 'Title-like line', '=====', '> not a quote']] }));
    expect(doc.markdown).toBe('\\# not a heading\nTitle-like line\n\\=====\n\\> not a quote\n');
    expect(doc.sections.map((s) => s.title)).toEqual(['Page 1']);
  });
});

describe('PDFs that cannot be converted', () => {
  it.each(['encrypted.pdf', 'encrypted-40bit.pdf'] as const)('%s is reported as password protected', async (name) => {
    await expect(fixtures.convert(name)).rejects.toThrow(new ConversionError('encrypted PDF (password protected)'));
  });

  it.each(['encrypted.pdf', 'encrypted-40bit.pdf'] as const)('%s is a real encrypted PDF: it opens with its password', async (name) => {
    expect(await textWithPassword(name, ENCRYPTED_PDF_PASSWORD)).toMatch(/secret/);
    await expect(textWithPassword(name, 'wrong')).rejects.toMatchObject({ name: 'PasswordException' });
  });

  it('opens a PDF encrypted with only an owner password, as every reader does', async () => {
    const bytes = buildPdf({ pages: [['Readable by anyone.']], encryption: { revision: 3, userPassword: '', ownerPassword: 'owner' } });
    expect((await pdf(bytes)).markdown).toBe('Readable by anyone.\n');
  });

  it('reports a corrupt PDF with the reason pdf.js gives', async () => {
    await expect(fixtures.convert('corrupt.pdf')).rejects.toThrow(/^corrupt PDF: Invalid PDF structure/);
    await expect(pdf(new TextEncoder().encode('not a pdf at all'))).rejects.toThrow(/^corrupt PDF: /);
  });

  it('reports a PDF without a text layer', async () => {
    await expect(pdf(buildPdf({ pages: [[], []] }))).rejects.toThrow('no text in PDF (scanned pages need OCR first)');
  });
});

describe('pdf.js in kb', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints nothing, even for broken files: the console belongs to the CLI', async () => {
    const spies = (['log', 'warn', 'error', 'info'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    await fixtures.convert('outline.pdf');
    await fixtures.convert('corrupt.pdf').catch(() => undefined);
    await fixtures.convert('encrypted.pdf').catch(() => undefined);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('leaves the caller its bytes (pdf.js detaches the buffer it is given)', async () => {
    const bytes = fixtures.bytes('plain.pdf');
    const length = bytes.length;
    await pdf(bytes);
    expect(bytes.byteLength).toBe(length);
    await expect(pdf(bytes)).resolves.toMatchObject({ pages: 2 });
  });

  it('converts several documents at once on one pdf.js instance', async () => {
    const names = ['outline.pdf', 'long.pdf', 'plain.pdf', 'outline.pdf'] as const;
    const docs = await Promise.all(names.map((name) => fixtures.convert(name)));
    expect(docs.map((d) => d.pages)).toEqual([3, 25, 2, 3]);
    expect(await loadPdfjs()).toBe(await loadPdfjs());
  });

  it("keeps Node's own Array#push and JSON.parse (pdf.js's legacy build replaces them)", async () => {
    await loadPdfjs();
    expect(Function.prototype.toString.call(Array.prototype.push)).toContain('[native code]');
    expect(Function.prototype.toString.call(JSON.parse)).toContain('[native code]');
    expect(JSON.parse('{"a":[1,2]}')).toEqual({ a: [1, 2] });
  });
});
