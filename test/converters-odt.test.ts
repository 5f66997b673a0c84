// OpenDocument text: headings at their outline level, paragraphs, lists, tables and footnotes
// as Markdown; one-line reasons for broken and empty files; then through the built binary.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import { buildOdt } from './support/fixtures/opendocument-builder.js';
import { addGoodAndBroken } from './support/add-one-format.js';
import { searchJson } from './support/search-json.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-odt-');

const BODY = [
  '<text:h text:outline-level="1">Harbour Report</text:h>',
  '<text:p>The tide gauge<text:s text:c="2"/>records <text:span>the water level</text:span>.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Every ten minutes.</text:p></text:note-body></text:note></text:p>',
  '<text:h text:outline-level="2">Stations</text:h>',
  '<text:list><text:list-item><text:p>North pier</text:p></text:list-item><text:list-item><text:p>South pier</text:p><text:list><text:list-item><text:p>Old gauge</text:p></text:list-item></text:list></text:list-item></text:list>',
  '<table:table table:name="Levels"><table:table-header-rows><table:table-row><table:table-cell><text:p>Station</text:p></table:table-cell><table:table-cell><text:p>Level</text:p></table:table-cell></table:table-row></table:table-header-rows><table:table-row><table:table-cell><text:p>North</text:p></table:table-cell><table:table-cell><text:p>2.35</text:p></table:table-cell></table:table-row></table:table>',
].join('');

function convert(bytes: Uint8Array, fileName = 'report.odt') {
  return convertDocument(bytes, { fileName, ext: '.odt' });
}

describe('ODT', () => {
  it('keeps headings at their outline level, paragraphs, nested lists, tables and footnotes', async () => {
    const doc = await convert(await buildOdt(BODY));
    expect(doc.title).toBe('Harbour Report');
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'Harbour Report'],
      [2, 'Stations'],
    ]);
    expect(doc.markdown).toBe(
      [
        '# Harbour Report',
        'The tide gauge records the water level. [Every ten minutes.]',
        '## Stations',
        '- North pier',
        '- South pier',
        '  - Old gauge',
        '| Station | Level |\n| --- | --- |\n| North | 2.35 |',
      ].join('\n\n') + '\n',
    );
  });

  it('keeps paragraph text as text: a paragraph that looks like a heading makes no section', async () => {
    const doc = await convert(await buildOdt('<text:h text:outline-level="1">Notes on max_level</text:h><text:p># of gauges: 3</text:p>'));
    expect(doc.sections.map((s) => s.title)).toEqual(['Notes on max_level']);
    expect(doc.markdown).toBe('# Notes on max\\_level\n\n\\# of gauges: 3\n');
  });

  it("takes the title from meta.xml when the document has one", async () => {
    expect((await convert(await buildOdt(BODY, { title: 'Tides 2026' }))).title).toBe('Tides 2026');
  });

  it('fails broken and empty documents with a one-line reason', async () => {
    await expect(convert(new TextEncoder().encode('not a document'))).rejects.toThrow(/^corrupt ODT: \S/);
    await expect(convert(await buildOdt('<text:p>  </text:p>'))).rejects.toThrow('no text in ODT');
    await expect(convert(new Uint8Array())).rejects.toThrow('empty file');
    await expect(convert(await buildOdt(BODY, { encrypted: true }))).rejects.toThrow('encrypted ODT (password protected)');
  });

  it('kb add: a document is added with its sections searchable, a broken one fails, the KB stays clean', async () => {
    const root = await addGoodAndBroken(fs.realpathSync(tempDir()), { good: ['report.odt', await buildOdt(BODY)], broken: ['broken.odt', 'PK\u0003\u0004 truncated'], brokenReason: /^corrupt ODT: \S/ });
    const [hit] = await searchJson(root, 'old gauge');
    expect(hit).toMatchObject({ page: 'wiki/sources/report.md', title: 'Harbour Report › Stations' });
  });
});
