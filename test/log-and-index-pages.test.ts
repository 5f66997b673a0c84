import { describe, expect, it } from 'vitest';
import { choosePageForNewDocument, renderCatalogPage } from '../src/compile/catalog-pages.js';
import { catalogSizes } from '../src/compile/catalog-tree.js';
import { renderIndexPage } from '../src/compile/index-page.js';
import { appendLogEntry, LOG_ARCHIVE_BATCH, LOG_MAX } from '../src/compile/log-page.js';
import { logEntry, logPage } from '../src/core/wiki-skeleton.js';
import type { DocumentRow } from '../src/model/registry.js';

const row = (name: string): DocumentRow => ({
  name, title: name.toUpperCase(), hash: 'h', original_path: '', raw_path: '', source_path: '', summary_path: '', size: 1,
  added_at: '', updated_at: '', description: `about ${name}`,
});

describe('log.md', () => {
  it('appends entries and moves the oldest to a numbered archive page once it is full, so it never grows without bound', () => {
    let page = logPage(logEntry(new Date(2026, 0, 1), 'init', 'created'));
    const archives: { path: string; content: string }[] = [];
    for (let i = 0; i < LOG_MAX * 2; i++) {
      const update = appendLogEntry(page, `## [2026-01-01 00:00:00] add | doc-${i}`);
      page = update.logPage;
      if (update.archive) archives.push(update.archive);
    }
    expect(archives.map((a) => a.path)).toEqual(['wiki/log/0001.md', 'wiki/log/0002.md', 'wiki/log/0003.md']);
    expect(archives[0]?.content).toContain('init | created');
    expect(archives[1]?.content).toContain('Earlier entries: [[log/0001]]');
    const entries = page.split('\n').filter((l) => l.startsWith('## ['));
    expect(entries.length).toBeLessThanOrEqual(LOG_MAX);
    expect(entries.length).toBe(LOG_MAX * 2 + 1 - 3 * LOG_ARCHIVE_BATCH);
    expect(entries.at(-1)).toBe(`## [2026-01-01 00:00:00] add | doc-${LOG_MAX * 2 - 1}`);
    expect(page).toContain('Earlier entries: [[log/0003]]');
  });
});

const NO_EXPLORATIONS = { total: 0, recent: [] };

describe('index.md and catalogue pages', () => {
  it('lists documents inline while they fit one catalogue page, and catalogue pages after', () => {
    const small = renderIndexPage({ totalDocuments: 2, inlineDocuments: [row('a'), row('b')], catalogPages: [], explorations: NO_EXPLORATIONS });
    expect(small).toContain('- [[summaries/a|A]] — about a');
    const big = renderIndexPage({ totalDocuments: 401, inlineDocuments: [], catalogPages: [{ page: 1, count: 200, first: 'a', last: 'm' }, { page: 2, count: 200, first: 'b', last: 'z' }, { page: 3, count: 1, first: 'q', last: 'q' }], explorations: NO_EXPLORATIONS });
    expect(big).toContain('401 documents');
    expect(big).toContain('- [[catalog/documents-002|b … z]] (200)');
    expect(big.length).toBeLessThan(2000);
  });

  it('lists the newest explorations, and how many there are when not all fit', () => {
    const recent = [{ slug: 'why-tides', title: 'Why do tides [rise]?', created_at: '2026-03-04T05:06:07.000Z' }];
    const page = renderIndexPage({ totalDocuments: 0, inlineDocuments: [], catalogPages: [], explorations: { total: 120, recent } });
    expect(page).toContain('## Explorations\n\n120 saved answers and chats; the 1 newest:\n\n- [[explorations/why-tides|Why do tides rise ?]] (2026-03-04)');
  });

  it('tells documents with equal titles apart by their file names, on index.md and on a catalogue page', () => {
    const news = (name: string, file: string): DocumentRow => ({ ...row(name), title: 'LATEX News', original_path: `/docs/${file}` });
    const docs = [news('ltnews08', 'ltnews08.pdf'), news('ltnews32', 'ltnews32.pdf'), row('other')];
    for (const page of [renderIndexPage({ totalDocuments: 3, inlineDocuments: docs, catalogPages: [], explorations: NO_EXPLORATIONS }), renderCatalogPage(1, docs)]) {
      expect(page).toContain('- [[summaries/ltnews08|LATEX News (ltnews08)]]');
      expect(page).toContain('- [[summaries/ltnews32|LATEX News (ltnews32)]]');
      expect(page).toContain('- [[summaries/other|OTHER]]');
    }
    // Equal file names in two folders: the document names (unique in the KB) tell them apart.
    const readmes = [{ ...row('readme'), title: 'Installation', original_path: '/a/README.md' }, { ...row('readme-2'), title: 'Installation', original_path: '/b/README.md' }];
    expect(renderCatalogPage(1, readmes)).toContain('[[summaries/readme-2|Installation (readme-2)]]');
  });

  it('fills a catalogue page before opening the next', () => {
    expect(choosePageForNewDocument({ page: 0, count: 0 })).toBe(1);
    expect(choosePageForNewDocument({ page: 1, count: catalogSizes.pageSize - 1 })).toBe(1);
    expect(choosePageForNewDocument({ page: 1, count: catalogSizes.pageSize })).toBe(2);
    expect(renderCatalogPage(2, [row('b'), row('a')])).toMatch(/\[\[summaries\/a\|A\]\][\s\S]*\[\[summaries\/b\|B\]\]/);
  });
});

describe('escapeWikiLinks', () => {
  it('leaves no [[ in text taken from documents, whatever the run of brackets', async () => {
    const { escapeWikiLinks } = await import('../src/model/render-page.js');
    const { extractWikiLinks } = await import('../src/core/wikilinks.js');
    for (const text of ['[[summary]]', '- [[[1]]] ref', '[[[[x]]]]', 'a [b] [[c|d]]']) {
      expect(extractWikiLinks(escapeWikiLinks(text)), text).toEqual([]);
    }
    expect(escapeWikiLinks('[[[1]]]')).toBe('\\[\\[\\[1]]]');
    expect(escapeWikiLinks('one [bracket]')).toBe('one [bracket]');
  });
});
