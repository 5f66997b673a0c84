// Text of any name through the built binary: structured files (JSON, YAML, TOML, INI, XML) and
// text files with no extension are added; a binary with no extension and source code are
// skipped unless config add.extra_text_types names their extension; broken and empty files fail
// with a one-line reason; the resulting KB is clean. Needs `npm run build` first.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON_SOURCE, STRUCTURED_FAILS, STRUCTURED_GOOD, STRUCTURED_SKIPPED, writeStructuredFixtures } from './support/fixtures/structured-fixtures.js';
import { expectConsistent, newKb, parseNdjson } from './support/kb-state.js';
import { kbAt, searchJson } from './support/search-json.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-add-any-name-');

describe('kb add: text of any name', () => {
  it('adds structured and extension-less text, skips binaries and source code, fails what does not parse', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    const input = path.join(work, 'in');
    writeStructuredFixtures(input);

    const add = await kbAt(root, '--offline', '--json', 'add', input);
    expect(add.code, add.stderr).toBe(1);
    const outcomes = new Map(parseNdjson(add.stdout).filter((o) => o.type === 'file').map((o) => [path.basename(String(o.path)), o]));
    for (const name of Object.keys(STRUCTURED_GOOD)) expect(outcomes.get(name), name).toMatchObject({ status: 'added' });
    for (const [name, reason] of Object.entries(STRUCTURED_FAILS)) expect(outcomes.get(name), name).toMatchObject({ status: 'failed', reason: expect.stringMatching(reason) });
    for (const [name, reason] of Object.entries(STRUCTURED_SKIPPED)) expect(outcomes.get(name), name).toMatchObject({ status: 'skipped', reason });
    expectConsistent(root, 'after add');

    // Each file's sections are its top-level keys, and search points into them.
    const source = fs.readFileSync(path.join(root, 'wiki/sources/setup.md'), 'utf8');
    expect(source).toContain('## database\n\n```ini\n[database]\nuser = harbourmaster\n```');
    const [hit] = await searchJson(root, 'harbourmaster');
    expect(hit).toMatchObject({ page: 'wiki/sources/setup.md', title: 'setup.ini › database' });
    // A README with no extension reads as the text it is: its title from its own heading.
    expect(fs.readFileSync(path.join(root, 'wiki/sources/readme.md'), 'utf8')).toContain('title: Tide Gauge');
    // A file name is not a concept ("compose.yaml" names the file, not an idea), and neither is
    // a key of a config file: a document with no prose (only code under its headings) defines none.
    expect(fs.existsSync(path.join(root, 'wiki/concepts/compose-yaml.md'))).toBe(false);
    for (const key of ['tool-poetry', 'database', 'editor', 'service', 'server', 'volume']) expect(fs.existsSync(path.join(root, `wiki/concepts/${key}.md`)), key).toBe(false);

    const doctor = await kbAt(root, '--json', 'doctor');
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true });

    // Listed in add.extra_text_types (with or without the dot), source code is read as text.
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), 'version: 1\nadd:\n  extra_text_types: [py]\n');
    const again = await kbAt(root, '--offline', '--json', 'add', path.join(input, 'gauge.py'));
    expect(again.code, again.stderr).toBe(0);
    expect(parseNdjson(again.stdout)[0]).toMatchObject({ status: 'added', doc: 'gauge' });
    expect(fs.readFileSync(path.join(root, 'wiki/sources/gauge.md'), 'utf8')).toContain('Mean water level of the harbour readings.');
    expect(fs.readFileSync(path.join(root, 'raw/gauge.py'), 'utf8')).toBe(PYTHON_SOURCE);
  });

  it('a binary with no extension named on the command line fails (exit 1); a bad extra_text_types entry is a config error (exit 3)', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    const input = path.join(work, 'in');
    writeStructuredFixtures(input);
    const named = await kbAt(root, '--json', 'add', path.join(input, 'blob'));
    expect(named.code).toBe(1);
    expect(parseNdjson(named.stdout)[0]).toMatchObject({ status: 'failed', reason: 'unsupported type (no extension, not text)' });

    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), 'version: 1\nadd:\n  extra_text_types: ["*.py"]\n');
    const bad = await kbAt(root, 'add', path.join(input, 'gauge.py'));
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('add.extra_text_types');
  });
});
