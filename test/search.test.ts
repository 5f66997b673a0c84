// `kb search` through the built binary on real temp KBs: BM25 ranking with titles and
// headings weighted, source pages searched section by section, any user text accepted, and
// the index agreeing with the files after add, remove, a SIGKILL mid-commit and doctor --repair.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult as Hit } from '../src/commands/search.js';
import { findPassages } from '../src/search/find-passages.js';
import { Store } from '../src/store/store.js';
import { newKb } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useKbWithDocs } from './support/kb-with-docs.js';
import { useTempDirs } from './support/temp-dirs.js';
import { kbAt, searchJson } from './support/search-json.js';

const tempDir = useTempDirs('kb-search-');

const DOCS: Record<string, string> = {
  // "lighthouse" in the title and a heading.
  'lighthouse-keeping.md': '# Lighthouse Keeping\n\nKeepers trimmed the lamp wick every evening.\n\n## The lighthouse lens\n\nA Fresnel lens focuses the lamp into a beam seen twenty miles out.\n',
  // "lighthouse" once, in passing, in a long body.
  'harbour-dues.md': `# Harbour Dues\n\nShips pay dues by tonnage when they berth. ${'The harbour master keeps the ledger of dues and berths. '.repeat(12)}One ship passed the lighthouse at dawn.\n`,
  // Sections: a long manual whose hit is in one chapter.
  // Other subjects, so that BM25's document frequencies mean something in a small KB.
  ...Object.fromEntries(
    ['Sailmaking canvas and needles', 'Tide tables and moon phases', 'Rope splicing for deck hands', 'Galley cooking on long voyages', 'Navigation by sextant and stars', 'Painting hulls against fouling'].map((title, i) => [
      `other-${i}.md`,
      `# ${title}\n\n${title} is a craft of the harbour. Apprentices learn ${title.toLowerCase()} from the older hands over a season.\n`,
    ]),
  ),
  'tug-manual.md': ['# Tug Manual', '', 'How the harbour tugs work.', '', '## Towing lines', '', 'Towing lines are made of nylon and checked for chafe before each tow.', '', '## Engine room', '', 'The engine room holds two diesel engines; the bilge pump runs on a float switch.', ''].join('\n'),
};

const kb = kbAt;
const search = searchJson;

describe('kb search', () => {
  // These tests only read, so they share one KB.
  const shared = useKbWithDocs('kb-search-shared-', DOCS);
  let root = '';
  beforeAll(() => {
    root = shared.root();
  });

  it('ranks a page whose title and headings carry the word above one that mentions it in passing', async () => {
    const hits = await search(root, 'lighthouse');
    const rank = (page: string): number => hits.findIndex((h) => h.page === page);
    // One line per document, at its best section (the source page), not its summary.
    expect(rank('wiki/sources/lighthouse-keeping.md')).toBeGreaterThanOrEqual(0);
    expect(rank('wiki/sources/harbour-dues.md')).toBeGreaterThanOrEqual(0);
    expect(rank('wiki/sources/lighthouse-keeping.md')).toBeLessThan(rank('wiki/sources/harbour-dues.md'));
    expect(hits[0]!.title).toMatch(/Lighthouse/);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    // The section named by the word, with its first whole sentence: its body does not repeat the word.
    expect(hits[0]!.title).toBe('Lighthouse Keeping › The lighthouse lens');
    expect(hits[0]!.snippet).toBe('A Fresnel lens focuses the lamp into a beam seen twenty miles out.');
  });

  it('finds a source page by section, naming the section', async () => {
    const hits = await search(root, 'bilge', 'pump');
    const source = hits.find((h) => h.page === 'wiki/sources/tug-manual.md');
    expect(source?.title).toBe('Tug Manual › Engine room');
    expect(source?.section).toBe(2);
    expect(source?.snippet).toMatch(/\[bilge\] \[pump\]/);
  });

  it('puts rows with every word before rows with some, and stems words', async () => {
    const hits = await search(root, 'towing', 'nylon', 'zeppelin');
    expect(hits.length).toBeGreaterThan(0); // no row has "zeppelin": rows with some words still come
    expect((await search(root, 'keeper')).some((h) => h.page.endsWith('lighthouse-keeping.md'))).toBe(true); // "Keepers"
  });

  it('takes any text: quotes, FTS operators, column filters, brackets, SQL and emoji never raise an error', async () => {
    const hostile = ['"', "'", '"unbalanced lighthouse', 'NOT', 'AND OR NOT', 'lighthouse*', '^lamp', 'title:lighthouse', 'NEAR(lamp wick)', '(', ')', '-', '--', '\\', "'; DROP TABLE documents; --", '🚢 lighthouse 🚢', '{body}:x', 'a'.repeat(5000), '***', 'lamp + wick - beam', 'col1 : "x" OR'];
    // Each through the real index (the same function kb search runs); three through the binary.
    const store = Store.open(path.join(root, '.kb', 'kb.db'));
    try {
      for (const text of hostile) expect(() => findPassages(store, text, 10), JSON.stringify(text.slice(0, 40))).not.toThrow();
    } finally {
      store.close();
    }
    for (const text of ['"', 'NEAR(lamp wick)', "'; DROP TABLE documents; --"]) {
      const run = await kb(root, '--json', 'search', '--', text);
      expect(run.code, `${JSON.stringify(text)}: ${run.stderr}`).toBe(0);
      expect(Array.isArray(JSON.parse(run.stdout))).toBe(true);
    }
    expect((await search(root, '--', '"unbalanced lighthouse')).length).toBeGreaterThan(0);
    expect((await search(root, '--', 'title:lighthouse')).length).toBeGreaterThan(0);
    const plain = await kb(root, 'search', '--', '"?!');
    expect(plain.stdout).toMatch(/^no match for/);
  });

  it('rejects a bad --limit and blank text with exit 2 and honours a good limit', async () => {
    for (const bad of ['0', '-1', 'x', '1.5', '1001']) expect((await kb(root, 'search', 'lamp', '--limit', bad)).code).toBe(2);
    const blank = await kb(root, 'search', ' ', '');
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('the search text is empty');
    expect(await search(root, 'harbour', '--limit', '2')).toHaveLength(2);
  });
});

