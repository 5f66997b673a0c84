// PowerPoint decks: a section per slide in the deck's order, the title placeholder as its
// heading, the other shapes and tables as its text, the speaker notes as a subsection; one-line
// reasons for broken, locked and empty decks; then through the built binary.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import { buildPptx, type PptxSlide } from './support/fixtures/pptx-builder.js';
import { addGoodAndBroken } from './support/add-one-format.js';
import { searchJson } from './support/search-json.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-pptx-');

const DECK: PptxSlide[] = [
  { title: 'Tide Gauges', body: ['How the harbour measures the sea.'], notes: ['Welcome everyone; introduce the gauge team.'] },
  { title: 'Readings', body: ['A reading every ten minutes.', 'Levels in metres above chart datum.'], table: [['Station', 'Level'], ['Harbour', '2.35']] },
  { body: ['A slide with no title still counts.'] },
];

function convert(bytes: Uint8Array, fileName = 'gauges.pptx') {
  return convertDocument(bytes, { fileName, ext: '.pptx' });
}

describe('PPTX', () => {
  it("makes a section per slide in the deck's order, with its title, text, table cells and speaker notes", async () => {
    // Slide files are numbered 1, 2, 3; the deck lists them 2, 1, 3.
    const doc = await convert(await buildPptx(DECK, { order: [1, 0, 2] }));
    expect(doc.title).toBe('Readings');
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [2, 'Slide 1: Readings'],
      [2, 'Slide 2: Tide Gauges'],
      [3, 'Speaker notes'],
      [2, 'Slide 3'],
    ]);
    expect(doc.markdown).toContain('## Slide 1: Readings\n\nA reading every ten minutes.\n\nLevels in metres above chart datum.\n\n| Station | Level |\n| --- | --- |\n| Harbour | 2.35 |');
    expect(doc.markdown).toContain('### Speaker notes\n\nWelcome everyone; introduce the gauge team.');
    // The notes page's slide number is not part of the notes.
    expect(doc.markdown).not.toMatch(/Speaker notes[\s\S]*\n1\n/);
  });

  it('keeps slide text as text: a line that looks like a heading or a title with markup makes no section of its own', async () => {
    const doc = await convert(await buildPptx([{ title: 'Level *mean* vs max_level', body: ['# of readings per hour', '> quoted'], notes: ['## not a heading'] }]));
    expect(doc.sections.map((s) => s.title)).toEqual(['Slide 1: Level *mean* vs max_level', 'Speaker notes']);
    expect(doc.markdown).toContain('\\# of readings per hour\n\n\\> quoted');
  });

  it("takes the title from the core properties when the deck has one", async () => {
    expect((await convert(await buildPptx(DECK, { title: 'Harbour Briefing' }))).title).toBe('Harbour Briefing');
  });

  it('fails broken, locked and empty decks with a one-line reason', async () => {
    await expect(convert(new TextEncoder().encode('not a deck'))).rejects.toThrow(/^corrupt PPTX: \S/);
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(convert(ole)).rejects.toThrow(/^encrypted PPTX \(password protected\)/);
    await expect(convert(await buildPptx([{}, {}]))).rejects.toThrow('no text in PPTX (its slides hold no text)');
    await expect(convert(new Uint8Array())).rejects.toThrow('empty file');
  });

  it('kb add: a deck is added with its slides and notes searchable, a broken one fails, the KB stays clean', async () => {
    const root = await addGoodAndBroken(fs.realpathSync(tempDir()), { good: ['gauges.pptx', await buildPptx(DECK, { title: 'Harbour Briefing' })], broken: ['broken.pptx', 'PK\u0003\u0004 truncated'], brokenReason: /^corrupt PPTX: \S/ });
    const [hit] = await searchJson(root, 'gauge team');
    expect(hit).toMatchObject({ page: 'wiki/sources/gauges.md', title: 'Harbour Briefing › Slide 1: Tide Gauges › Speaker notes' });
  });
});
