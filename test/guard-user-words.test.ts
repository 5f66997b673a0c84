// The guard every changeset passes through before it is applied (guard-user-words.ts), on a
// real temp KB in-process: notes after kb's text round-trip byte for byte however often kb
// rewrites the page, a heading of the user's own is not doubled, blank tails are not words,
// a staged source page over an edited one is copied first, pages kb never wrote are left or
// copied, and a KB from before page records takes its pages for kb's until it rewrites them.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyChangeset, type ApplyResult } from '../src/commit/apply-changeset.js';
import { emptyChangeset, type Changeset } from '../src/model/changeset.js';
import { readLivePage } from '../src/commit/live-page.js';
import { withKbLock } from '../src/commit/with-kb-lock.js';
import { useTempKbs, type makeTempKb } from './support/temp-kb.js';

const kb = useTempKbs();

type Kb = ReturnType<typeof makeTempKb>;
const PAGE = 'wiki/concepts/heap.md';
const page = (text: string): string => `---\ntitle: Heap\ntype: concept\n---\n# Heap\n\n${text}\n`;

function apply(k: Kb, changes: Partial<Changeset>): Promise<ApplyResult> {
  return withKbLock(k.ctx, 'exclusive', () => applyChangeset(k.ctx, { ...emptyChangeset('test', 'test'), ...changes }));
}
const write = (k: Kb, rel: string, content: string): Promise<ApplyResult> => apply(k, { writes: [{ path: rel, content }] });
const onDisk = (k: Kb, rel: string): string => fs.readFileSync(path.join(k.root, rel), 'utf8');
const edit = (k: Kb, rel: string, text: string): void => fs.writeFileSync(path.join(k.root, rel), text);

// A summary page as kb renders one: the title and description in the keys, the heading and the opening line.
const SUMMARY = 'wiki/summaries/bees.md';
const summary = (title: string, description: string, text: string): string =>
  `---\ntitle: ${title}\ntype: summary\ndescription: ${description}\n---\n# ${title}\n\n${description}\n\nSource: [[sources/bees]]\n\n${text}\n`;
/** The summary as kb writes it, its text at version `text`. */
const kbSummary = (text: string): string => summary('Bees', 'City gardens flower early.', text);

