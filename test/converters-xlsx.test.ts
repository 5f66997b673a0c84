// Excel workbooks: a section per sheet, each a Markdown table of the cells' displayed text;
// one-line reasons for broken, locked and empty files; then through the built binary.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import { addGoodAndBroken } from './support/add-one-format.js';
import { searchJson } from './support/search-json.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-xlsx-');

/** A workbook as Excel would save it: tide readings, a harbour list, and an empty sheet. */
async function tideWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const readings = workbook.addWorksheet('Readings');
  readings.addRow(['Station', 'Level (m)', 'Note']);
  readings.addRow(['Harbour gauge', 2.35, { richText: [{ text: 'spring ' }, { text: 'tide', font: { bold: true } }] }]);
  readings.addRow(['Pier | east', 1.1, 'line one\nline two']);
  readings.addRow(['Mean', { formula: 'AVERAGE(B2:B3)', result: 1.725 }, { text: 'tide tables', hyperlink: 'https://example.org/tides' }]);
  workbook.addWorksheet('Empty');
  const harbours = workbook.addWorksheet('Harbours');
  harbours.addRow(['Name', 'Country']);
  harbours.addRow(['Bergen', 'Norway']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function convert(bytes: Uint8Array, fileName = 'tides.xlsx') {
  return convertDocument(bytes, { fileName, ext: '.xlsx' });
}

describe('XLSX', () => {
  it('makes a section per non-empty sheet, in order, each a table of the displayed cell text', async () => {
    const doc = await convert(await tideWorkbook());
    expect(doc.title).toBe('tides');
    expect(doc.sections.map((s) => s.title)).toEqual(['Readings', 'Harbours']);
    expect(doc.metadata).toEqual({ sheets: '2', rows: '4' });
    expect(doc.markdown).toContain(
      [
        '## Readings',
        '',
        '| Station | Level (m) | Note |',
        '| --- | --- | --- |',
        '| Harbour gauge | 2.35 | spring tide |',
        '| Pier \\| east | 1.1 | line one<br>line two |',
        '| Mean | 1.725 | tide tables |',
      ].join('\n'),
    );
    expect(doc.markdown).toContain('## Harbours\n\n| Name | Country |\n| --- | --- |\n| Bergen | Norway |');
  });

  it('fails broken, locked and empty workbooks with a one-line reason', async () => {
    await expect(convert(new TextEncoder().encode('PK\u0003\u0004 not really a workbook'))).rejects.toThrow(/^corrupt XLSX: \S/);
    // What Office writes for a password-protected workbook: an OLE compound file, not a zip.
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(convert(ole)).rejects.toThrow(/^encrypted XLSX \(password protected\)/);
    const blank = new ExcelJS.Workbook();
    blank.addWorksheet('Sheet1');
    await expect(convert(new Uint8Array(await blank.xlsx.writeBuffer()))).rejects.toThrow('no text in XLSX (every sheet is empty)');
    await expect(convert(new Uint8Array())).rejects.toThrow('empty file');
  });

  it('kb add: a workbook is added with each sheet searchable, a broken one fails, the KB stays clean', async () => {
    const root = await addGoodAndBroken(fs.realpathSync(tempDir()), { good: ['tides.xlsx', await tideWorkbook()], broken: ['broken.xlsx', 'not a workbook'], brokenReason: /^corrupt XLSX: \S/ });
    const [hit] = await searchJson(root, 'Bergen');
    expect(hit).toMatchObject({ page: 'wiki/sources/tides.md', title: 'tides › Harbours' });
  });
});
