// When a concept gets a page (issue 17): when two documents rank it among their terms, or one
// ranks it among its most salient. Built by the real binary on notes written here: a term
// shared by a second document gets its page and the first document's summary is relinked in
// the same commit; removing that document takes the page back (unless the user wrote on it);
// and the wiki is the same whatever order the documents came in, and after a recompile.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, newKb } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-concept-sharing-');

/** A note on one topic that also introduces the write-ahead log (in emphasis: one of its terms), a term every note shares. */
function note(topic: string, days: number): string {
  return [
    `# Tuning ${topic}`,
    '',
    `This note explains ${topic} in a production cluster. The _write-ahead log_ records every change before a data page is written.`,
    '',
    `Operators tune ${topic} after measuring the workload. A careful review of ${topic} avoids surprises, and the write-ahead log keeps recovery possible.`,
    '',
    `The team measured ${topic} for ${days} days.`,
    '',
  ].join('\n');
}

const WAL_PAGE = 'wiki/concepts/write-ahead-log.md';
const WAL_LINK = '[[concepts/write-ahead-log|write-ahead log]]';

function writeNotes(dir: string): { a: string; b: string } {
  fs.mkdirSync(dir, { recursive: true });
  const a = path.join(dir, 'autovacuum.md');
  const b = path.join(dir, 'replication.md');
  fs.writeFileSync(a, note('autovacuum workers', 3));
  fs.writeFileSync(b, note('logical replication', 5));
  return { a, b };
}

