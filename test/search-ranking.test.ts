// Ranking properties of `kb search` on KBs built by a real `kb add` (built binary, temp dirs):
// one line per document at its best section, --sections for more, the --json fields of before,
// section paths, whole-sentence snippets, multi-word proximity, and concept pages that count
// only for what they say.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runKb } from './support/run-kb.js';
import { useKbWithDocs } from './support/kb-with-docs.js';
import { useTempDirs } from './support/temp-dirs.js';
import { kbAt, searchJson } from './support/search-json.js';

const tempDir = useTempDirs('kb-search-ranking-');

const filler = (topic: string): string => `${topic} is a craft of the harbour. Apprentices learn it from the older hands over a season.`;
const DOCS: Record<string, string> = {
  // Several sections about davits, nested: one document, several matching sections.
  'ferry-manual.md': [
    '# Ferry Manual',
    '',
    'How the island ferry is run.',
    '',
    '## Deck',
    '',
    'The deck crew works in two watches.',
    '',
    '### Lifeboats',
    '',
    'Each lifeboat hangs from a davit. The davit is swung out by hand before a drill.',
    '',
    '### Mooring',
    '',
    'Lines are doubled in a gale. A spare davit pin is kept in the mooring locker.',
    '',
    '## Engine',
    '',
    'The engine is serviced every spring; the davit winch shares its fuse box.',
    '',
  ].join('\n'),
  // "float switch" together, against a document with both words apart.
  'bilge-alarms.md': `# Bilge Alarms\n\nThe alarm sounds when the float switch closes. ${filler('Alarm testing')}\n`,
  'deck-lights.md': `# Deck Lights\n\nA float of cork marks the buoy at night. ${filler('Lamp trimming')} The switch for the lights is by the door.\n`,
  // "lighthouse" once, at the end of a long body: the snippet is that sentence, whole.
  'harbour-dues.md': `# Harbour Dues\n\nShips pay dues by tonnage when they berth. ${'The harbour master keeps the ledger of dues and berths. '.repeat(12)}One ship passed the lighthouse at dawn. The dues were paid.\n`,
  // "max" names the aggregate the table defines, not the section about max_wal_size (FTS5
  // cuts code names at underscores, so both match the word).
  'wal-tuning.md': `# WAL Tuning\n\n## Increase max_wal_size\n\nA larger max_wal_size makes checkpoints rarer. Keep max_wal_size below the disk's max free space; the max is reached only in bursts. ${filler('Log shipping')}\n`,
  'aggregates.md': `# Aggregate Functions\n\nAggregates compute one result from many rows.\n\n| Function | Description |\n|---|---|\n| \`max\` ( \`expression\` ) → \`same as input\` | Computes the largest of the non-null input values. |\n| \`sum\` ( \`expression\` ) → \`numeric\` | Computes the total of the non-null input values. |\n`,
  ...Object.fromEntries(['Sailmaking canvas', 'Tide tables', 'Rope splicing', 'Galley cooking', 'Sextant navigation'].map((t, i) => [`other-${i}.md`, `# ${t}\n\n${filler(t)}\n`])),
};

const OLD_FIELDS = new Set(['page', 'title', 'score', 'snippet', 'section', 'pages']);

const kb = kbAt;
const search = searchJson;

