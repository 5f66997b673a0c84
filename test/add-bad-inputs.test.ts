// Bad and awkward inputs to `kb add`, through the built binary: each bad file is a one-line
// per-file outcome, the rest of the batch is still added, and whatever a file is called,
// nothing is written outside the KB. Needs `npm run build` first.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_EXTENSIONS } from '../src/prepare/converters/convert-document.js';
import { writeFile } from './support/add-corpus.js';
import { writeFixtures } from './support/fixtures/fixtures.js';
import { expectConsistent, listFiles, newKb, parseNdjson, sha256 } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-add-bad-');

/** Every file under `dir` with its sha256: the "nothing else changed" oracle. */
function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of listFiles(dir, '.')) out[rel] = sha256(fs.readFileSync(path.join(dir, rel)));
  return out;
}

function setConfig(root: string, yaml: string): void {
  fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), `version: 1\n${yaml}`);
}

describe('bad inputs and awkward names', () => {
  it('fails each bad file with a one-line reason, adds the rest under safe names, writes only inside the KB', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    // A 1 MB limit so a sparse file can be "too large" without writing megabytes.
    setConfig(root, 'limits:\n  max_file_mb: 1\n');
    const fixtures = path.join(work, 'fixtures');
    fs.mkdirSync(fixtures);
    await writeFixtures(fixtures);
    const input = path.join(work, 'in');
    const bad: Record<string, string | RegExp> = {
      'bad/binary.md': 'binary content in a text file',
      'bad/corrupt.pdf': /^corrupt PDF: \S/,
      'bad/empty.txt': 'empty file',
      'bad/encrypted.pdf': 'encrypted PDF (password protected)',
      'bad/huge.txt': 'file too large (2.5 MB; the limit is 1.0 MB, config limits.max_file_mb)',
      'bad/undecodable.txt': 'invalid UTF-8 at byte 3, and not Windows-1252 either (byte 0x81 at 5)',
    };
    // Every type kb reads fails an empty file and one over the size limit alike, before conversion.
    for (const ext of SUPPORTED_EXTENSIONS) {
      bad[`bad/empty/empty${ext}`] = 'empty file';
      bad[`bad/huge/huge${ext}`] = 'file too large (2.5 MB; the limit is 1.0 MB, config limits.max_file_mb)';
      writeFile(input, `bad/empty/empty${ext}`, '');
      writeFile(input, `bad/huge/huge${ext}`, '');
      fs.truncateSync(path.join(input, `bad/huge/huge${ext}`), 2.5 * 1024 * 1024);
    }
    for (const rel of Object.keys(bad)) {
      const fixture = path.join(fixtures, path.basename(rel));
      if (fs.existsSync(fixture)) writeFile(input, rel, fs.readFileSync(fixture));
    }
    // Sparse: 2.5 MB long, no blocks written. Over the limit, it must fail before being read.
    writeFile(input, 'bad/huge.txt', '');
    fs.truncateSync(path.join(input, 'bad/huge.txt'), 2.5 * 1024 * 1024);

    // Awkward names → the doc name each must get (NFKC, lower case, safe characters only).
    const names: Record<string, string> = {
      'names/#%.md': 'document',
      'names/a..b.md': 'a-b',
      'names/Cafe\u0301 Cre\u0300me.md': 'café-crème',
      'names/my report (final).md': 'my-report-final',
      'names/Ünïcödé.md': 'ünïcödé',
      'names/日本語.md': '日本語',
      'names/🚀 launch.md': 'launch',
      [`names/${'long-name-'.repeat(20)}.md`]: 'long-name-'.repeat(8).replace(/-$/, ''),
    };
    Object.keys(names).forEach((rel, i) => writeFile(input, rel, `# Heading ${i}\n\nBody of ${JSON.stringify(rel)}.\n`));
    // The same stem in three folders: names follow scan order, as a serial run would give.
    writeFile(input, 'same/one/report.md', '# Report one\n');
    writeFile(input, 'same/three/report.html', '<h1>Report three</h1><p>html</p>');
    writeFile(input, 'same/two/report.txt', 'Report two\n');
    const sameStem: Record<string, string> = { 'same/one/report.md': 'report', 'same/three/report.html': 'report-2', 'same/two/report.txt': 'report-3' };
    // Dot files are skipped by the scan without a word (that is how .kb/ and .git/ stay out).
    writeFile(input, 'names/.hidden..name.md', '# hidden\n');

    const inputBefore = treeHashes(input);
    const outsideBefore = fs.readdirSync(work).sort();
    const run = await runKb(['--kb', root, '--json', 'add', 'in', '--jobs', '3'], { cwd: work });
    expect(run.code, run.stderr).toBe(1);

    const objects = parseNdjson(run.stdout);
    const byPath = new Map(objects.filter((o) => o.type === 'file').map((o) => [String(o.path).replace(/^in\//, ''), o]));
    const expectedPaths = [...Object.keys(bad), ...Object.keys(names), ...Object.keys(sameStem)];
    expect([...byPath.keys()].sort()).toEqual(expectedPaths.sort());
    for (const [rel, reason] of Object.entries(bad)) {
      const o = byPath.get(rel)!;
      expect(o.status, rel).toBe('failed');
      expect(String(o.reason), rel).not.toContain('\n');
      if (typeof reason === 'string') expect(o.reason, rel).toBe(reason);
      else expect(o.reason, rel).toMatch(reason);
    }
    for (const [rel, doc] of Object.entries({ ...names, ...sameStem })) {
      expect(byPath.get(rel), rel).toMatchObject({ status: 'added', doc, reason: null });
    }
    expect(objects.at(-1)).toMatchObject({ type: 'summary', added: Object.keys(names).length + 3, skipped: 0, failed: Object.keys(bad).length });

    const rows = expectConsistent(root, 'after bad inputs');
    expect(rows.map((r) => r.name).sort()).toEqual([...Object.values(names), ...Object.values(sameStem)].sort());
    for (const row of rows) {
      // Whatever the file was called, its files are flat under raw/ and wiki/, named by doc.
      expect(row.raw_path).toBe(`raw/${row.name}${path.extname(row.original_path).toLowerCase()}`);
      expect(row.name).not.toMatch(/\.\.|[/\\]/);
    }
    // Nothing outside the KB: the inputs are untouched and the work dir gained nothing.
    expect(treeHashes(input)).toEqual(inputBefore);
    expect(fs.readdirSync(work).sort()).toEqual(outsideBefore);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });

  it('the human output names each failure on one line too', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    writeFile(work, 'in/a.md', '# A\n');
    writeFile(work, 'in/b.txt', '');
    writeFile(work, 'in/c.md', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const run = await runKb(['--kb', root, 'add', 'in'], { cwd: work });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe(['added   in/a.md → a', 'failed  in/b.txt: empty file', 'failed  in/c.md: binary content in a text file', ''].join('\n'));
  });
});

describe('prepare timeout', () => {
  it('a file that overruns limits.prepare_timeout_s fails; its worker is replaced and the batch goes on', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    setConfig(root, 'limits:\n  prepare_timeout_s: 3\n');
    // ~9 MB of HTML: turndown needs about ten seconds on it (~5 s measured for half of it), far
    // over 3 s, while each small file takes milliseconds. The limit leaves a fresh worker on a
    // loaded machine (two test files at once on 2 cores) time to load what its first file
    // needs: with 1 s, the small files timed out too there.
    const paragraphs = Array.from({ length: 120_000 }, (_, i) => `<p>Paragraph ${i} with <b>bold</b> and <a href="x${i}">a link</a>.</p>`);
    writeFile(work, 'in/b-slow.html', `<html><body>${paragraphs.join('')}</body></html>`);
    writeFile(work, 'in/a-fast.md', '# Fast A\n');
    writeFile(work, 'in/c-fast.md', '# Fast C\n');
    writeFile(work, 'in/d-fast.txt', 'Fast D\n');
    // --jobs 1: one worker, so the files after the slow one can only be prepared by its replacement.
    const run = await runKb(['--kb', root, '--json', 'add', 'in', '--jobs', '1'], { cwd: work });
    expect(run.code, run.stderr).toBe(1);
    const files = parseNdjson(run.stdout).filter((o) => o.type === 'file');
    expect(files.map((o) => [o.path, o.status])).toEqual([
      ['in/a-fast.md', 'added'],
      ['in/b-slow.html', 'failed'],
      ['in/c-fast.md', 'added'],
      ['in/d-fast.txt', 'added'],
    ]);
    expect(files[1]!.reason).toMatch(/timed out after 3 s/);
    expect(expectConsistent(root, 'after timeout').map((r) => r.name)).toEqual(['a-fast', 'c-fast', 'd-fast']);
  });
});
