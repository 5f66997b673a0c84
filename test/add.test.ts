// `kb add` as a user's shell sees it: the built binary in a real child process, on real
// generated files. Output lines, NDJSON shape, exit codes, re-adding, updating, `kb list`,
// `kb doctor`, and the section tree of a long PDF. Needs `npm run build` first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from './support/add-corpus.js';
import { FIXTURE_FAILURES, writeFixtures, type FixtureName } from './support/fixtures/fixtures.js';
import { expectConsistent, newKb, parseNdjson, registry, sections, sha256 } from './support/kb-state.js';
import { runKb, type KbRun } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-add-');
/** Shared dirs for the describe blocks below, which build on each other's runs in order. */
const sharedDir = (): string => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-add-shared-')));

/** What `kb add` must print for each fixture: the doc name when added, else the reason. */
function expectedFixtureOutcome(name: FixtureName): { status: 'added'; doc: string } | { status: 'failed'; reason: string | RegExp } {
  const reason = (FIXTURE_FAILURES as Record<string, string | RegExp>)[name];
  return reason === undefined ? { status: 'added', doc: path.parse(name).name } : { status: 'failed', reason };
}

/** The human-readable line format of src/cli/commands/add-command.ts. */
const LINE = /^(added|skipped|failed) +(.+?)(?: → (\S+)(?: \((.*)\))?|: (.*))$/u;