describe('guardUserWords', () => {
  it('carries notes after kb text below every rewrite, byte for byte, and compilation never sees them', async () => {
    const k = kb();
    await write(k, PAGE, page('v1'));
    edit(k, PAGE, `${page('v1')}- my note\n`);
    expect(readLivePage(k.ctx, PAGE)).toBe(page('v1'));
    const kept = await write(k, PAGE, page('v2'));
    expect(kept.kept).toEqual([{ page: PAGE, how: 'notes' }]);
    expect(onDisk(k, PAGE)).toBe(`${page('v2')}\n## Notes\n\n- my note\n`);
    // Unchanged notes: carried silently, and the same bytes come out of the same inputs.
    expect((await write(k, PAGE, page('v3'))).kept).toEqual([]);
    await write(k, PAGE, page('v2'));
    expect(onDisk(k, PAGE)).toBe(`${page('v2')}\n## Notes\n\n- my note\n`);
    // Deleting the page copies it, notes and all.
    const deleted = await apply(k, { deletes: [PAGE] });
    expect(deleted.kept).toEqual([{ page: PAGE, how: 'copy', copy: 'wiki/conflicts/concepts/heap.2026-01-02-030405.md' }]);
    expect(onDisk(k, 'wiki/conflicts/concepts/heap.2026-01-02-030405.md')).toContain('- my note');
  });

  it('keeps the value of a key the user wrote when kb starts writing that key, rewrite after rewrite', async () => {
    // A KB built before kb wrote `author:` on source pages: the user's own `author:` must not
    // give way to the file's metadata when the page is converted again.
    const k = kb();
    await write(k, PAGE, page('v1'));
    const withMine = page('v1').replace('type: concept\n', 'type: concept\nauthor: my own note\n');
    edit(k, PAGE, withMine);
    await write(k, PAGE, page('v2').replace('type: concept\n', 'type: concept\nauthor: From Metadata\n'));
    expect(onDisk(k, PAGE)).toBe(page('v2').replace('type: concept\n', 'type: concept\nauthor: my own note\n'));
    expect(readLivePage(k.ctx, PAGE)).toBe(page('v2'));
    // The key stays the user's: kept again, silently, and never copied as an edit.
    const again = await write(k, PAGE, page('v3').replace('type: concept\n', 'type: concept\nauthor: From Metadata\n'));
    expect(again.kept).toEqual([]);
    expect(onDisk(k, PAGE)).toBe(page('v3').replace('type: concept\n', 'type: concept\nauthor: my own note\n'));
  });

  it('keeps a title, author or description the user corrected, in its place, rewrite after rewrite', async () => {
    // kb wrote `author: Ines Almeida` from the PDF; the user corrects it in Obsidian. Converting
    // the file again gives kb's value again: the user's stays, with a note of the page after it.
    const k = kb();
    const SOURCE = 'wiki/sources/bees.md';
    const kbPage = (author: string, text: string): string => `---\ntitle: Bees\ntype: source\nauthor: ${author}\npages: 3\n---\n# Bees\n\n${text}\n`;
    await write(k, SOURCE, kbPage('Ines Almeida', 'v1'));
    edit(k, SOURCE, `${kbPage('Inês Almeida-Costa', 'v1')}\nmy note\n`);
    const corrected = await write(k, SOURCE, kbPage('Ines Almeida', 'v2'));
    expect(corrected.kept).toEqual([{ page: SOURCE, how: 'keys', keys: ['author'] }]);
    expect(onDisk(k, SOURCE)).toBe(`${kbPage('Inês Almeida-Costa', 'v2')}\n## Notes\n\nmy note\n`);
    expect(fs.existsSync(path.join(k.root, 'wiki/conflicts'))).toBe(false);
    // From then on the key is the user's: kept silently, whatever kb writes there.
    const again = await write(k, SOURCE, kbPage('Somebody Else', 'v3'));
    expect(again.kept).toEqual([]);
    expect(onDisk(k, SOURCE)).toBe(`${kbPage('Inês Almeida-Costa', 'v3')}\n## Notes\n\nmy note\n`);
    // Deleting the key gives it back to kb.
    edit(k, SOURCE, onDisk(k, SOURCE).replace('author: Inês Almeida-Costa\n', ''));
    await write(k, SOURCE, kbPage('Somebody Else', 'v4'));
    expect(onDisk(k, SOURCE)).toBe(`${kbPage('Somebody Else', 'v4')}\n## Notes\n\nmy note\n`);
  });

  it('shows a corrected title and description in the heading and opening line too, corrected there or in the key', async () => {
    const k = kb();
    await write(k, SUMMARY, kbSummary('v1'));
    // Corrected in the keys only: the next rewrite shows them in the heading and opening line.
    edit(k, SUMMARY, kbSummary('v1').replace('title: Bees', 'title: Urban Bees').replace('description: City', 'description: Notes on keeping bees in a city. City'));
    const kept = await write(k, SUMMARY, kbSummary('v2'));
    expect(kept.kept).toEqual([{ page: SUMMARY, how: 'keys', keys: ['title', 'description'] }]);
    const shown = summary('Urban Bees', 'Notes on keeping bees in a city. City gardens flower early.', 'v2');
    expect(onDisk(k, SUMMARY)).toBe(shown);
    // The page reads as kb wrote it: rewritten again silently, still with the user's values.
    expect((await write(k, SUMMARY, kbSummary('v3'))).kept).toEqual([]);
    expect(onDisk(k, SUMMARY)).toBe(summary('Urban Bees', 'Notes on keeping bees in a city. City gardens flower early.', 'v3'));
    expect(fs.existsSync(path.join(k.root, 'wiki/conflicts'))).toBe(false);
    // Deleting the keys gives kb its values back, heading and opening line too.
    edit(k, SUMMARY, onDisk(k, SUMMARY).replace('title: Urban Bees\n', '').replace('description: Notes on keeping bees in a city. City gardens flower early.\n', ''));
    await write(k, SUMMARY, kbSummary('v4'));
    expect(onDisk(k, SUMMARY)).toBe(kbSummary('v4'));
    // Corrected in the key and the heading at once: one correction, no copy.
    edit(k, SUMMARY, summary('Urban Bees', 'City gardens flower early.', 'v4'));
    expect((await write(k, SUMMARY, kbSummary('v5'))).kept).toEqual([{ page: SUMMARY, how: 'keys', keys: ['title'] }]);
    expect(onDisk(k, SUMMARY)).toBe(summary('Urban Bees', 'City gardens flower early.', 'v5'));
    expect(fs.existsSync(path.join(k.root, 'wiki/conflicts'))).toBe(false);
  });

  it('takes a heading or opening line the user corrected alone for a corrected title or description', async () => {
    const k = kb();
    await write(k, SUMMARY, kbSummary('v1'));
    // Where Obsidian shows the title and the description, in the note: the keys left as kb wrote them.
    edit(k, SUMMARY, kbSummary('v1').replace('# Bees', '# Bees in the City: a Field Guide').replace('\nCity gardens flower early.\n\nSource', '\nHow to keep bees in a city.\n\nSource'));
    const kept = await write(k, SUMMARY, kbSummary('v2'));
    expect(kept.kept).toEqual([{ page: SUMMARY, how: 'keys', keys: ['title', 'description'] }]);
    // The heading's words are the title from now on, quoted where YAML needs it.
    const theirs = summary("'Bees in the City: a Field Guide'", 'How to keep bees in a city.', 'v3').replace("# 'Bees in the City: a Field Guide'", '# Bees in the City: a Field Guide');
    expect(onDisk(k, SUMMARY)).toBe(theirs.replace('v3', 'v2'));
    expect((await write(k, SUMMARY, kbSummary('v3'))).kept).toEqual([]);
    expect(onDisk(k, SUMMARY)).toBe(theirs);
    expect(fs.existsSync(path.join(k.root, 'wiki/conflicts'))).toBe(false);
    // A heading changed together with another line of kb's text is an edit: copied, kb's heading back.
    edit(k, SUMMARY, onDisk(k, SUMMARY).replace('# Bees in the City', '# Bees of the City').replace('v3', 'v3 and my edit'));
    expect((await write(k, SUMMARY, kbSummary('v4'))).kept).toMatchObject([{ page: SUMMARY, how: 'copy' }]);
  });

  it('copies the page when an edit of a value goes with other edits, or touches a key kb reads back', async () => {
    const k = kb();
    const SOURCE = 'wiki/sources/bees.md';
    const kbPage = (author: string, type: string, text: string): string => `---\ntitle: Bees\ntype: ${type}\nauthor: ${author}\n---\n# Bees\n\n${text}\n`;
    await write(k, SOURCE, kbPage('Ines Almeida', 'source', 'v1'));
    edit(k, SOURCE, kbPage('Inês Almeida', 'source', 'v1, and my edit'));
    expect((await write(k, SOURCE, kbPage('Ines Almeida', 'source', 'v2'))).kept).toMatchObject([{ page: SOURCE, how: 'copy' }]);
    expect(onDisk(k, SOURCE)).toBe(kbPage('Ines Almeida', 'source', 'v2'));
    edit(k, SOURCE, kbPage('Ines Almeida', 'my-type', 'v2'));
    expect((await write(k, SOURCE, kbPage('Ines Almeida', 'source', 'v3'))).kept).toMatchObject([{ page: SOURCE, how: 'copy' }]);
    // kb's value changed since it was written: the correction cannot be told from an edit of kb's old text.
    edit(k, SOURCE, kbPage('Inês Almeida', 'source', 'v3'));
    expect((await write(k, SOURCE, kbPage('I. Almeida', 'source', 'v4'))).kept).toMatchObject([{ page: SOURCE, how: 'copy' }]);
  });

  it('carries frontmatter keys the user added, as written, and copies them before a delete', async () => {
    const k = kb();
    await write(k, PAGE, page('v1'));
    edit(k, PAGE, page('v1').replace('type: concept\n', 'type: concept\ntags: [a, b]\n'));
    expect(readLivePage(k.ctx, PAGE)).toBe(page('v1'));
    await write(k, PAGE, page('v2'));
    expect(onDisk(k, PAGE)).toBe(page('v2').replace('type: concept\n', 'type: concept\ntags: [a, b]\n'));
    // Carried silently from then on: the record knows kb's keys.
    expect((await write(k, PAGE, page('v3'))).kept).toEqual([]);
    const deleted = await apply(k, { deletes: [PAGE] });
    expect(deleted.kept).toMatchObject([{ page: PAGE, how: 'copy' }]);
    expect(onDisk(k, deleted.kept[0]?.copy as string)).toContain('tags: [a, b]');
  });

  it('copies an edit of kb text even when the rewrite keeps it, since a later rewrite may not', async () => {
    const k = kb();
    const block = (doc: string, line: string): string => `<!-- kb:doc ${doc} -->\n${line}\n<!-- kb:/doc ${doc} -->`;
    await write(k, PAGE, page(`${block('a', '- a says heaps are warm')}\n\n${block('b', '- b says heaps smell')}`));
    // The user corrects b's line; the next commit (a document c arriving) keeps b's block as on disk.
    const edited = page(`${block('a', '- a says heaps are warm')}\n\n${block('b', '- b says good heaps do not smell')}`);
    edit(k, PAGE, edited);
    const first = await write(k, PAGE, page(`${block('a', '- a says heaps are warm')}\n\n${block('b', '- b says good heaps do not smell')}\n\n${block('c', '- c')}`));
    expect(first.kept).toMatchObject([{ page: PAGE, how: 'copy' }]);
    expect(onDisk(k, first.kept[0]?.copy as string)).toBe(edited);
    // b's section is later rendered again from the registry: the page loses the line, the copy keeps it.
    await write(k, PAGE, page(`${block('a', '- a says heaps are warm')}\n\n${block('b', '- b says heaps smell')}`));
    expect(onDisk(k, PAGE)).not.toContain('do not smell');
    expect(onDisk(k, first.kept[0]?.copy as string)).toContain('good heaps do not smell');
  });

  it('keeps a heading of the user own and ignores a blank tail', async () => {
    const k = kb();
    await write(k, PAGE, page('v1'));
    edit(k, PAGE, `${page('v1')}\n## My section\n\ntext\n`);
    await write(k, PAGE, page('v2'));
    expect(onDisk(k, PAGE)).toBe(`${page('v2')}\n## My section\n\ntext\n`);
    const k2 = kb();
    await write(k2, PAGE, page('v1'));
    edit(k2, PAGE, `${page('v1')}\n\n  \n`);
    expect((await write(k2, PAGE, page('v2'))).kept).toEqual([]);
    expect(onDisk(k2, PAGE)).toBe(page('v2'));
  });

  it('turns a publish over an edited page into a copy then a write; pages kb never wrote are copied, not deleted', async () => {
    const k = kb();
    const source = 'wiki/sources/a.md';
    await write(k, source, page('original text'));
    edit(k, source, page('original text, corrected by hand'));
    const staged = path.join(k.ctx.paths.staging, `${process.pid}-t`, 'a.md');
    fs.mkdirSync(path.dirname(staged), { recursive: true });
    fs.writeFileSync(staged, page('new version'));
    const published = await apply(k, { publishes: [{ path: source, from: staged }] });
    expect(published.kept).toEqual([{ page: source, how: 'copy', copy: 'wiki/conflicts/sources/a.2026-01-02-030405.md' }]);
    expect(onDisk(k, source)).toBe(page('new version'));
    expect(onDisk(k, 'wiki/conflicts/sources/a.2026-01-02-030405.md')).toContain('corrected by hand');

    edit(k, 'wiki/concepts/mine.md', 'my page\n');
    expect((await apply(k, { deletes: ['wiki/concepts/mine.md'] })).kept).toEqual([{ page: 'wiki/concepts/mine.md', how: 'left' }]);
    expect(onDisk(k, 'wiki/concepts/mine.md')).toBe('my page\n');
    const taken = await write(k, 'wiki/concepts/mine.md', page('kb'));
    expect(taken.kept).toEqual([{ page: 'wiki/concepts/mine.md', how: 'copy', copy: 'wiki/conflicts/concepts/mine.2026-01-02-030405.md' }]);
    expect(onDisk(k, 'wiki/conflicts/concepts/mine.2026-01-02-030405.md')).toBe('my page\n');
  });

  it('in a KB from before page records, takes unrecorded pages for kb text until it rewrites them', async () => {
    const k = kb();
    edit(k, PAGE, page('written by an older kb'));
    const db = new Database(k.ctx.paths.db);
    db.prepare("UPDATE kb_meta SET value = 'since-upgrade' WHERE key = 'page_records'").run();
    db.close();
    expect((await write(k, PAGE, page('v2'))).kept).toEqual([]);
    expect(k.ctx.store.pages.record(PAGE)).toMatchObject({ path: PAGE, body_bytes: Buffer.byteLength(page('v2')) });
    edit(k, PAGE, page('v2 edited'));
    expect((await write(k, PAGE, page('v3'))).kept).toMatchObject([{ page: PAGE, how: 'copy' }]);
  });
});
