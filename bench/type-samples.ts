import ExcelJS from 'exceljs';
import ini from 'ini';
import JSZip from 'jszip';
import yaml from 'js-yaml';
import { stringify as stringifyToml } from 'smol-toml';
import { buildDocx, type DocxBlock } from '../test/support/fixtures/docx-builder.js';
import { buildEpub } from '../test/support/fixtures/epub-builder.js';
import { buildOpenDocument } from '../test/support/fixtures/opendocument-builder.js';
import { buildPdf, type PdfLine } from '../test/support/fixtures/pdf-builder.js';
import { buildPptx, type PptxSlide } from '../test/support/fixtures/pptx-builder.js';
import { buildRtf } from '../test/support/fixtures/rtf-builder.js';
import { ocrToolsInstalled, renderedPage } from '../test/support/fixtures/scanned-fixtures.js';
import { prng, sentence } from './generate-corpus.js';

/**
 * One generated document written in every format kb reads, so that conversion speed can be
 * compared across types on the same text: sections of paragraphs, a table every fourth
 * section. Generated with the test fixtures' builders; the text is the bench corpus's words,
 * which need no escaping in any format (letters, digits, spaces, full stops).
 */
export interface SampleSection {
  heading: string;
  paragraphs: string[];
  table?: string[][];
}

export interface SampleDocument {
  title: string;
  sections: SampleSection[];
}

/** Sections until the paragraphs and tables hold at least `textChars` characters. */
export function sampleDocument(textChars: number, seed = 7): SampleDocument {
  const rand = prng(seed);
  const sections: SampleSection[] = [];
  for (let chars = 0; chars < textChars; ) {
    const n = sections.length + 1;
    const paragraphs = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => sentence(rand)).join(' '));
    const table = n % 4 === 0 ? [['Item', 'Stage', 'Count', 'Note'], ...Array.from({ length: 6 }, (_, r) => [`Item ${n}.${r + 1}`, sentence(rand).split(' ')[0]!, String(Math.floor(rand() * 10_000)), sentence(rand)])] : undefined;
    sections.push({ heading: `Section ${n} ${sentence(rand).split(' ').slice(0, 3).join(' ').replace('.', '')}`, paragraphs, ...(table ? { table } : {}) });
    chars += paragraphs.join('').length + (table?.flat().join('').length ?? 0);
  }
  return { title: 'Throughput Notes of the Storage Journal', sections };
}

type Generator = (doc: SampleDocument) => string | Uint8Array | Promise<Uint8Array>;

/** Rows of a sheet: one per sentence, with its section, position and a number. */
function sheetRows(sections: readonly SampleSection[]): string[][] {
  const rows = [['Section', 'Paragraph', 'Sentence', 'Words']];
  for (const section of sections) {
    section.paragraphs.forEach((p, i) => {
      for (const s of p.split(/(?<=\.) /)) rows.push([section.heading, String(i + 1), s, String(s.split(' ').length)]);
    });
  }
  return rows;
}

/** The sections in groups of `size` (chapters of a book, sheets of a workbook). */
function groups<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** A deck: per section, a slide for every two paragraphs (the first as bullets, the second as notes), and one for its table. */
function slidesOf(doc: SampleDocument): PptxSlide[] {
  return doc.sections.flatMap((section) => [
    ...groups(section.paragraphs, 2).map((pair) => ({ title: section.heading, body: pair[0]!.split(/(?<=\.) /), ...(pair[1] ? { notes: [pair[1]] } : {}) })),
    ...(section.table ? [{ title: `${section.heading} in figures`, table: section.table }] : []),
  ]);
}