describe('kb add of the generated fixtures (human output)', () => {
  let work = '';
  let root = '';
  let names: FixtureName[] = [];
  let run: KbRun;

  beforeAll(async () => {
    work = sharedDir();
    root = newKb(work);
    fs.mkdirSync(path.join(work, 'in'));
    names = Object.keys(await writeFixtures(path.join(work, 'in'))).sort() as FixtureName[];
    // cwd = work, so the binary shows paths as `in/<name>`, relative to where the user is.
    run = await runKb(['--kb', root, 'add', 'in', '--jobs', '3'], { cwd: work });
    return () => fs.rmSync(work, { recursive: true, force: true });
  });

  it('prints one line per file, in scan order, with its doc or its reason; exit 1 because some failed', () => {
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(names.length);
    lines.forEach((line, i) => {
      const name = names[i]!;
      const m = LINE.exec(line);
      expect(m, `line ${i}: ${line}`).not.toBeNull();
      const [, status, shown, doc, , reason] = m!;
      expect(shown).toBe(`in/${name}`);
      const want = expectedFixtureOutcome(name);
      expect(status, line).toBe(want.status);
      if (want.status === 'added') expect(doc).toBe(want.doc);
      else if (typeof want.reason === 'string') expect(reason).toBe(want.reason);
      else expect(reason).toMatch(want.reason);
    });
  });

  it('stdout holds results only; stderr, not a TTY, has the summary and no progress animation', () => {
    for (const line of run.stdout.trimEnd().split('\n')) expect(line).toMatch(/^(added|skipped|failed) /);
    // \r and ANSI escapes are what a progress line is made of; a pipe must never get them.
    expect(run.stdout + run.stderr).not.toMatch(/[\r\x1b]/);
    const failed = names.filter((n) => n in FIXTURE_FAILURES).length;
    expect(run.stderr).toMatch(new RegExp(`^${names.length - failed} added, 0 skipped, ${failed} failed in \\d+\\.\\d s$`, 'm'));
  });

  it('registers exactly the added files, each consistent; kb doctor is happy', async () => {
    const rows = expectConsistent(root, 'after add');
    const added = names.filter((n) => !(n in FIXTURE_FAILURES)).map((n) => path.parse(n).name);
    expect(rows.map((r) => r.name)).toEqual(added);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });

  it('kb list --json: {doc,title,hash,raw,source,summary} with KB-relative paths to files that exist', async () => {
    const list = await runKb(['--kb', root, 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const docs = JSON.parse(list.stdout) as Record<string, string>[];
    expect(docs.map((d) => d.doc).sort()).toEqual(registry(root).map((r) => r.name).sort());
    for (const d of docs) {
      expect(Object.keys(d)).toEqual(['doc', 'title', 'hash', 'raw', 'source', 'summary']);
      for (const key of ['raw', 'source', 'summary'] as const) {
        expect(path.isAbsolute(d[key]!), d[key]).toBe(false);
        expect(d[key]).not.toContain('..');
        expect(fs.existsSync(path.join(root, d[key]!)), d[key]).toBe(true);
      }
      expect(d.hash).toBe(sha256(fs.readFileSync(path.join(root, d.raw!))));
      expect(d.title).not.toBe('');
    }
    expect(docs.find((d) => d.doc === 'report')).toMatchObject({ title: 'Quarterly Report', raw: 'raw/report.docx', source: 'wiki/sources/report.md', summary: 'wiki/summaries/report.md' });
  });

  it('stores the section tree of the 25-page PDF with page ranges, and outlines it in the summary', () => {
    const rows = sections(root, 'long');
    // Five chapters of five pages, each with a section starting on its second page.
    const want = Array.from({ length: 5 }, (_, c) => [
      { title: `Chapter ${c + 1}`, level: 1, page_start: c * 5 + 1, page_end: c * 5 + 5 },
      { title: `Section ${c + 1}.1`, level: 2, page_start: c * 5 + 2, page_end: c * 5 + 5 },
    ]).flat();
    expect(rows.map(({ title, level, page_start, page_end }) => ({ title, level, page_start, page_end }))).toEqual(want);
    // Offsets index the source page body: increasing, and each chapter's text is in its range.
    const source = fs.readFileSync(path.join(root, 'wiki/sources/long.md'), 'utf8');
    const body = source.slice(source.indexOf('\n---\n') + 5);
    for (const row of rows) {
      expect(row.start_offset).toBeLessThan(row.end_offset);
      expect(body.slice(row.start_offset, row.end_offset)).toContain(`Page ${row.page_start} of the long document.`);
    }
    const summary = fs.readFileSync(path.join(root, 'wiki/summaries/long.md'), 'utf8');
    expect(summary).toMatch(/^pages: 25$/m);
    const outline = summary.slice(summary.indexOf('## Outline'));
    expect(outline).toContain('- Chapter 1 (pp. 1–5)\n  - Section 1.1 (pp. 2–5)\n- Chapter 2 (pp. 6–10)');
    expect(outline).toContain('- Chapter 5 (pp. 21–25)\n  - Section 5.1 (pp. 22–25)');
  });
});

describe('kb add --json, re-adding and updating', () => {
  let work = '';
  let root = '';
  let first: KbRun;
  /** Good files only (plus a duplicate and an unsupported type): nothing fails. */
  const files: Record<string, string> = {
    'good/a-notes.md': '# Alpha Notes\n\nFirst file.\n',
    'good/b-memo.txt': 'Memo\n====\n\nSecond file.\n',
    'good/c-page.html': '<html><head><title>Gamma</title></head><body><h1>Gamma</h1><p>Third.</p></body></html>\n',
    'good/d-copy.md': '# Alpha Notes\n\nFirst file.\n',
    'good/e-data.xyz': 'not a supported type',
  };

  beforeAll(async () => {
    work = sharedDir();
    root = newKb(work);
    for (const [rel, content] of Object.entries(files)) writeFile(work, rel, content);
    first = await runKb(['--kb', root, '--json', 'add', 'good'], { cwd: work });
    return () => fs.rmSync(work, { recursive: true, force: true });
  });

  it('prints exactly one NDJSON object per file then a summary; exit 0 when nothing failed', () => {
    expect(first.code, first.stderr).toBe(0);
    const objects = parseNdjson(first.stdout);
    expect(objects.slice(0, -1)).toEqual([
      { type: 'file', path: 'good/a-notes.md', doc: 'a-notes', status: 'added', reason: null },
      { type: 'file', path: 'good/b-memo.txt', doc: 'b-memo', status: 'added', reason: null },
      { type: 'file', path: 'good/c-page.html', doc: 'c-page', status: 'added', reason: null },
      { type: 'file', path: 'good/d-copy.md', doc: null, status: 'skipped', reason: 'duplicate of good/a-notes.md' },
      { type: 'file', path: 'good/e-data.xyz', doc: null, status: 'skipped', reason: 'unsupported type .xyz' },
    ]);
    // Key order is part of the shape scripts see; toEqual above does not check it.
    for (const o of objects.slice(0, -1)) expect(Object.keys(o)).toEqual(['type', 'path', 'doc', 'status', 'reason']);
    const summary = objects.at(-1)!;
    expect(Object.keys(summary)).toEqual(['type', 'added', 'skipped', 'failed', 'ms', 'incomplete', 'offline']);
    expect(summary).toMatchObject({ type: 'summary', added: 3, skipped: 2, failed: 0 });
    expect(Number.isInteger(summary.ms) && (summary.ms as number) >= 0).toBe(true);
    expect(first.stderr).not.toMatch(/[\r\x1b]/);
  });

  it('re-adding the same folder skips every file as already in the knowledge base', async () => {
    const again = await runKb(['--kb', root, '--json', 'add', 'good'], { cwd: work });
    expect(again.code, again.stderr).toBe(0);
    const objects = parseNdjson(again.stdout);
    expect(objects.slice(0, -1).map((o) => [o.path, o.status, o.reason, o.doc])).toEqual([
      ['good/a-notes.md', 'skipped', 'already in knowledge base as a-notes', 'a-notes'],
      ['good/b-memo.txt', 'skipped', 'already in knowledge base as b-memo', 'b-memo'],
      ['good/c-page.html', 'skipped', 'already in knowledge base as c-page', 'c-page'],
      ['good/d-copy.md', 'skipped', 'already in knowledge base as a-notes', 'a-notes'],
      ['good/e-data.xyz', 'skipped', 'unsupported type .xyz', null],
    ]);
    expect(objects.at(-1)).toMatchObject({ type: 'summary', added: 0, skipped: 5, failed: 0 });
    expect(registry(root)).toHaveLength(3);
  });

  it('an edited file added again from the same path updates its document, not a second one', async () => {
    const before = registry(root).find((r) => r.name === 'b-memo')!;
    const edited = 'Memo\n====\n\nSecond file, rewritten with a brand new sentence about lighthouses.\n';
    fs.writeFileSync(path.join(work, 'good/b-memo.txt'), edited);
    const update = await runKb(['--kb', root, '--json', 'add', 'good/b-memo.txt'], { cwd: work });
    expect(update.code, update.stderr).toBe(0);
    expect(parseNdjson(update.stdout)[0]).toEqual({ type: 'file', path: 'good/b-memo.txt', doc: 'b-memo', status: 'added', reason: 'replaced the previous version' });
    const rows = expectConsistent(root, 'after update');
    expect(rows.map((r) => r.name).sort()).toEqual(['a-notes', 'b-memo', 'c-page']);
    const after = rows.find((r) => r.name === 'b-memo')!;
    expect(after.hash).not.toBe(before.hash);
    expect(after.hash).toBe(sha256(edited));
    expect(after.added_at).toBe(before.added_at);
    expect(fs.readFileSync(path.join(root, 'wiki/sources/b-memo.md'), 'utf8')).toContain('brand new sentence about lighthouses');
    expect(fs.readFileSync(path.join(root, 'raw/b-memo.txt'), 'utf8')).toBe(edited);
    expect(fs.readFileSync(path.join(root, 'wiki/log.md'), 'utf8')).toMatch(/^## \[[^\]]+\] update \| b-memo \(b-memo\.txt\)$/m);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });
});

describe('kb add usage and KB errors', () => {
  it('--jobs 0, 65 and x are usage errors (exit 2) that touch nothing', async () => {
    const work = tempDir();
    const root = newKb(work);
    writeFile(work, 'in/a.md', '# A\n');
    const runs = await Promise.all(['0', '65', 'x', '1.5'].map((jobs) => runKb(['--kb', root, 'add', 'in', '--jobs', jobs], { cwd: work })));
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('expected a whole number from 1 to 64');
    }
    expect(registry(root)).toEqual([]);
  });

  it('no knowledge base: exit 3, whether found by walking up or named with --kb', async () => {
    const work = fs.realpathSync(tempDir());
    writeFile(work, 'in/a.md', '# A\n');
    const [walked, named] = await Promise.all([
      runKb(['add', 'in'], { cwd: work }),
      runKb(['--kb', path.join(work, 'in'), 'add', 'in/a.md'], { cwd: work }),
    ]);
    for (const run of [walked, named]) {
      expect(run.code, run.stderr).toBe(3);
      expect(run.stdout).toBe('');
    }
    expect(fs.existsSync(path.join(work, '.kb'))).toBe(false);
    expect(fs.existsSync(path.join(work, 'in', '.kb'))).toBe(false);
  });
});

describe("kb add deletes committed backups in the background (.kb/trash)", () => {
  it('a kill after a commit moved its backups to the trash loses nothing; the next command, a reader, sweeps the trash', async () => {
    const work = tempDir();
    const root = newKb(work);
    writeFile(work, 'in/a-first.md', '# First\n\nThe first file.\n');
    writeFile(work, 'in/b-second.md', '# Second\n\nThe second file.\n');
    // The first commit replaces index.md and log.md, so its backup folder holds files.
    const killed = await runKb(['--kb', root, 'add', 'in'], { cwd: work, env: { KB_TEST_CRASH_AT: 'backups-dropped' } });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const trash = fs.readdirSync(path.join(root, '.kb', 'trash'));
    expect(trash).toHaveLength(1);
    expect(trash[0]).toMatch(/^\d+-\d+-[0-9a-f]{8}$/);
    expect(fs.readdirSync(path.join(root, '.kb', 'trash', trash[0]!)).length).toBeGreaterThan(0);

    const status = await runKb(['--kb', root, '--json', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(expectConsistent(root, 'after the kill').map((r) => r.name)).toEqual(['a-first']);

    const rerun = await runKb(['--kb', root, 'add', 'in'], { cwd: work });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(expectConsistent(root, 'after the re-run').map((r) => r.name)).toEqual(['a-first', 'b-second']);
    // A finished add waited for its own deletions: the folder is there, and empty.
    expect(fs.readdirSync(path.join(root, '.kb', 'trash'))).toEqual([]);
  });
});
