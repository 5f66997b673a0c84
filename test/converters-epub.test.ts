// EPUB books: chapters in spine order as level-1 sections, title and authors from the metadata,
// and one-line reasons for broken, DRM-locked and empty files; then through the built binary.
import fs from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import { buildEpub, type EpubSpec } from './support/fixtures/epub-builder.js';
import { addGoodAndBroken } from './support/add-one-format.js';
import { searchJson } from './support/search-json.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-epub-');

const BOOK: EpubSpec = {
  title: 'Tides of the North Sea',
  authors: ['Ada Lindqvist', 'Tomas Berg'],
  chapters: [
    { file: 'cover.xhtml', body: '<img src="cover.jpg" alt=""/>' },
    { file: 'ch2.xhtml', title: 'Spring Tides', body: '<h1>Spring Tides</h1><p>Spring tides follow the new and the full moon.</p>' },
    { file: 'ch1.xhtml', title: 'The Harbour', body: '<h1>The Harbour</h1><p>The harbour gauge records the water level.</p><h2>Gauge Readings</h2><p>Readings are taken every ten minutes.</p>' },
  ],
  // Reading order is the spine's, not the manifest's: cover, chapter 1, chapter 2.
  spine: [0, 2, 1],
};

function convert(bytes: Uint8Array, fileName = 'book.epub') {
  return convertDocument(bytes, { fileName, ext: '.epub' });
}

describe('EPUB', () => {
  it('reads chapters in spine order as sections, the book title and authors from its metadata, and skips a cover with no text', async () => {
    const doc = await convert(await buildEpub(BOOK));
    expect(doc.title).toBe('Tides of the North Sea');
    expect(doc.metadata).toMatchObject({ author: 'Ada Lindqvist, Tomas Berg', language: 'en' });
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'The Harbour'],
      [2, 'Gauge Readings'],
      [1, 'Spring Tides'],
    ]);
    expect(doc.markdown).toContain('# The Harbour\n\nThe harbour gauge records the water level.\n\n## Gauge Readings');
    // The chapter's own title heading becomes the section heading, not a second heading under it.
    expect(doc.markdown.match(/The Harbour/g)).toHaveLength(1);
  });

  it('falls back to the file name without a title, and reads a book whose only encryption is font obfuscation', async () => {
    const { title: _title, ...untitled } = BOOK;
    expect((await convert(await buildEpub(untitled), 'north-sea.epub')).title).toBe('north-sea');
    expect((await convert(await buildEpub({ ...BOOK, title: '007' }))).title).toBe('007');
    const zip = await JSZip.loadAsync(await buildEpub(BOOK));
    zip.file('META-INF/encryption.xml', '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/></enc:EncryptedData></encryption>');
    expect((await convert(await zip.generateAsync({ type: 'uint8array' }))).sections).toHaveLength(3);
  });

  it("a chapter's own first heading with markup characters (max_level, *stars*) is its title once, not twice", async () => {
    const doc = await convert(await buildEpub({ title: 'Levels', chapters: [{ file: 'c.xhtml', body: '<h1>The max_level of *stars*</h1><p>Text of the chapter.</p>' }] }));
    expect(doc.sections.map((s) => s.title)).toEqual(['The max_level of *stars*']);
    expect(doc.markdown.match(/max\\_level/g)).toHaveLength(1);
  });

  it('fails broken, locked and empty books with a one-line reason', async () => {
    await expect(convert(new TextEncoder().encode('not a zip at all'))).rejects.toThrow(/^corrupt EPUB: \S/);
    const noContainer = await JSZip.loadAsync(await buildEpub(BOOK));
    noContainer.remove('META-INF/container.xml');
    await expect(convert(await noContainer.generateAsync({ type: 'uint8array' }))).rejects.toThrow('corrupt EPUB: missing META-INF/container.xml');
    await expect(convert(await buildEpub({ ...BOOK, drm: true }))).rejects.toThrow('encrypted EPUB (DRM)');
    await expect(convert(await buildEpub({ title: 'Pictures', chapters: [BOOK.chapters[0]!] }))).rejects.toThrow('no text in EPUB (its chapters hold no text)');
    await expect(convert(new Uint8Array())).rejects.toThrow('empty file');
  });

  it('kb add: a book is added with its chapters searchable, a broken one fails, the KB stays clean', async () => {
    const root = await addGoodAndBroken(fs.realpathSync(tempDir()), { good: ['north-sea.epub', await buildEpub(BOOK)], broken: ['broken.epub', 'PK\u0003\u0004 truncated'], brokenReason: /^corrupt EPUB: \S/ });
    const [hit] = await searchJson(root, 'gauge readings');
    expect(hit).toMatchObject({ page: 'wiki/sources/north-sea.md', title: 'Tides of the North Sea › The Harbour › Gauge Readings' });
  });
});