async function kb(root: string, ...args: string[]): Promise<string> {
  const run = await runKb(['--kb', root, '--offline', ...args]);
  expect(run.code, `kb ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

const read = (root: string, rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');

/** The summary's `## Concepts` section. */
function conceptsOf(root: string, doc: string): string {
  return read(root, `wiki/summaries/${doc}.md`).split('\n## Concepts\n')[1]?.split('\n## ')[0] ?? '';
}

/** Summaries, concept pages, catalogues and index.md: what depends on which documents the KB holds. */
function derivedPages(root: string): Record<string, string> {
  const pages = ['wiki/summaries', 'wiki/concepts', 'wiki/entities', 'wiki/catalog'].flatMap((top) => listFiles(root, top));
  return Object.fromEntries([...pages, 'wiki/index.md'].map((rel) => [rel, read(root, rel)]));
}

describe('concept pages that connect documents', () => {
  it('a term a second document shares gets its page, and the first summary links it from then on', async () => {
    const work = tempDir();
    const { a, b } = writeNotes(path.join(work, 'in'));
    const root = newKb(path.join(work, 'kb'));
    await kb(root, 'add', a);
    // Alone, the shared term is one of autovacuum's terms, named as plain text.
    expect(fs.existsSync(path.join(root, WAL_PAGE))).toBe(false);
    expect(conceptsOf(root, 'autovacuum')).toMatch(/^Also: .*write-ahead log/m);
    const alone = read(root, 'wiki/summaries/autovacuum.md');

    await kb(root, 'add', b);
    const page = read(root, WAL_PAGE);
    expect([...page.matchAll(/^<!-- kb:doc (\S+) -->$/gm)].map((m) => m[1])).toEqual(['autovacuum', 'replication']);
    expect(page).toMatch(/^documents: 2$/m);
    for (const doc of ['autovacuum', 'replication']) {
      expect(conceptsOf(root, doc)).toContain(`- ${WAL_LINK}`);
      expect(conceptsOf(root, doc)).not.toMatch(/^Also: .*write-ahead log/m);
    }
    expect(read(root, 'wiki/index.md')).toContain('[[concepts/write-ahead-log|');

    // Removing the second document leaves the term to one: its page goes, the link with it.
    await kb(root, 'remove', 'replication', '--yes');
    expect(fs.existsSync(path.join(root, WAL_PAGE))).toBe(false);
    expect(read(root, 'wiki/summaries/autovacuum.md')).toBe(alone);
    expect(read(root, 'wiki/index.md')).not.toContain('concepts/write-ahead-log');
    expect((await runKb(['--kb', root, 'doctor'])).code).toBe(0);
  });

  it('a summary relinked by another document\'s commit keeps the notes its user added', async () => {
    const work = tempDir();
    const { a, b } = writeNotes(path.join(work, 'in'));
    const root = newKb(path.join(work, 'kb'));
    await kb(root, 'add', a);
    fs.appendFileSync(path.join(root, 'wiki/summaries/autovacuum.md'), '\nAsk the DBA about the WAL.\n');
    const added = await runKb(['--kb', root, '--offline', 'add', b]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('kept what you added to wiki/summaries/autovacuum.md');
    const summary = read(root, 'wiki/summaries/autovacuum.md');
    expect(summary).toContain(`- ${WAL_LINK}`);
    expect(summary.endsWith('Ask the DBA about the WAL.\n')).toBe(true);
  });

  it('each document alone keeps a page for its most salient term', async () => {
    const work = tempDir();
    const { a } = writeNotes(path.join(work, 'in'));
    const root = newKb(path.join(work, 'kb'));
    await kb(root, 'add', a);
    expect(conceptsOf(root, 'autovacuum')).toMatch(/^- \[\[concepts\/[^|]+\|[^\]]+\]\]$/m);
    expect(listFiles(root, 'wiki/concepts')).toHaveLength(1);
  });

  it('gives the same wiki whatever the order of adds, in one batch or two, and after recompile', async () => {
    const work = tempDir();
    const { a, b } = writeNotes(path.join(work, 'in'));
    const ab = newKb(path.join(work, 'ab'));
    await kb(ab, 'add', a);
    await kb(ab, 'add', b);
    const ba = newKb(path.join(work, 'ba'));
    await kb(ba, 'add', b);
    await kb(ba, 'add', a);
    const batch = newKb(path.join(work, 'batch'));
    await kb(batch, 'add', path.join(work, 'in'), '--jobs', '2');

    const expected = derivedPages(ab);
    expect(Object.keys(expected)).toContain(WAL_PAGE);
    expect(derivedPages(ba)).toEqual(expected);
    expect(derivedPages(batch)).toEqual(expected);
    expect(await kb(ba, 'recompile', '--all', '--yes')).toContain('up to date');
    expect(await kb(ab, 'recompile', 'autovacuum')).toContain('up to date');
  });

  it('a concept page the user wrote on is kept when it would connect nothing any more', async () => {
    const work = tempDir();
    const { a, b } = writeNotes(path.join(work, 'in'));
    const root = newKb(path.join(work, 'kb'));
    await kb(root, 'add', a, b);
    fs.appendFileSync(path.join(root, WAL_PAGE), '\nMy own notes on the WAL.\n');

    await kb(root, 'remove', 'replication', '--yes');
    const page = read(root, WAL_PAGE);
    expect(page).toContain('My own notes on the WAL.');
    expect([...page.matchAll(/^<!-- kb:doc (\S+) -->$/gm)].map((m) => m[1])).toEqual(['autovacuum']);
    expect(conceptsOf(root, 'autovacuum')).toContain(`- ${WAL_LINK}`);
    // A recompile keeps it too, and so does adding the document again.
    expect(await kb(root, 'recompile', '--all', '--yes')).toContain('up to date');
    await kb(root, 'add', b);
    expect(read(root, WAL_PAGE)).toContain('My own notes on the WAL.');
    expect((await runKb(['--kb', root, 'doctor'])).code).toBe(0);
  });

  it('an edit inside kb text of a page that loses its last link keeps the page and a copy of the edit', async () => {
    const work = tempDir();
    const { a, b } = writeNotes(path.join(work, 'in'));
    const root = newKb(path.join(work, 'kb'));
    await kb(root, 'add', a, b);
    const edited = read(root, WAL_PAGE).replace('## Documents', 'The WAL, as I understand it.\n\n## Documents');
    fs.writeFileSync(path.join(root, WAL_PAGE), edited);

    const removed = await runKb(['--kb', root, '--offline', 'remove', 'replication', '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(fs.existsSync(path.join(root, WAL_PAGE))).toBe(true);
    const copy = /kept your edits of wiki\/concepts\/write-ahead-log\.md in (\S+)/.exec(removed.stderr)?.[1];
    expect(copy).toBeDefined();
    expect(read(root, copy as string)).toBe(edited);
  });
});
