// Text that is not UTF-8: Windows-1252 / Latin-1 read when they decode cleanly, a BOM honoured
// (UTF-8, UTF-16 LE/BE), binary still refused; the encoding on the source page and in the
// add outcome. Fixtures are bytes built here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import { newKb, parseNdjson } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-encodings-');

function convert(bytes: Uint8Array, fileName: string) {
  return convertDocument(bytes, { fileName, ext: path.extname(fileName) });
}

/** "Café – “crème” €5" in Windows-1252: é, an en dash, curly quotes and the euro sign. */
const CP1252 = Buffer.from([...Buffer.from('Caf'), 0xe9, 0x20, 0x96, 0x20, 0x93, ...Buffer.from('cr'), 0xe8, ...Buffer.from('me'), 0x94, 0x20, 0x80, 0x35, 0x0a]);
const CP1252_TEXT = 'Café – “crème” €5';

describe('decoding text files', () => {
  it('reads Windows-1252 text (and Latin-1 without C1 controls) when it is not UTF-8, and says so', async () => {
    const text = await convert(CP1252, 'old.txt');
    expect(text.markdown).toBe(`${CP1252_TEXT}\n`);
    expect(text.encoding).toBe('windows-1252');
    const latin1 = await convert(Buffer.from('na\xefve caf\xe9\r\nsecond line\r\n', 'latin1'), 'latin.md');
    expect(latin1.markdown).toBe('naïve café\nsecond line\n');
    expect(latin1.encoding).toBe('windows-1252');
    const csv = await convert(Buffer.from('name,city\nJos\xe9,M\xe1laga\n', 'latin1'), 'people.csv');
    expect(csv.markdown).toContain('| José | Málaga |');
    expect(csv.encoding).toBe('windows-1252');
    const html = await convert(Buffer.concat([Buffer.from('<title>Old</title><p>'), CP1252, Buffer.from('</p>')]), 'old.html');
    expect(html.markdown).toBe(CP1252_TEXT);
    expect(html.encoding).toBe('windows-1252');
    const declared = await convert(Buffer.from('<meta charset="windows-1252"><p>cr\xe8me</p>', 'latin1'), 'declared.html');
    expect(declared.encoding).toBe('windows-1252');
  });

  it('records nothing for UTF-8, with or without a BOM (which is dropped)', async () => {
    const plain = await convert(Buffer.from('Café\n'), 'a.txt');
    const bom = await convert(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Café\n')]), 'b.txt');
    expect([plain.markdown, bom.markdown]).toEqual(['Café\n', 'Café\n']);
    expect([plain.encoding, bom.encoding]).toEqual([undefined, undefined]);
  });

  it('honours a UTF-16 LE or BE byte order mark', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Wide\r\n\r\nCafé €\r\n', 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    const [little, big] = await Promise.all([convert(le, 'le.md'), convert(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'be.md')]);
    expect([little.markdown, big.markdown]).toEqual(['# Wide\n\nCafé €\n', '# Wide\n\nCafé €\n']);
    expect([little.title, little.encoding, big.encoding]).toEqual(['Wide', 'utf-16le', 'utf-16be']);
  });

  it('still refuses binary and bytes that are neither UTF-8 nor Windows-1252', async () => {
    const cases: [Uint8Array, string][] = [
      [Buffer.from([0x61, 0x00, 0x62]), 'binary content in a text file'],
      // No NUL, but control bytes everywhere and high bytes that are not UTF-8: not text.
      [Buffer.from(Array.from({ length: 200 }, (_, i) => [0x01, 0x02, 0x03, 0xe9, 0x41][i % 5]!)), 'binary content in a text file'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\0b', 'utf16le')]), 'binary content in a text file'],
      [Buffer.from('caf\xe9 \x90 x', 'latin1'), 'invalid UTF-8 at byte 3, and not Windows-1252 either (byte 0x90 at 5)'],
      [Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xe9]), 'invalid UTF-8 at byte 4 (after a UTF-8 byte order mark)'],
    ];
    for (const [bytes, reason] of cases) await expect(convert(bytes, 'x.txt')).rejects.toThrow(reason);
  });

  it('kb add: the added line and the --json object name the encoding; the source page records it', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    fs.mkdirSync(path.join(work, 'in'));
    fs.writeFileSync(path.join(work, 'in', 'old.txt'), CP1252);
    fs.writeFileSync(path.join(work, 'in', 'new.md'), '# New\n\nPlain UTF-8.\n');
    const human = await runKb(['--kb', root, 'add', 'in/old.txt'], { cwd: work });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe('added   in/old.txt → old (read as windows-1252)\n');
    expect(fs.readFileSync(path.join(root, 'wiki/sources/old.md'), 'utf8')).toMatch(/^encoding: windows-1252$/m);
    fs.writeFileSync(path.join(work, 'in', 'old2.txt'), Buffer.concat([CP1252, Buffer.from('more\n')]));
    const json = await runKb(['--kb', root, '--json', 'add', 'in/new.md', 'in/old2.txt'], { cwd: work });
    const [utf8, cp1252] = parseNdjson(json.stdout);
    expect(utf8).toMatchObject({ status: 'added', doc: 'new' });
    expect(utf8).not.toHaveProperty('encoding');
    expect(cp1252).toMatchObject({ status: 'added', doc: 'old2', encoding: 'windows-1252' });
  });
});
