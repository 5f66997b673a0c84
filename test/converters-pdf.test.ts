import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSourcePage } from '../src/compile/document-pages.js';
import { ConversionError } from '../src/prepare/converters/converted-document.js';
import { convertPdf } from '../src/prepare/converters/pdf.js';
import { pdfDate } from '../src/prepare/converters/pdf-metadata.js';
import { openPdf, warmUpPdfReader } from '../src/prepare/converters/pdf-open.js';
import { texSymbol } from '../src/prepare/converters/tex-symbol-font.js';
import { buildPdf } from './support/fixtures/pdf-builder.js';
import { ENCRYPTED_PDF_PASSWORD, type FixtureName } from './support/fixtures/fixtures.js';
import { sectionTexts, useFixtures } from './support/fixtures/use-fixtures.js';

const fixtures = useFixtures();

function pdf(bytes: Uint8Array, fileName = 'doc.pdf') {
  return convertPdf(bytes, { fileName, ext: '.pdf' });
}

/** Opens a fixture with its password, to prove the fixture is what it claims to be. */
async function textWithPassword(name: FixtureName, password: string): Promise<string> {
  const pdf = await openPdf(fixtures.bytes(name), password);
  try {
    return pdf.readPage(1).lines.join('\n');
  } finally {
    pdf.close();
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

describe('PDF streams and fonts', () => {
  const pages = [['Deflated text on the first page.', 'A second line.'], ['Page two says more.']];
  const input = { fileName: 'a.pdf', ext: '.pdf' };

  it('gives compressed page contents the text of the same PDF stored uncompressed', async () => {
    const plain = await convertPdf(buildPdf({ pages }), input);
    const deflated = await convertPdf(buildPdf({ pages, flate: 'whole' }), input);
    expect(deflated.markdown).toContain('Page two says more.');
    expect(deflated).toEqual(plain);
  });

  it('reads what a page whose compressed stream was cut short still holds, as a PDF viewer shows it', async () => {
    const long = [Array.from({ length: 40 }, (_, i) => `Line ${i} of a page whose compressed stream was cut short.`)];
    const { markdown } = await convertPdf(buildPdf({ pages: long, flate: 'truncated' }), input);
    expect(markdown).toContain('Line 0 of a page');
    expect(markdown).not.toContain('Line 39 of a page');
  });

  it("takes an embedded Type 1 font's characters from the font program's own encoding", async () => {
    // The font shows the glyph named B for code 65 ("A") and A for 66: the text extracted
    // reads "ABBA" only if the font program was never read.
    const doc = await convertPdf(buildPdf({ pages: [['ABBA Cab']], swappedAbFont: true }), input);
    expect(doc.markdown).toContain('BAAB Cab');
  });
});

describe('PDFs that cannot be converted', () => {
  it.each(['encrypted.pdf', 'encrypted-40bit.pdf'] as const)('%s is reported as password protected', async (name) => {
    await expect(fixtures.convert(name)).rejects.toThrow(new ConversionError('encrypted PDF (password protected)'));
  });

  it.each(['encrypted.pdf', 'encrypted-40bit.pdf'] as const)('%s is a real encrypted PDF: it opens with its password', async (name) => {
    expect(await textWithPassword(name, ENCRYPTED_PDF_PASSWORD)).toMatch(/secret/);
    await expect(textWithPassword(name, 'wrong')).rejects.toThrow(/^encrypted PDF \(password protected\)$/);
  });

  it('opens a PDF encrypted with only an owner password, as every reader does', async () => {
    const bytes = buildPdf({ pages: [['Readable by anyone.']], encryption: { revision: 3, userPassword: '', ownerPassword: 'owner' } });
    expect((await pdf(bytes)).markdown).toBe('Readable by anyone.\n');
  });

  it('reports a corrupt PDF in one line', async () => {
    await expect(fixtures.convert('corrupt.pdf')).rejects.toThrow(/^corrupt PDF: not a PDF, or damaged beyond repair$/);
    await expect(pdf(new TextEncoder().encode('not a pdf at all'))).rejects.toThrow(/^corrupt PDF: /);
  });

  it('reports a PDF with no text on any page (scanned pages, pictures of text, are ocr.test.ts)', async () => {
    await expect(pdf(buildPdf({ pages: [[], []] }))).rejects.toThrow(/^no text in PDF$/);
  });
});

describe('PDFium in kb', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints nothing, even for broken files: the console belongs to the CLI', async () => {
    const spies = (['log', 'warn', 'error', 'info'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    await warmUpPdfReader();
    await fixtures.convert('outline.pdf');
    await fixtures.convert('corrupt.pdf').catch(() => undefined);
    await fixtures.convert('encrypted.pdf').catch(() => undefined);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it("fails a PDF too large for PDFium's memory in one line, and its runtime prints nothing", () => {
    // A process of its own: the runtime binds the console when it loads, so only the process's
    // real output shows what it printed. Past the 2 GiB PDFium's memory can grow to, only the
    // length is read before the allocation fails; the thread's PDFium still reads the next file.
    const script = `
      const { openPdf } = await import(${JSON.stringify(new URL('../dist/src/prepare/converters/pdf-open.js', import.meta.url).href)});
      const huge = { length: 3000000000 };
      const failure = await openPdf(huge).then(() => 'opened', (error) => error.message);
      const pdf = await openPdf(Buffer.from(${JSON.stringify(Buffer.from(fixtures.bytes('plain.pdf')).toString('base64'))}, 'base64'));
      console.log(JSON.stringify({ failure, pages: pdf.pageCount }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ failure: 'PDF too large to read (3000000000 bytes)', pages: 2 });
  });

  it('leaves the caller its bytes (PDFium reads a copy in its own memory)', async () => {
    const bytes = fixtures.bytes('plain.pdf');
    const length = bytes.length;
    await pdf(bytes);
    expect(bytes.byteLength).toBe(length);
    await expect(pdf(bytes)).resolves.toMatchObject({ pages: 2 });
  });

  it('converts several documents at once', async () => {
    const names = ['outline.pdf', 'long.pdf', 'plain.pdf', 'outline.pdf'] as const;
    const docs = await Promise.all(names.map((name) => fixtures.convert(name)));
    expect(docs.map((d) => d.pages)).toEqual([3, 25, 2, 3]);
  });

  it('reads the bookmarks, the pages and the Info dictionary of an open PDF, and closes it once', async () => {
    const pdf = await openPdf(fixtures.bytes('outline.pdf'));
    try {
      expect(pdf.pageCount).toBe(3);
      expect(pdf.outline().map((entry) => entry.title)).toContain('Appendix');
      expect(pdf.readPage(2).lines).toContain('Everyday use is simple.');
      expect(pdf.paintsImage(2)).toBe(false);
    } finally {
      pdf.close();
    }
    expect(() => pdf.close()).not.toThrow();
  });

  it('reads PDFs inside a worker thread, as kb add does', async () => {
    // The built module: a worker thread runs plain Node, without vitest's TypeScript loader.
    const script = `
      import { parentPort, workerData } from 'node:worker_threads';
      const { convertPdf } = await import(workerData.module);
      const doc = await convertPdf(workerData.bytes, { fileName: 'outline.pdf', ext: '.pdf' });
      parentPort.postMessage({ pages: doc.pages, sections: doc.sections.map((s) => s.title) });`;
    const module = new URL('../dist/src/prepare/converters/pdf.js', import.meta.url).href;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(script)}`), { workerData: { module, bytes: fixtures.bytes('outline.pdf') } });
    const result = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(result).toEqual({ pages: 3, sections: ['Chapter 1 Getting Started', '1.1 Installation', 'Chapter 2 Using It', 'Appendix'] });
  });
});

describe("what kb adds to PDFium's reading", () => {
  it('keeps a raised footnote mark on its line, with the space after it when there is one', async () => {
    const doc = await pdf(
      buildPdf({
        pages: [
          [
            { text: 'The package is available on CTAN', mark: { text: '1', after: ': see the archive.' } },
            { text: 'It follows the cited document.', mark: { text: '2', after: ' If all citations agree.' } },
          ],
        ],
      }),
    );
    expect(doc.markdown).toContain('The package is available on CTAN1: see the archive.\n');
    expect(doc.markdown).toContain('It follows the cited document.2 If all citations agree.\n');
  });

  it("reads the angle brackets of TeX's symbol font, which PDFium cannot map to Unicode", async () => {
    // TeX writes ⟨argument⟩ with cmsy10's codes 104 and 105, the letters "h" and "i".
    const doc = await pdf(buildPdf({ pages: [['hi']], texSymbolFont: true }));
    expect(doc.markdown).toBe('⟨⟩\n');
  });

  it("gives the source page the Info dictionary's author, and not a tool's placeholder for one", async () => {
    const named = await pdf(buildPdf({ pages: [['Some text on the tides.']], info: { Title: 'Tides', Author: 'Ana Sousa' } }));
    expect(renderSourcePage({ doc: 'tides', fileName: 'tides.pdf' }, named)).toContain('\nauthor: Ana Sousa\n');
    const placeholder = await pdf(buildPdf({ pages: [['Some text on the tides.']], info: { Title: 'Tides', Author: 'Administrator' } }));
    expect(placeholder.metadata.author).toBeUndefined();
    // A login name is no one; a short name is someone.
    expect((await pdf(buildPdf({ pages: [['Text.']], info: { Author: 'jd' } }))).metadata.author).toBeUndefined();
    expect((await pdf(buildPdf({ pages: [['Text.']], info: { Author: 'Sam' } }))).metadata.author).toBe('Sam');
    expect(renderSourcePage({ doc: 'tides', fileName: 'tides.pdf' }, placeholder)).not.toContain('author:');
  });

  it('takes the XMP title when the Info dictionary has none', async () => {
    const doc = await pdf(buildPdf({ pages: [['Some text on the tides.']], xmpTitle: 'Tides &amp; Currents' }));
    expect(doc.title).toBe('Tides & Currents');
    expect(doc.metadata).toMatchObject({ title: 'Tides & Currents' });
    // A character reference to no character is no reason to lose the document.
    const odd = await pdf(buildPdf({ pages: [['Some text on the tides.']], xmpTitle: 'Tides &#99999999; Currents' }));
    expect(odd.title).toBe('Tides &#99999999; Currents');
  });

  it("reads the Info dictionary's dates as instants, with their offsets", async () => {
    const doc = await pdf(buildPdf({ pages: [['Dated text.']], info: { Title: 'Dated', CreationDate: "D:20230120164927+01'00'", ModDate: 'D:2024' } }));
    expect(doc.metadata).toMatchObject({ created: '2023-01-20T15:49:27.000Z', modified: '2024-01-01T00:00:00.000Z' });
  });
});

describe('PDF dates and TeX symbol fonts', () => {
  it('reads PDF date strings, and nothing else', () => {
    expect(pdfDate("D:20230120164927-05'30'")?.toISOString()).toBe('2023-01-20T22:19:27.000Z');
    expect(pdfDate('D:20230120164927Z')?.toISOString()).toBe('2023-01-20T16:49:27.000Z');
    expect(pdfDate('20230120')?.toISOString()).toBe('2023-01-20T00:00:00.000Z');
    expect(pdfDate('D:20231320')).toBeUndefined();
    expect(pdfDate('yesterday')).toBeUndefined();
  });

  it("maps the codes of TeX's symbol fonts, Computer Modern's and Latin Modern's, and no other font's", () => {
    expect(texSymbol('ABCDEF+CMSY10', 0x68)).toBe('⟨');
    expect(texSymbol('CMSY7', 0x69)).toBe('⟩');
    expect(texSymbol('LMMathSymbols10-Regular', 0x03)).toBe('∗');
    expect(texSymbol('Helvetica', 0x68)).toBeUndefined();
    expect(texSymbol('CMSY10', 0x41)).toBeUndefined();
  });
});
