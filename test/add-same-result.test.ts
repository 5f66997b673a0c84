// DESIGN.md's first promise: `kb add <dir> --jobs 4` gives the same knowledge base, byte
// for byte, as `--jobs 1` — only faster. Both runs are the built binary on one generated
// input folder; the only allowed difference is the wall-clock time in log.md headings.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeFile, writeMixedCorpus } from './support/add-corpus.js';
import { writeFixtures } from './support/fixtures/fixtures.js';
import { writeStructuredFixtures } from './support/fixtures/structured-fixtures.js';
import { buildEpub } from './support/fixtures/epub-builder.js';
import { buildOdt } from './support/fixtures/odt-builder.js';
import { buildPptx } from './support/fixtures/pptx-builder.js';
import { newKb, parseNdjson, registry, registryWithoutTimes, sections, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-add-same-');

describe('--jobs 4 versus --jobs 1', () => {
  it('gives a byte-identical wiki and registry, same-stem names included', async () => {
    const work = fs.realpathSync(tempDir());
    const input = path.join(work, 'in');
    // Converter fixtures (good and bad, PDFs with outlines, the 25-page one) …
    fs.mkdirSync(path.join(input, 'fixtures'), { recursive: true });
    await writeFixtures(path.join(input, 'fixtures'));
    // … structured text and files with no extension (JSON, YAML, TOML, INI, XML, README) …
    writeStructuredFixtures(path.join(input, 'structured'));
    // … a book, a deck, a workbook and an OpenDocument text …
    writeFile(input, 'office/book.epub', await buildEpub({ title: 'Harbour Book', authors: ['Ada Lindqvist'], chapters: [{ file: 'c1.xhtml', body: '<h1>Tides</h1><p>Tides rise twice a day.</p>' }] }));
    writeFile(input, 'office/deck.pptx', await buildPptx([{ title: 'Gauges', body: ['A reading every ten minutes.'], notes: ['Say hello.'] }]));
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Levels').addRows([['Station', 'Level'], ['Harbour', 2.35]]);
    writeFile(input, 'office/levels.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    writeFile(input, 'office/report.odt', await buildOdt('<text:h text:outline-level="1">Report</text:h><text:p>The gauge records the water level.</text:p>'));
    // … a mixed folder whose stems repeat across subfolders …
    const mixed = writeMixedCorpus(path.join(input, 'mixed'), { count: 24, pdfs: 3 });
    // … and a large file early in scan order next to small ones after it: with 4 workers the
    // small ones finish first, so any name or order taken from completion order would show.
    const big = Array.from({ length: 4000 }, (_, i) => `Paragraph ${i} about harbours and tides.`).join('\n\n');
    writeFile(input, 'aa/guide.md', `# Big Guide\n\n${big}\n`);
    writeFile(input, 'aa/guide.txt', 'Small guide text\n');
    writeFile(input, 'ab/guide.html', '<h1>Guide page</h1><p>small</p>');

    const serialRoot = newKb(path.join(work, 'serial-parent'));
    const parallelRoot = newKb(path.join(work, 'parallel-parent'));
    const [serial, parallel] = await Promise.all([
      runKb(['--kb', serialRoot, '--json', 'add', 'in', '--jobs', '1'], { cwd: work }),
      runKb(['--kb', parallelRoot, '--json', 'add', 'in', '--jobs', '4'], { cwd: work }),
    ]);
    // Bad fixtures fail in both runs alike; anything else is a difference.
    expect(serial.code, serial.stderr).toBe(1);
    expect(parallel.code, parallel.stderr).toBe(1);

    // Same per-file outcomes, in the same order (the summary's `ms` aside).
    const outcomes = (stdout: string) => parseNdjson(stdout).map(({ ms: _ms, ...rest }) => rest);
    expect(outcomes(parallel.stdout)).toEqual(outcomes(serial.stdout));

    // Same-stem naming is the serial one: scan order decides, whoever finishes first.
    const docOf = new Map(parseNdjson(serial.stdout).map((o) => [o.path, o.doc]));
    expect([docOf.get('in/aa/guide.md'), docOf.get('in/aa/guide.txt'), docOf.get('in/ab/guide.html'), docOf.get('in/fixtures/guide.md')]).toEqual([
      'guide',
      'guide-2',
      'guide-3',
      'guide-4',
    ]);
    const mixedNotes = mixed.filter((rel) => path.basename(rel).startsWith('notes-0.'));
    expect(mixedNotes.map((rel) => docOf.get(`in/mixed/${rel}`))).toEqual(['notes-0', 'notes-0-2']);
    // Commits happened in scan order in both runs.
    const added = parseNdjson(serial.stdout).filter((o) => o.status === 'added').map((o) => o.doc);
    expect(registry(serialRoot).map((r) => r.name)).toEqual(added);
    expect(registry(parallelRoot).map((r) => r.name)).toEqual(added);

    // The wiki, byte for byte (log times normalised), raw files by hash.
    const serialWiki = wikiSnapshot(serialRoot);
    const parallelWiki = wikiSnapshot(parallelRoot);
    expect(Object.keys(parallelWiki)).toEqual(Object.keys(serialWiki));
    for (const rel of Object.keys(serialWiki)) expect(parallelWiki[rel], rel).toBe(serialWiki[rel]);
    expect(Object.keys(serialWiki).filter((rel) => rel.startsWith('wiki/summaries/'))).toHaveLength(added.length);

    // Registry rows (original paths included, since both added the same folder) and section trees.
    expect(registryWithoutTimes(parallelRoot)).toEqual(registryWithoutTimes(serialRoot));
    for (const doc of added) expect(sections(parallelRoot, String(doc)), String(doc)).toEqual(sections(serialRoot, String(doc)));
  });
});
