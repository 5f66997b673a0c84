// Rich Text Format: headings from styles and outline levels, paragraphs, lists, tables and
// footnotes as Markdown; characters from code pages and \uN; pictures and destinations dropped;
// one-line reasons for broken, empty and textless files; then through the built binary.
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import { buildRtf, type RtfSpec } from './support/fixtures/rtf-builder.js';
import { addGoodAndBroken } from './support/add-one-format.js';
import { searchJson } from './support/search-json.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-rtf-');

const REPORT: RtfSpec = {
  blocks: [
    { heading: 1, text: 'Harbour Report' },
    { paragraph: ['The tide gauge records ', { text: 'the water level', bold: true }, ' every ', { text: 'ten', italic: true }, ' minutes.'] },
    { heading: 2, text: 'Stations' },
    { paragraph: ['# of gauges: 3'] },
    { table: [['Station', 'Level'], ['North', '2.35']] },
  ],
};

function convert(bytes: Uint8Array | string, fileName = 'report.rtf') {
  return convertDocument(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, { fileName, ext: '.rtf' });
}

describe('RTF', () => {
  it('keeps headings (from their styles), paragraphs and tables; character formatting goes', async () => {
    const doc = await convert(buildRtf(REPORT));
    expect(doc.title).toBe('Harbour Report');
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'Harbour Report'],
      [2, 'Stations'],
    ]);
    expect(doc.markdown).toBe(
      [
        '# Harbour Report',
        'The tide gauge records the water level every ten minutes.',
        '## Stations',
        '\\# of gauges: 3',
        '| Station | Level |\n| --- | --- |\n| North | 2.35 |',
      ].join('\n\n') + '\n',
    );
  });

  it('takes the title from \\info, else the first level-1 heading, else the file name', async () => {
    expect((await convert(buildRtf({ ...REPORT, title: 'Tides 2026' }))).title).toBe('Tides 2026');
    expect((await convert(buildRtf({ blocks: [{ paragraph: ['Only text.'] }] }), 'gauge notes.rtf')).title).toBe('gauge notes');
  });

  it('reads accents in the code page and \\uN characters, dropping each \\uN fallback', async () => {
    const doc = await convert(buildRtf({ title: 'Caf\u00e9 \u2014 notes', blocks: [{ paragraph: ['Caf\u00e9 cr\u00e8me \u2014 na\u00efve \u201cquotes\u201d 你好 \u{1F600}'] }] }));
    expect(doc.title).toBe('Caf\u00e9 \u2014 notes');
    expect(doc.markdown).toBe('Caf\u00e9 cr\u00e8me \u2014 na\u00efve \u201cquotes\u201d 你好 \u{1F600}\n');
    // A font's \fcharset names its code page (204: Cyrillic); \ucN says how many fallback bytes follow \uN.
    const cyrillic = '{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Times;}{\\f1\\fcharset204 Arial;}}\\f1 \\\'cf\\\'f0\\\'e8\\\'e2\\\'e5\\\'f2 \\f0 \\\'e9t\\\'e9 \\uc2\\u8212\\\'97- end\\par}';
    expect((await convert(cyrillic)).markdown).toBe('Привет été — end\n');
  });

  it("prints nothing for a malformed \\'xx escape (the console belongs to the CLI) and keeps the text around it", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const doc = await convert("{\\rtf1\\ansi Caf\\'zz and \\\\'zz stay\\par}");
      expect(warn).not.toHaveBeenCalled();
      expect(doc.markdown).toBe("Cafzz and \\'zz stay\n");
    } finally {
      warn.mockRestore();
    }
  });

  it('drops pictures, headers, fields\' instructions and other destinations; keeps footnotes where cited', async () => {
    const doc = await convert(buildRtf({ blocks: [{ picture: 'Before the picture' }, { paragraph: ['After it.'] }] }));
    expect(doc.markdown).toBe('Before the picture\n\nAfter it.\n');
    const rtf = [
      '{\\rtf1\\ansi{\\header\\pard Page header\\par}{\\*\\company Port}{\\*\\bkmkstart b1}',
      '\\pard See {\\field{\\*\\fldinst HYPERLINK "https://example.org"}{\\fldrslt the gauge page}}',
      ' and the note{\\super\\chftn}{\\footnote\\pard\\plain{\\super\\chftn} Measured hourly.}.\\par',
      '{\\object\\objemb{\\*\\objdata 0105000002000000}}\\pard\\outlinelevel1 Level from the paragraph\\par}',
    ].join('\n');
    expect((await convert(rtf)).markdown).toBe('See the gauge page and the note [Measured hourly.].\n\n## Level from the paragraph\n');
  });

  it('reads list paragraphs (\\ls, \\ilvl) as items and Word\'s Title style as a level-1 heading', async () => {
    const rtf = '{\\rtf1{\\stylesheet{Normal;}{\\s15 Title;}}\\pard\\s15 Gauges\\par{\\listtext\\\'b7\\tab}\\pard\\ls1 North\\par{\\listtext o\\tab}\\pard\\ls1\\ilvl1 Old\\par}';
    const doc = await convert(rtf);
    expect(doc.markdown).toBe('# Gauges\n\n- North\n\n  - Old\n');
    expect(doc.title).toBe('Gauges');
  });

  it('fails broken, empty and textless files with a one-line reason', async () => {
    await expect(convert('not a document')).rejects.toThrow('corrupt RTF: it does not start with "{\\rtf"');
    await expect(convert('{\\rtf1\\ansi {\\b cut off here')).rejects.toThrow('corrupt RTF: the file ends inside 2 unclosed groups (truncated?)');
    await expect(convert(new Uint8Array())).rejects.toThrow('empty file');
    await expect(convert('{\\rtf1\\ansi{\\*\\generator x;}{\\pict\\pngblip 8950}\\par }')).rejects.toThrow('no text in RTF');
  });

  it('kb add: a document is added with its sections searchable, a broken one fails, the KB stays clean', async () => {
    const root = await addGoodAndBroken(fs.realpathSync(tempDir()), { good: ['report.rtf', buildRtf(REPORT)], broken: ['broken.rtf', '{\\rtf1\\ansi truncated {'], brokenReason: /^corrupt RTF: \S/ });
    const [hit] = await searchJson(root, 'tide gauge water level');
    expect(hit).toMatchObject({ page: 'wiki/sources/report.md', title: 'Harbour Report' });
  });
});
