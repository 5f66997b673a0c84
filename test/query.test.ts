// `kb query` with the offline engine through the built binary: answers quoted from the best
// passages with citations that all resolve, --save as a journaled exploration listed in
// index.md and searchable, a SIGKILL while saving rolled back, and a removed document's
// citations unlinked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../src/commands/query.js';
import { extractWikiLinks } from '../src/core/wikilinks.js';
import { danglingLinks, newKb, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';
import { buildPdf } from './support/fixtures/pdf-builder.js';

const tempDir = useTempDirs('kb-query-');

const DOCS: Record<string, string> = {
  'tug-manual.md': ['# Tug Manual', '', 'How the harbour tugs work.', '', '## Towing lines', '', 'Towing lines are made of nylon and checked for chafe before each tow.', '', '## Engine room', '', 'The engine room holds two diesel engines. The bilge pump runs on a float switch and empties the bilge every hour.', ''].join('\n'),
  'lighthouse.md': '# Lighthouse Keeping\n\nKeepers trimmed the lamp wick every evening.\n\n## The lens\n\nA Fresnel lens focuses the lamp into a beam seen twenty miles out.\n',
  'dues.md': '# Harbour Dues\n\nShips pay dues by tonnage when they berth. The harbour master keeps the ledger of dues.\n',
};


/** A new KB in `work` with `files` (name → contents) added by `kb add`; its root. */
async function kbWithDocs(work: string, files: Record<string, string | Uint8Array> = DOCS): Promise<string> {
  const root = newKb(work);
  const input = path.join(work, 'in');
  fs.mkdirSync(input);
  for (const [name, contents] of Object.entries(files)) fs.writeFileSync(path.join(input, name), contents);
  const added = await runKb(['--kb', root, 'add', input]);
  expect(added.code, added.stderr).toBe(0);
  return root;
}

/** kbWithDocs in a temp folder of its own. */
function kbOf(files: Record<string, string | Uint8Array>): Promise<string> {
  return kbWithDocs(fs.realpathSync(tempDir()), files);
}

async function query(root: string, ...args: string[]): Promise<QueryResult> {
  const run = await runKb(['--kb', root, '--json', 'query', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as QueryResult;
}

describe('kb query (offline engine)', () => {
  let root = '';
  beforeAll(async () => {
    const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-query-shared-')));
    root = await kbWithDocs(work);
    return () => fs.rmSync(work, { recursive: true, force: true });
  });

  it('answers with the sentences that match the question, citing pages that exist', async () => {
    const result = await query(root, 'what does the bilge pump run on?');
    expect(result.engine).toBe('offline');
    expect(result.answer).toContain('The bilge pump runs on a float switch and empties the bilge every hour.');
    expect(result.answer).not.toContain('Fresnel');
    expect(result.citations[0]).toMatchObject({ page: 'wiki/sources/tug-manual.md', target: 'sources/tug-manual', title: 'Tug Manual › Engine room' });
    for (const c of result.citations) expect(fs.existsSync(path.join(root, c.page)), c.page).toBe(true);
    for (const link of extractWikiLinks(result.answer)) expect(fs.existsSync(path.join(root, 'wiki', `${link.target}.md`)), link.target).toBe(true);
    expect(result.citations.map((c) => c.target)).toEqual(expect.arrayContaining(extractWikiLinks(result.answer).map((l) => l.target)));
  });

  it('says so when nothing matches, exit 0, and takes hostile text', async () => {
    const none = await runKb(['--kb', root, 'query', 'zeppelin', 'hydrogen']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^Nothing in the knowledge base matches "zeppelin hydrogen"/);
    expect((await query(root, '--', '"NEAR( lamp* ^wick')).answer).toContain('lamp wick');
  });

  // "Who founded Microsoft?" over the corpus quoted the PostgreSQL installation chapter, and
  // "What does git stash do?" git-log's options: words of the question, not its subject.
  it('says nothing matches for a Who or What-is question whose subject no page speaks of', async () => {
    const who = await runKb(['--kb', root, 'query', 'Who founded the harbour master guild?']);
    expect(who.code).toBe(0);
    expect(who.stdout).toMatch(/^Nothing in the knowledge base matches "Who founded the harbour master guild\?"/);
    const what = await runKb(['--kb', root, 'query', 'What does the lamp keeper log do?']);
    expect(what.stdout).toMatch(/^Nothing in the knowledge base matches/);
    // The same words that do stand together are answered.
    expect((await query(root, 'What does the harbour master keep?')).answer).toContain('The harbour master keeps the ledger of dues.');
  });

  it('rejects a blank question with exit 2, before anything is saved', async () => {
    const before = wikiSnapshot(root);
    const blank = await runKb(['--kb', root, 'query', '--save', '  ']);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('the question is empty');
    expect(wikiSnapshot(root)).toEqual(before);
  });
});

describe('kb query --save', () => {
  it('writes an exploration listed in index.md and searchable; a removed document is unlinked from it', async () => {
    const work = fs.realpathSync(tempDir());
    const root = await kbWithDocs(work);
    const result = await query(root, '--save', 'How are towing lines checked?');
    expect(result.saved).toBe('wiki/explorations/how-are-towing-lines-checked.md');
    const page = fs.readFileSync(path.join(root, result.saved!), 'utf8');
    expect(page).toMatch(/^---\ntitle: How are towing lines checked\?\ntype: exploration\n/);
    expect(page).toContain('Towing lines are made of nylon and checked for chafe before each tow. ([[sources/tug-manual#Towing lines|Tug Manual › Towing lines]])');
    expect(fs.readFileSync(path.join(root, 'wiki/index.md'), 'utf8')).toContain('- [[explorations/how-are-towing-lines-checked|How are towing lines checked?]]');
    expect(fs.readFileSync(path.join(root, 'wiki/log.md'), 'utf8')).toMatch(/\] save \| explorations\/how-are-towing-lines-checked$/m);
    const search = JSON.parse((await runKb(['--kb', root, '--json', 'search', 'towing', 'lines', 'checked'])).stdout) as { page: string }[];
    expect(search.map((h) => h.page)).toContain(result.saved);
    // The same question again gets its own page.
    expect((await query(root, '--save', 'How are towing lines checked?')).saved).toBe('wiki/explorations/how-are-towing-lines-checked-2.md');
    expect(danglingLinks(root)).toEqual([]);

    const removed = await runKb(['--kb', root, 'remove', 'tug-manual', '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/MODIFY\s+wiki\/explorations\/how-are-towing-lines-checked\.md/);
    expect(danglingLinks(root)).toEqual([]);
    expect(fs.readFileSync(path.join(root, result.saved!), 'utf8')).toContain('(Tug Manual › Towing lines)');
    expect((await runKb(['--kb', root, 'doctor'])).code).toBe(0);
  });

  it('a SIGKILL while saving leaves the KB as it was once the next kb recovers', async () => {
    const work = fs.realpathSync(tempDir());
    const root = await kbWithDocs(work);
    const before = wikiSnapshot(root);
    const crashed = await runKb(['--kb', root, 'query', '--save', 'what is the lens'], { env: { KB_TEST_CRASH_AT: 'target:1:applied' } });
    expect(crashed.signal).toBe('SIGKILL');
    expect((await runKb(['--kb', root, 'status'])).code).toBe(0);
    expect(wikiSnapshot(root)).toEqual(before);
    expect((await runKb(['--kb', root, 'doctor'])).code).toBe(0);
  });
});

describe('kb query "Who …?" (offline engine)', () => {
  // "Who created Git?" over the corpus of Git's manual answered with git-branch's options: the
  // sentence "Git is a … system created by Linus Torvalds" sits in a long section of a talk
  // that the search ranks below a hundred short passages with "git" and "created". The person's
  // page gathers that sentence, and a "Who …?" answer reads the pages of persons too.
  it('reads the pages of persons the knowledge base knows, and opens with the one credited', async () => {
    const notes = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`note-${i + 1}.md`, `# Quillwork note ${i + 1}\n\nThe files created by quillwork job ${i + 1} are kept in the cache.\n`]));
    const filler = Array.from({ length: 40 }, (_, i) => `The parser reads line ${i + 1} of the input and keeps the tokens it finds in a table.`).join(' ');
    const root = await kbOf({ ...notes, 'history.md': `# A History of Parsers\n\n## Early days\n\n${filler} Quillwork is a parser created by Margaret Holloway in 2009. ${filler}\n` });
    expect(fs.existsSync(path.join(root, 'wiki/entities/margaret-holloway.md'))).toBe(true);
    const result = await query(root, 'Who created Quillwork?');
    expect(result.answer.split('\n')[0]).toMatch(/^Quillwork is a parser created by Margaret Holloway in 2009\. \(\[\[/);
    expect(danglingLinks(root)).toEqual([]);
    for (const citation of result.citations) expect(fs.existsSync(path.join(root, citation.page))).toBe(true);
  });
});

describe('kb query "Who wrote …?" (offline engine)', () => {
  // A PDF's Info dictionary names its author, which its text may never say: "Who wrote
  // kvoptions?" over the corpus was answered with another author's page.
  it("says who wrote a document from its file's author, citing its source page", async () => {
    const pages = [['The tidetable package', 'The tidetable package prints the tides of a harbour for each day of the year.', 'It reads the harbour from the document options.']];
    const root = await kbOf({
      'tidetable.pdf': buildPdf({ pages, info: { Title: 'The tidetable package', Author: 'Ana Sousa' } }),
      'notes.md': '# Harbour notes\n\nThe old tide book was written by a harbour master who kept it for forty years.\n',
    });
    const result = await query(root, 'Who wrote the tidetable package?');
    expect(result.answer.split('\n')[0]).toBe('The tidetable package was written by Ana Sousa. ([[sources/tidetable|The tidetable package]])');
    expect(result.citations.map((c) => c.page)).toContain('wiki/sources/tidetable.md');
    expect((await query(root, 'Who wrote Hamlet?')).answer).toBe('');
  });

  // Most papers and many manuals name their authors only under the title (makeindex.pdf's
  // "Leslie Lamport", the Transformer paper's eight authors): the byline gives the source page its `author:`.
  it('reads the author from the byline under the title when the file names none', async () => {
    const pages = [[{ text: 'The harbourwatch package', size: 20 }, '', 'Mara Quist', '', '1 May 2024', '', { text: '1 Introduction', size: 14 }, 'The harbourwatch package watches the harbour and reports every ship that berths.']];
    const root = await kbOf({ 'harbourwatch.pdf': buildPdf({ pages }) });
    expect(fs.readFileSync(path.join(root, 'wiki/sources/harbourwatch.md'), 'utf8')).toMatch(/^author: Mara Quist$/m);
    expect((await query(root, 'Who wrote the harbourwatch package?')).answer.split('\n')[0]).toBe('The harbourwatch package was written by Mara Quist. ([[sources/harbourwatch|The harbourwatch package]])');
  });

  it('reads an author the user added by hand to a source page that had none', async () => {
    const root = await kbOf({ 'tide-tables.md': '# The tide tables\n\nThe tide tables list high and low water for each day of the year.\n' });
    const page = path.join(root, 'wiki/sources/tide-tables.md');
    expect(fs.readFileSync(page, 'utf8')).not.toMatch(/^author:/m);
    fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace(/^title: .*$/m, '$&\nauthor: Ana Sousa'));
    expect((await query(root, 'Who wrote the tide tables?')).answer.split('\n')[0]).toBe('The tide tables was written by Ana Sousa. ([[sources/tide-tables|The tide tables]])');
  });
});

describe('kb query "What is X?" (offline engine)', () => {
  // "What is picomatch?" said nothing matched: eight sections of its README's code, full of
  // "picomatch", ranked above its summary, whose description says what it is.
  it('reads the summary of the document named X even when the search ranks it low', async () => {
    const api = Array.from({ length: 10 }, (_, i) => `### quillmatch.method${i}\n\n\`\`\`js\nconst quillmatch = require('quillmatch');\nquillmatch.method${i}(quillmatch('*.js'), quillmatch.options);\n\`\`\`\n\nquillmatch method ${i} for quillmatch users of quillmatch.\n`).join('\n');
    const root = await kbOf({ 'quillmatch.md': `# quillmatch\n\n> Blazing fast glob matcher for quill files.\n\n## API\n\n${api}` });
    const result = await query(root, 'What is quillmatch?');
    expect(result.answer.split('\n')[0]).toMatch(/^Blazing fast glob matcher for quill files\. \(\[\[summaries\/quillmatch\|quillmatch\]\]\)$/);
  });
});
