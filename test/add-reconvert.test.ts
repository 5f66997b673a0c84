// `kb add --reconvert` through the built binary: a file whose bytes are registered is converted
// and analysed again and replaces its document, under its name, as when a newer kb converts
// better than the one that added it. The older conversion is simulated by writing the source
// page as an older kb would have (Git's {litdd} left as written) and recording it as kb's text.
// Without the flag the file is skipped as before; a file of another type with those bytes is
// skipped with the reason. Needs `npm run build` first.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { adoptAsKbText, expectConsistent, newKb, parseNdjson } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-reconvert-');

const MANUAL = 'git-tool{litdd}helper(1)\n=========================\n\nNAME\n----\ngit-tool--helper - Help the tool along\n\nDESCRIPTION\n-----------\nThe git-tool{litdd}helper program runs next to the tool and keeps its state on disk.\n';

describe('kb add --reconvert', () => {
  it('converts a registered file again and replaces its document; without the flag it is skipped', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    fs.mkdirSync(path.join(work, 'in'));
    fs.writeFileSync(path.join(work, 'in', 'tool.txt'), MANUAL);
    fs.writeFileSync(path.join(work, 'in', 'tool-copy.md'), MANUAL);
    const first = await runKb(['--kb', root, 'add', 'in/tool.txt'], { cwd: work });
    expect(first.code, first.stderr).toBe(0);
    const source = path.join(root, 'wiki/sources/tool.md');
    expect(fs.readFileSync(source, 'utf8')).toContain('The git-tool--helper program runs');

    // What an older kb wrote: the attribute left as written, recorded as kb's own text.
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replaceAll('git-tool--helper', 'git-tool{litdd}helper'));
    adoptAsKbText(root, 'wiki/sources/tool.md');

    const again = await runKb(['--kb', root, 'add', 'in/tool.txt'], { cwd: work });
    expect(again.stdout).toMatch(/skipped in\/tool\.txt: already in knowledge base as tool/);
    expect(fs.readFileSync(source, 'utf8')).toContain('{litdd}');

    const reconverted = await runKb(['--kb', root, '--json', 'add', '--reconvert', 'in'], { cwd: work });
    expect(reconverted.code, reconverted.stderr).toBe(0);
    const outcomes = parseNdjson(reconverted.stdout);
    expect(outcomes).toContainEqual(expect.objectContaining({ path: 'in/tool.txt', status: 'added', doc: 'tool', reason: 'converted again' }));
    expect(outcomes).toContainEqual(expect.objectContaining({ path: 'in/tool-copy.md', status: 'skipped', reason: 'already in knowledge base as tool (added as .txt: --reconvert takes the same type)' }));
    expect(fs.readFileSync(source, 'utf8')).not.toContain('{litdd}');
    expect(fs.readFileSync(source, 'utf8')).toContain('The git-tool--helper program runs');
    const list = JSON.parse((await runKb(['--kb', root, '--json', 'list'])).stdout) as { doc: string }[];
    expect(list.map((d) => d.doc)).toEqual(['tool']);
    // Converted again as kb's own text: no kept copy, nothing for doctor.
    expect(fs.existsSync(path.join(root, 'wiki/conflicts'))).toBe(false);
    expectConsistent(root, "after --reconvert");
  });

  it('keeps an author the user corrected on the source page, and Who answers with it', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    fs.mkdirSync(path.join(work, 'in'));
    fs.writeFileSync(path.join(work, 'in', 'hives.md'), '---\ntitle: Winter Hive Care\nauthor: Tomas Novak\n---\n# Winter Hive Care\n\nA strong colony survives the winter on its own stores of honey.\n');
    expect((await runKb(['--kb', root, 'add', 'in'], { cwd: work })).code).toBe(0);
    const source = path.join(root, 'wiki/sources/hives.md');
    expect(fs.readFileSync(source, 'utf8')).toContain('author: Tomas Novak\n');
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replace('author: Tomas Novak\n', 'author: Tomasz Nowak\n'));

    const again = await runKb(['--kb', root, 'add', '--reconvert', 'in'], { cwd: work });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('kept your author: in wiki/sources/hives.md');
    expect(fs.readFileSync(source, 'utf8')).toContain('author: Tomasz Nowak\n');
    expect(fs.existsSync(path.join(root, 'wiki/conflicts'))).toBe(false);
    const answer = await runKb(['--kb', root, 'query', 'Who wrote Winter Hive Care?']);
    expect(answer.stdout).toMatch(/^Winter Hive Care was written by Tomasz Nowak\./);
    expectConsistent(root, 'after --reconvert over a corrected author');
  });

  it("converts the KB's stored originals again from raw/, keeping where each was added from, once the files are gone", async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    fs.mkdirSync(path.join(work, 'in'));
    fs.writeFileSync(path.join(work, 'in', '@hive_tool.txt'), MANUAL);
    fs.writeFileSync(path.join(work, 'in', 'notes.md'), '# Notes\n\nThe hive ledger keeps every inspection of the co-op.\n');
    const first = await runKb(['--kb', root, 'add', 'in'], { cwd: work });
    expect(first.code, first.stderr).toBe(0);
    const source = path.join(root, 'wiki/sources/hive_tool.md');
    const before = fs.readFileSync(source, 'utf8');
    fs.writeFileSync(source, before.replaceAll('git-tool--helper', 'git-tool{litdd}helper'));
    adoptAsKbText(root, 'wiki/sources/hive_tool.md');
    // The user's files are gone; the KB keeps their originals in raw/, and an original kb set aside in raw/kept/.
    fs.rmSync(path.join(work, 'in'), { recursive: true });
    fs.mkdirSync(path.join(root, 'raw/kept'), { recursive: true });
    fs.writeFileSync(path.join(root, 'raw/kept/old.md'), '# Old\n\nAn original kb set aside once.\n');

    // Without --reconvert, raw/ is refused with what to do, and wiki/ is never input.
    const refused = await runKb(['--kb', root, 'add', 'raw', 'wiki'], { cwd: root });
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/raw.*the knowledge base's stored originals.*kb add --reconvert/);
    expect(refused.stdout + refused.stderr).toMatch(/wiki.*the knowledge base's own pages/);

    const reconverted = await runKb(['--kb', root, '--json', 'add', '--reconvert', 'raw'], { cwd: root });
    expect(reconverted.code, reconverted.stderr).toBe(0);
    const outcomes = parseNdjson(reconverted.stdout);
    expect(outcomes).toContainEqual(expect.objectContaining({ status: 'added', doc: 'hive_tool', reason: 'converted again' }));
    expect(outcomes).toContainEqual(expect.objectContaining({ status: 'added', doc: 'notes', reason: 'converted again' }));
    expect(outcomes.filter((o) => (o as { path?: string }).path?.includes('kept'))).toEqual([]);
    // Converted again as when it was added: the same page but for the older conversion's residue.
    expect(fs.readFileSync(source, 'utf8')).toBe(before);
    const list = JSON.parse((await runKb(['--kb', root, '--json', 'list'])).stdout) as { doc: string }[];
    expect(list.map((d) => d.doc).sort()).toEqual(['hive_tool', 'notes']);
    // Where it was added from stays the user's path, not raw/'s.
    const db = new Database(path.join(root, '.kb/kb.db'), { readonly: true });
    const rows = db.prepare('SELECT name, original_path FROM documents ORDER BY name').all() as { name: string; original_path: string }[];
    db.close();
    expect(rows).toEqual([
      { name: 'hive_tool', original_path: path.join(work, 'in', '@hive_tool.txt') },
      { name: 'notes', original_path: path.join(work, 'in', 'notes.md') },
    ]);
    expect(fs.readFileSync(path.join(root, 'raw/kept/old.md'), 'utf8')).toContain('set aside');
    fs.rmSync(path.join(root, 'raw/kept'), { recursive: true });
    expectConsistent(root, 'after --reconvert from raw/');
  });
});