describe('search index and files agree', () => {
  it('after remove, add, a SIGKILL mid-commit, and a rebuild by doctor --repair', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    const input = path.join(work, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'quay.md'), DOCS['lighthouse-keeping.md']!);
    fs.writeFileSync(path.join(input, 'tug.md'), DOCS['tug-manual.md']!);
    expect((await kb(root, 'add', input)).code).toBe(0);
    const pagesFor = async (word: string): Promise<string[]> => [...new Set((await search(root, word)).map((h) => h.page))].sort();
    expect(await pagesFor('fresnel')).toContain('wiki/sources/quay.md');

    expect((await kb(root, 'remove', 'quay', '--yes')).code).toBe(0);
    expect(await pagesFor('fresnel')).toEqual([]);

    // Killed after its files were in place, before the commit point: rolled back, not searchable.
    fs.writeFileSync(path.join(input, 'quay.md'), `${DOCS['lighthouse-keeping.md']}\nThe fog signal sounds in fog.\n`);
    const crashed = await runKb(['--kb', root, 'add', path.join(input, 'quay.md')], { env: { KB_TEST_CRASH_AT: 'targets-synced' } });
    expect(crashed.signal).toBe('SIGKILL');
    expect(await pagesFor('fog')).toEqual([]);
    expect((await kb(root, 'doctor')).code).toBe(0);

    expect((await kb(root, 'add', path.join(input, 'quay.md'))).code).toBe(0);
    expect(await pagesFor('fog')).toContain('wiki/sources/quay.md');

    // Rows lost behind kb's back: doctor names the pages, --repair rebuilds, search finds them again.
    const db = new Database(path.join(root, '.kb', 'kb.db'));
    db.exec('DELETE FROM search_text; DELETE FROM search_rows;');
    db.close();
    const doctor = await kb(root, 'doctor');
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/search-unindexed\s+wiki\/sources\/quay\.md/);
    const repair = await kb(root, 'doctor', '--repair');
    expect(repair.stdout).toMatch(/rebuilt the search index/);
    expect(repair.code, repair.stdout).toBe(0);
    expect(await pagesFor('fog')).toContain('wiki/sources/quay.md');
  });

  it('a KB from before the index existed gets it built by its first search', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    const input = path.join(work, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'tug.md'), DOCS['tug-manual.md']!);
    expect((await kb(root, 'add', input)).code).toBe(0);
    const db = new Database(path.join(root, '.kb', 'kb.db'));
    db.exec("DELETE FROM search_text; DELETE FROM search_rows; UPDATE search_state SET value = 'missing';");
    db.close();
    expect((await kb(root, 'doctor')).code).toBe(0); // not a violation before the first build
    const run = await kb(root, '--json', 'search', 'diesel');
    expect(run.stderr).toMatch(/built the search index/);
    expect((JSON.parse(run.stdout) as Hit[]).map((h) => h.page)).toContain('wiki/sources/tug.md');
    expect((await kb(root, 'search', 'diesel')).stderr).not.toMatch(/built the search index/);
  });
});