function documentOf(page: string): string {
  return page.replace(/^wiki\/(?:sources|summaries)\//, 'doc:');
}

describe('kb search ranking', () => {
  const shared = useKbWithDocs('kb-search-ranking-shared-', DOCS);

  it('shows one line per document, at its best section, with the fields --json always had', async () => {
    const hits = await search(shared.root(), 'davit');
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((h) => documentOf(h.page))).size).toBe(hits.length);
    const ferry = hits.find((h) => h.page === 'wiki/sources/ferry-manual.md');
    expect(ferry?.title).toBe('Ferry Manual › Deck › Lifeboats'); // the section's path, its parent first
    expect(ferry?.section).toBeGreaterThan(0);
    for (const hit of hits) for (const key of Object.keys(hit)) expect(OLD_FIELDS.has(key), key).toBe(true);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it('--sections lists the further matching sections of a document under it, best first', async () => {
    const hits = await search(shared.root(), 'davit', '--sections');
    const ferry = hits.find((h) => h.page === 'wiki/sources/ferry-manual.md')!;
    expect(ferry.sections!.length).toBeGreaterThanOrEqual(2);
    expect(ferry.sections!.map((s) => s.title)).toEqual(expect.arrayContaining(['Ferry Manual › Deck › Mooring', 'Ferry Manual › Engine']));
    for (const more of ferry.sections!) {
      expect(more.page).toBe(ferry.page);
      expect(more.section).not.toBe(ferry.section);
      expect(more.snippet).toMatch(/\[davit\]/);
    }
    expect((await search(shared.root(), 'davit', '--sections', '1')).find((h) => h.page === ferry.page)!.sections).toHaveLength(1);
    const text = await kb(shared.root(), 'search', 'davit', '--sections');
    expect(text.stdout).toMatch(/· Ferry Manual › Deck › Mooring/);
    for (const bad of ['0', 'x', '51']) expect((await kb(shared.root(), 'search', 'davit', '--sections', bad)).code).toBe(2);
  });

  it('snippets are whole sentences around the match', async () => {
    const dues = (await search(shared.root(), 'lighthouse')).find((h) => h.page === 'wiki/sources/harbour-dues.md');
    expect(dues?.snippet).toBe('One ship passed the [lighthouse] at dawn. The dues were paid.');
    const ferry = (await search(shared.root(), 'lifeboat')).find((h) => h.page === 'wiki/sources/ferry-manual.md');
    expect(ferry?.snippet).toMatch(/^Each \[lifeboat\] hangs from a davit\./);
  });

  it('a name defined by a table row outranks a heading that only holds it inside a code name', async () => {
    const pages = (await search(shared.root(), 'max')).map((h) => h.page);
    expect(pages[0]).toBe('wiki/sources/aggregates.md');
    expect(pages).toContain('wiki/sources/wal-tuning.md');
  });

  it('ranks the words together above the same words apart', async () => {
    const pages = (await search(shared.root(), 'float', 'switch')).map((h) => h.page);
    expect(pages.indexOf('wiki/sources/bilge-alarms.md')).toBeGreaterThanOrEqual(0);
    expect(pages.indexOf('wiki/sources/bilge-alarms.md')).toBeLessThan(pages.indexOf('wiki/sources/deck-lights.md'));
  });
});

describe('a small KB where a query word is in most rows', () => {
  const sections = ['Entries', 'Sorting', 'Ranges', 'Cross references', 'Output'].map((t, i) => `## ${t}\n\nThe index gathers every entry of chapter ${i + 1}. Each index entry carries its page.\n`);
  const small = useKbWithDocs('kb-search-coord-', {
    'indexer-manual.md': `# Indexer Manual\n\nHow the indexer builds a book's back pages.\n\n${sections.join('\n')}\n## Layout\n\nThe index file sets the layout: columns, spacing and letter headings.\n`,
    'drawing-ovals.md': '# Drawing Ovals\n\nA companion style option draws ovals with rounded corners. The oval command takes a radius. Lines and arrows keep their slopes.\n',
  });

  it('ranks the section with more of the words first, though BM25 gives the common one no weight', async () => {
    const hits = await search(small.root(), 'index', 'style', 'file');
    expect(hits[0]!.page).toBe('wiki/sources/indexer-manual.md');
    expect(hits[0]!.title).toBe('Indexer Manual › Layout');
  });
});

describe('concept and entity pages in search', () => {
  it('count only for their statements: a page with none is never a hit, even named by the query', async () => {
    const work = fs.realpathSync(tempDir());
    const root = path.join(work, 'kb');
    const input = path.join(work, 'in');
    fs.mkdirSync(input);
    expect((await runKb(['init', root])).code).toBe(0);
    for (const name of ['ferry-manual.md', 'harbour-dues.md']) fs.writeFileSync(path.join(input, name), DOCS[name]!);
    expect((await kb(root, 'add', input)).code).toBe(0);
    // Topic pages as a user or an older kb may have left them; the next search indexes them.
    fs.mkdirSync(path.join(root, 'wiki', 'concepts'), { recursive: true });
    fs.writeFileSync(path.join(root, 'wiki', 'concepts', 'davit.md'), '---\ntitle: davit\ntype: concept\n---\n# davit\n\n## Documents\n\n### [[summaries/ferry-manual|Ferry Manual]]\n');
    fs.writeFileSync(path.join(root, 'wiki', 'concepts', 'ledger.md'), '---\ntitle: ledger\ntype: concept\n---\n# ledger\n\nThe ledger records the dues each ship pays by tonnage.\n');
    const db = new Database(path.join(root, '.kb', 'kb.db'));
    db.exec("UPDATE search_state SET value = 'missing'");
    db.close();
    const davit = await search(root, 'davit');
    expect(davit.map((h) => h.page)).not.toContain('wiki/concepts/davit.md');
    expect(davit[0]!.page).toBe('wiki/sources/ferry-manual.md');
    const ledger = (await search(root, 'ledger')).map((h) => h.page);
    expect(ledger).toContain('wiki/concepts/ledger.md');
    expect(ledger.indexOf('wiki/sources/harbour-dues.md')).toBeLessThan(ledger.indexOf('wiki/concepts/ledger.md'));
  });
});
