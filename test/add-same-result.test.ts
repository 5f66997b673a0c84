// DESIGN.md's first promise: `kb add <dir> --jobs 4` gives the same knowledge base, byte
// for byte, as `--jobs 1` — only faster. Both runs are the built binary on one generated
// input folder; the only allowed difference is the wall-clock time in log.md headings.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_EXTENSIONS } from '../src/prepare/converters/convert-document.js';
import { writeFile, writeMixedCorpus } from './support/add-corpus.js';
import { writeFixtures } from './support/fixtures/fixtures.js';
import { writeStructuredFixtures } from './support/fixtures/structured-fixtures.js';
import { writeOfficeFixtures } from './support/fixtures/office-fixtures.js';
import { writeImageFixtures } from './support/fixtures/scanned-fixtures.js';
import { listFiles, newKb, parseNdjson, registry, registryWithoutTimes, sections, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-add-same-');

describe('--jobs 4 versus --jobs 1', () => {
  it('gives a byte-identical wiki and registry, same-stem names included, from a folder of every supported type', async () => {
    const work = fs.realpathSync(tempDir());
    const input = path.join(work, 'in');
    // Converter fixtures (good and bad, PDFs with outlines, the 25-page one) …
    fs.mkdirSync(path.join(input, 'fixtures'), { recursive: true });
    await writeFixtures(path.join(input, 'fixtures'));
    // … structured text and files with no extension (JSON, YAML, TOML, INI, XML, README) …
    writeStructuredFixtures(path.join(input, 'structured'));
    // … books, decks, workbooks and OpenDocument files …
    await writeOfficeFixtures(path.join(input, 'office'));
    // … photos of text (read by OCR when tesseract is installed, skipped when not) …
    writeImageFixtures(path.join(input, 'images'));
    // … reStructuredText and the other names of the text formats …
    writeFile(input, 'names/tides.rst', 'Tides\n=====\n\nThe moon raises *two* tides a day.\n\nSpring tides\n------------\n\nAt new and full moon.\n');
    writeFile(input, 'names/gauge.markdown', '# Gauge\n\nA float in a well.\n');
    writeFile(input, 'names/pier.text', 'The pier is 300 metres long.\n');
    writeFile(input, 'names/datum.asciidoc', '= Chart Datum\n\nThe lowest astronomical tide.\n');
    writeFile(input, 'names/surge.htm', '<h1>Surge</h1><p>Wind piles water against the coast.</p>');
    writeFile(input, 'names/ebb.xhtml', '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Ebb</title></head><body><p>The falling tide.</p></body></html>');
    writeFile(input, 'names/station.yml', 'station: North pier\nopened: 1921\n');
    // … a mixed folder whose stems repeat across subfolders …
    const mixed = writeMixedCorpus(path.join(input, 'mixed'), { count: 24, pdfs: 3 });
    // … and a large file early in scan order next to small ones after it: with 4 workers the
    // small ones finish first, so any name or order taken from completion order would show.
    const big = Array.from({ length: 4000 }, (_, i) => `Paragraph ${i} about harbours and tides.`).join('\n\n');
    writeFile(input, 'aa/guide.md', `# Big Guide\n\n${big}\n`);
    writeFile(input, 'aa/guide.txt', 'Small guide text\n');
    writeFile(input, 'ab/guide.html', '<h1>Guide page</h1><p>small</p>');

    // Every type kb reads is in the folder: a new converter without a fixture fails here.
    const written = new Set(listFiles(work, 'in').map((rel) => path.extname(rel).toLowerCase()));
    expect(SUPPORTED_EXTENSIONS.filter((ext) => !written.has(ext))).toEqual([]);

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

    // The KB that mixes every type is healthy.
    const doctor = await runKb(['--kb', parallelRoot, '--json', 'doctor'], { cwd: work });
    expect(doctor.code, doctor.stdout).toBe(0);
  });
});
