// OpenDocument spreadsheets and presentations: a section per sheet (a Markdown table, the
// compressed runs of repeated rows and cells expanded only as far as the data goes) and a
// section per slide (title, shapes' text, speaker notes); one-line reasons for broken,
// encrypted and empty files; then through the built binary.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import { buildOpenDocument } from './support/fixtures/opendocument-builder.js';
import { addGoodAndBroken } from './support/add-one-format.js';
import { searchJson } from './support/search-json.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-ods-odp-');

const cell = (text: string, attributes = '') => `<table:table-cell${attributes}><text:p>${text}</text:p></table:table-cell>`;
const empty = (repeat: number) => `<table:table-cell table:number-columns-repeated="${repeat}"/>`;
const row = (cells: string, attributes = '') => `<table:table-row${attributes}>${cells}</table:table-row>`;

const SHEETS = [
  '<table:table table:name="Levels">',
  row(`${cell('Station')}${empty(1)}${cell('Level')}${empty(16381)}`),
  row(`${cell('North')}${empty(1)}${cell('2.35')}${empty(16381)}`),
  row(`${cell('Pier | 2')}<table:covered-table-cell/>${cell('1.10')}`, ' table:number-rows-repeated="2"'),
  row(empty(16384), ' table:number-rows-repeated="1048570"'),
  '</table:table>',
  '<table:table table:name="Empty">', row(empty(1024)), '</table:table>',
  '<table:table table:name="Notes *draft*">', row(cell('Checked weekly')), '</table:table>',
].join('');

const SLIDES = [
  '<draw:page draw:name="page1">',
  '<draw:frame presentation:class="title"><draw:text-box><text:p>Tide Gauges</text:p></draw:text-box></draw:frame>',
  '<draw:frame presentation:class="outline"><draw:text-box><text:list><text:list-item><text:p>A reading every ten minutes</text:p></text:list-item><text:list-item><text:p>Two stations</text:p></text:list-item></text:list></draw:text-box></draw:frame>',
  '<draw:custom-shape><text:p># of gauges: 3</text:p></draw:custom-shape>',
  '<presentation:notes><draw:page-thumbnail/><draw:frame presentation:class="notes"><draw:text-box><text:p>Mention the storm of March.</text:p></draw:text-box></draw:frame></presentation:notes>',
  '</draw:page>',
  '<draw:page draw:name="page2"><draw:frame presentation:class="title"><draw:text-box/></draw:frame></draw:page>',
  '<draw:page draw:name="page3"><draw:g><draw:frame><table:table>', row(`${cell('Station')}${cell('Level')}`), row(`${cell('North')}${cell('2.35')}`), '</table:table></draw:frame></draw:g></draw:page>',
].join('');

function convert(bytes: Uint8Array, fileName: string) {
  return convertDocument(bytes, { fileName, ext: fileName.slice(fileName.lastIndexOf('.')) });
}

describe('ODS', () => {
  it('makes a section per sheet with its table, expanding repeated rows and cells only as far as the data goes', async () => {
    const doc = await convert(await buildOpenDocument('spreadsheet', SHEETS), 'levels.ods');
    expect(doc.title).toBe('levels');
    expect(doc.sections.map((s) => s.title)).toEqual(['Levels', 'Notes *draft*']);
    expect(doc.metadata).toEqual({ sheets: '2', rows: '3' });
    expect(doc.markdown).toBe(
      [
        '## Levels',
        '| Station | Level |\n| --- | --- |\n| North | 2.35 |\n| Pier \\| 2 | 1.10 |\n| Pier \\| 2 | 1.10 |',
        '## Notes \\*draft\\*',
        '| Checked weekly |\n| --- |',
      ].join('\n\n') + '\n',
    );
  });

  it("takes the title from meta.xml when the workbook has one", async () => {
    expect((await convert(await buildOpenDocument('spreadsheet', SHEETS, { title: 'Levels 2026' }), 'levels.ods')).title).toBe('Levels 2026');
  });

  it('fails broken, encrypted, mislabelled and empty workbooks with a one-line reason', async () => {
    await expect(convert(new TextEncoder().encode('not a workbook'), 'x.ods')).rejects.toThrow(/^corrupt ODS: \S/);
    await expect(convert(await buildOpenDocument('spreadsheet', SHEETS, { encrypted: true }), 'x.ods')).rejects.toThrow('encrypted ODS (password protected)');
    await expect(convert(await buildOpenDocument('text', '<text:p>Words</text:p>'), 'x.ods')).rejects.toThrow('corrupt ODS: an OpenDocument text, not a spreadsheet');
    await expect(convert(await buildOpenDocument('spreadsheet', `<table:table table:name="A">${row(empty(16384), ' table:number-rows-repeated="1048576"')}</table:table>`), 'x.ods')).rejects.toThrow('no text in ODS (every sheet is empty)');
    await expect(convert(new Uint8Array(), 'x.ods')).rejects.toThrow('empty file');
  });

  it('kb add: a workbook is added with its rows searchable, a broken one fails, the KB stays clean', async () => {
    const root = await addGoodAndBroken(fs.realpathSync(tempDir()), { good: ['levels.ods', await buildOpenDocument('spreadsheet', SHEETS)], broken: ['broken.ods', 'PK\u0003\u0004 truncated'], brokenReason: /^corrupt ODS: \S/ });
    const [hit] = await searchJson(root, 'checked weekly');
    expect(hit).toMatchObject({ page: 'wiki/sources/levels.md', title: 'levels › Notes *draft*' });
  });
});

describe('ODP', () => {
  it("makes a section per slide: title, the shapes' text in order, tables, speaker notes", async () => {
    const doc = await convert(await buildOpenDocument('presentation', SLIDES), 'gauges.odp');
    expect(doc.title).toBe('Tide Gauges');
    expect(doc.metadata).toEqual({ slides: '3' });
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [2, 'Slide 1: Tide Gauges'],
      [3, 'Speaker notes'],
      [2, 'Slide 3'],
    ]);
    expect(doc.markdown).toBe(
      [
        '## Slide 1: Tide Gauges',
        '- A reading every ten minutes\n\n- Two stations',
        '\\# of gauges: 3',
        '### Speaker notes',
        'Mention the storm of March.',
        '## Slide 3',
        '| Station | Level |\n| --- | --- |\n| North | 2.35 |',
      ].join('\n\n') + '\n',
    );
  });

  it('fails broken, encrypted and empty decks with a one-line reason', async () => {
    await expect(convert(new TextEncoder().encode('not a deck'), 'x.odp')).rejects.toThrow(/^corrupt ODP: \S/);
    await expect(convert(await buildOpenDocument('presentation', SLIDES, { encrypted: true }), 'x.odp')).rejects.toThrow('encrypted ODP (password protected)');
    await expect(convert(await buildOpenDocument('presentation', '<draw:page draw:name="page1"><draw:frame presentation:class="title"><draw:text-box/></draw:frame></draw:page>'), 'x.odp')).rejects.toThrow('no text in ODP (its slides hold no text)');
  });

  it('kb add: a deck is added with its notes searchable, a broken one fails, the KB stays clean', async () => {
    const root = await addGoodAndBroken(fs.realpathSync(tempDir()), { good: ['gauges.odp', await buildOpenDocument('presentation', SLIDES)], broken: ['broken.odp', 'PK\u0003\u0004 truncated'], brokenReason: /^corrupt ODP: \S/ });
    const [hit] = await searchJson(root, 'storm of march');
    expect(hit).toMatchObject({ page: 'wiki/sources/gauges.md', title: 'Tide Gauges › Slide 1: Tide Gauges › Speaker notes' });
  });
});