const pipeTable = (rows: string[][]): string => rows.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${r.map(() => ' --- |').join('')}` : ''}`).join('\n');
const htmlTable = (rows: string[][]): string => `<table>${rows.map((r, i) => `<tr>${r.map((c) => (i === 0 ? `<th>${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`).join('')}</table>`;
const htmlSection = (s: SampleSection): string => `<h2>${s.heading}</h2>${s.paragraphs.map((p) => `<p>${p}</p>`).join('')}${s.table ? htmlTable(s.table) : ''}`;
const odfCell = (c: string): string => (/^\d+$/.test(c) ? `<table:table-cell office:value-type="float" office:value="${c}"><text:p>${c}</text:p></table:table-cell>` : `<table:table-cell><text:p>${c}</text:p></table:table-cell>`);
const odfTable = (name: string, rows: string[][]): string => `<table:table table:name="${name}">${rows.map((r) => `<table:table-row>${r.map(odfCell).join('')}</table:table-row>`).join('')}</table:table>`;

/** An rst simple table: columns padded to their widest cell, between rules of `=`. */
function rstTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  const rule = widths.map((w) => '='.repeat(w)).join('  ');
  return [rule, line(rows[0]!), rule, ...rows.slice(1).map(line), rule].join('\n');
}

/** The same content as a tree of keys, one top-level key per section (structured converters cut there). */
function keyedSections(doc: SampleDocument): Record<string, unknown> {
  return {
    title: doc.title,
    ...Object.fromEntries(doc.sections.map((s, i) => [`section-${String(i + 1).padStart(3, '0')}`, { heading: s.heading, paragraphs: s.paragraphs, ...(s.table ? { table: s.table } : {}) }])),
  };
}

/** Lines of a PDF page: 12 pt lines of at most 90 characters, headings larger. */
function pdfPages(doc: SampleDocument): { pages: (string | PdfLine)[][]; outline: { title: string; page: number }[] } {
  const pages: (string | PdfLine)[][] = [[{ text: doc.title, size: 18 }]];
  const outline: { title: string; page: number }[] = [];
  const wrap = (text: string): string[] => text.split(' ').reduce<string[]>((lines, word) => {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length < 90) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
    return lines;
  }, []);
  for (const section of doc.sections) {
    const lines: (string | PdfLine)[] = [{ text: section.heading, size: 14 }, ...section.paragraphs.flatMap((p) => [...wrap(p), '']), ...(section.table ?? []).map((r) => r.join('    '))];
    for (const line of lines) {
      if (pages.at(-1)!.length >= 34) pages.push([]);
      if (typeof line !== 'string' && line.size === 14) outline.push({ title: section.heading, page: pages.length });
      pages.at(-1)!.push(line);
    }
  }
  return { pages, outline };
}

/**
 * A photo of text: the first section's paragraphs as one page, drawn at 300 dpi (a scan's
 * usual resolution) by pdftoppm. OCR reads a page in about a second, so an image sample is one
 * page, not 200 KB of text; its row compares per output character like the others.
 */
function scanOf(format: 'png' | 'jpeg' | 'tiff'): Generator {
  return (doc) => {
    if (!ocrToolsInstalled) throw new Error('needs pdftoppm and tesseract (apt-get install poppler-utils tesseract-ocr)');
    const words = doc.sections[0]!.paragraphs.join(' ').split(' ');
    const lines: string[] = [];
    for (const word of words) {
      if (lines.length > 0 && lines.at(-1)!.length + word.length < 60) lines[lines.length - 1] += ` ${word}`;
      else lines.push(word);
    }
    return renderedPage([doc.sections[0]!.heading, ...lines.slice(0, 36)], format, 300);
  };
}

async function xlsx(doc: SampleDocument): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = doc.title;
  groups(doc.sections, 10).forEach((sections, i) => workbook.addWorksheet(`Part ${i + 1}`).addRows(sheetRows(sections).map((r) => r.map((c) => (/^\d+$/.test(c) ? Number(c) : c)))));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * Extension → generator. An extension kb reads that is missing here (and is not in
 * SAMPLE_ALIASES) is reported by the bench as having no generator.
 */
export const SAMPLE_GENERATORS: Readonly<Record<string, Generator>> = {
  '.md': (doc) => `# ${doc.title}\n\n${doc.sections.map((s) => [`## ${s.heading}`, ...s.paragraphs, ...(s.table ? [pipeTable(s.table)] : [])].join('\n\n')).join('\n\n')}\n`,
  '.txt': (doc) => `${doc.title}\n${'='.repeat(doc.title.length)}\n\n${doc.sections.map((s) => [`${s.heading}\n${'-'.repeat(s.heading.length)}`, ...s.paragraphs, ...(s.table ? [s.table.map((r) => r.join('   ')).join('\n')] : [])].join('\n\n')).join('\n\n')}\n`,
  '.rst': (doc) => `${'='.repeat(doc.title.length)}\n${doc.title}\n${'='.repeat(doc.title.length)}\n\n${doc.sections.map((s) => [`${s.heading}\n${'-'.repeat(s.heading.length)}`, ...s.paragraphs, ...(s.table ? [rstTable(s.table)] : [])].join('\n\n')).join('\n\n')}\n`,
  '.adoc': (doc) => `= ${doc.title}\n\n${doc.sections.map((s) => [`== ${s.heading}`, ...s.paragraphs, ...(s.table ? [`|===\n${s.table.map((r) => `| ${r.join(' | ')}`).join('\n')}\n|===`] : [])].join('\n\n')).join('\n\n')}\n`,
  '.html': (doc) => `<!DOCTYPE html><html><head><title>${doc.title}</title></head><body><nav><a href="/">Home</a></nav><main><h1>${doc.title}</h1>${doc.sections.map(htmlSection).join('\n')}</main><footer>Generated</footer></body></html>\n`,
  '.docx': (doc) => buildDocx([{ title: doc.title }, ...doc.sections.flatMap((s): DocxBlock[] => [{ heading: 1, text: s.heading }, ...s.paragraphs.map((paragraph) => ({ paragraph })), ...(s.table ? [{ table: s.table }] : [])])]),
  '.csv': (doc) => `${sheetRows(doc.sections).map((r, i) => (i === 0 ? r.join(',') : `${r[0]},${r[1]},"${r[2]}",${r[3]}`)).join('\n')}\n`,
  '.pdf': (doc) => buildPdf({ info: { Title: doc.title }, flate: 'whole', ...pdfPages(doc) }),
  '.json': (doc) => `${JSON.stringify(keyedSections(doc), null, 2)}\n`,
  '.yaml': (doc) => `# ${doc.title}\n${yaml.dump(keyedSections(doc))}`,
  '.toml': (doc) => `# ${doc.title}\n${stringifyToml(keyedSections(doc))}\n`,
  '.ini': (doc) =>
    ini.stringify({
      title: doc.title,
      ...Object.fromEntries(doc.sections.map((s, i) => [`section-${i + 1}`, { heading: s.heading, ...Object.fromEntries(s.paragraphs.map((p, k) => [`paragraph${k + 1}`, p])), ...Object.fromEntries((s.table ?? []).map((r, k) => [`row${k}`, r.join('; ')])) }])),
    }),
  '.xml': (doc) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<document>\n  <title>${doc.title}</title>\n${doc.sections.map((s, i) => `  <section id="s${i + 1}"><heading>${s.heading}</heading>${s.paragraphs.map((p) => `<p>${p}</p>`).join('')}${s.table ? `<table>${s.table.map((r) => `<row>${r.map((c) => `<cell>${c}</cell>`).join('')}</row>`).join('')}</table>` : ''}</section>`).join('\n')}\n</document>\n`,
  '.epub': (doc) => buildEpub({ title: doc.title, authors: ['kb bench'], chapters: groups(doc.sections, 4).map((sections, i) => ({ file: `c${i + 1}.xhtml`, title: `Chapter ${i + 1}`, body: `<h1>Chapter ${i + 1}</h1>${sections.map(htmlSection).join('')}` })) }),
  '.xlsx': xlsx,
  '.pptx': (doc) => buildPptx(slidesOf(doc), { title: doc.title }),
  '.odt': (doc) =>
    buildOpenDocument('text', `<text:h text:outline-level="1">${doc.title}</text:h>${doc.sections.map((s, i) => `<text:h text:outline-level="2">${s.heading}</text:h>${s.paragraphs.map((p) => `<text:p>${p}</text:p>`).join('')}${s.table ? odfTable(`Table${i + 1}`, s.table) : ''}`).join('')}`, { title: doc.title }),
  '.ods': (doc) => buildOpenDocument('spreadsheet', groups(doc.sections, 10).map((sections, i) => odfTable(`Part ${i + 1}`, sheetRows(sections))).join(''), { title: doc.title }),
  '.odp': (doc) =>
    buildOpenDocument(
      'presentation',
      slidesOf(doc).map((slide, i) => `<draw:page draw:name="p${i + 1}"><draw:frame presentation:class="title"><draw:text-box><text:p>${slide.title}</text:p></draw:text-box></draw:frame>${slide.body ? `<draw:frame presentation:class="outline"><draw:text-box>${slide.body.map((b) => `<text:p>${b}</text:p>`).join('')}</draw:text-box></draw:frame>` : ''}${slide.table ? `<draw:frame>${odfTable(`Table${i + 1}`, slide.table)}</draw:frame>` : ''}${slide.notes ? `<presentation:notes><draw:frame presentation:class="notes"><draw:text-box><text:p>${slide.notes.join('')}</text:p></draw:text-box></draw:frame></presentation:notes>` : ''}</draw:page>`).join(''),
      { title: doc.title },
    ),
  '.rtf': (doc) => buildRtf({ title: doc.title, blocks: [{ heading: 1, text: doc.title }, ...doc.sections.flatMap((s) => [{ heading: 2 as const, text: s.heading }, ...s.paragraphs.map((p) => ({ paragraph: [p] })), ...(s.table ? [{ table: s.table }] : [])])] }),
  '.png': scanOf('png'),
  '.jpg': scanOf('jpeg'),
  '.tiff': scanOf('tiff'),
};

/** Other names of a format: the same converter, measured once under the first name. */
export const SAMPLE_ALIASES: Readonly<Record<string, string>> = { '.markdown': '.md', '.text': '.txt', '.asciidoc': '.adoc', '.htm': '.html', '.xhtml': '.html', '.yml': '.yaml', '.jpeg': '.jpg', '.tif': '.tiff' };

export type SamplePlan = { ext: string; generate: Generator } | { ext: string; aliasOf: string } | { ext: string; missing: true };

/** What the bench does with each extension kb reads: generate a sample, skip it as an alias, or say it has no generator. */
export function planSamples(extensions: readonly string[]): SamplePlan[] {
  return extensions.map((ext) => {
    const generate = SAMPLE_GENERATORS[ext];
    if (generate) return { ext, generate };
    const aliasOf = SAMPLE_ALIASES[ext];
    return aliasOf ? { ext, aliasOf } : { ext, missing: true as const };
  });
}

/** The sample as bytes. */
export async function generateSample(generate: Generator, doc: SampleDocument): Promise<Uint8Array> {
  const out = await generate(doc);
  return typeof out === 'string' ? new TextEncoder().encode(out) : deflated(out);
}

/**
 * A zip package with its parts deflated, as office suites and e-book tools write them (the
 * EPUB, PPTX and OpenDocument builders store them): the reader's inflating is part of the
 * cost, and the input size is what a user has. `mimetype` stays stored, first, as those
 * formats require. Anything else is returned as it is.
 */
async function deflated(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return bytes; // not a zip ("PK")
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  for (const file of Object.values(zip.files)) {
    if (file.dir) continue;
    out.file(file.name, await file.async('uint8array'), { compression: file.name === 'mimetype' ? 'STORE' : 'DEFLATE' });
  }
  return out.generateAsync({ type: 'uint8array' });
}
