// index.md and the catalogue pages stay bounded however many documents a KB holds: catalogue
// pages are grouped past catalogSizes.links of them (compile/catalog-tree.ts). Sizes are lowered
// here (2 documents a page, 3 links a page) so that a three-level tree takes a few dozen
// documents; every commit is compileAdd/compileRemove applied for real on a temp KB.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyChangeset } from '../src/commit/apply-changeset.js';
import { STAGING_OWNER_FILE } from '../src/commit/sweep-orphans.js';
import { withKbLock } from '../src/commit/with-kb-lock.js';
import { currentOwner } from '../src/core/process-owner.js';
import { resolveInKb } from '../src/core/kb-relative-path.js';
import type { DocumentAnalysis } from '../src/analyze/analyze-document.js';
import { compileAdd } from '../src/compile/compile-add.js';
import { compileRemove } from '../src/compile/compile-remove.js';
import { catalogSizes, catalogTopLevel, groupOf, groupsToRewrite } from '../src/compile/catalog-tree.js';
import { expectedNavigationPages } from '../src/lint/navigation-pages.js';
import { makeTempKb } from './support/temp-kb.js';

type TempKb = ReturnType<typeof makeTempKb>;
const kbs: TempKb[] = [];
const defaults = { ...catalogSizes };
beforeEach(() => Object.assign(catalogSizes, { pageSize: 2, links: 3 }));
afterEach(() => {
  Object.assign(catalogSizes, defaults);
  for (const k of kbs.splice(0)) k.close();
});

const NOW = new Date('2026-01-02T03:04:05Z');

function readPage(k: TempKb, rel: string): string | undefined {
  try {
    return fs.readFileSync(resolveInKb(k.root, rel), 'utf8');
  } catch {
    return undefined;
  }
}

function analysis(n: number): DocumentAnalysis {
  const key = `topic ${n}`;
  return {
    title: `Document ${n}`,
    description: `About document ${n}.`,
    keyPoints: [],
    outline: [],
    long: false,
    concepts: [{ key, name: key, weight: 3, mentions: 3, codeMentions: 0, defined: true, sentences: [`A sentence about ${key}.`] }],
    entities: [],
  };
}

async function addDoc(k: TempKb, n: number): Promise<void> {
  const doc = `doc-${String(n).padStart(3, '0')}`;
  const staging = path.join(k.ctx.paths.staging, doc);
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, STAGING_OWNER_FILE), JSON.stringify(currentOwner()));
  const raw = `${doc}\n`;
  fs.writeFileSync(path.join(staging, 'raw'), raw);
  fs.writeFileSync(path.join(staging, 'source'), `---\ntitle: ${doc}\n---\n${raw}`);
  await withKbLock(k.ctx, 'exclusive', () => {
    const inputs = { store: k.ctx.store, readPage: (rel: string) => readPage(k, rel), now: NOW, compile: k.ctx.config.compile };
    const added = { doc, fileName: `${doc}.md`, originalPath: `/in/${doc}.md`, ext: '.md', hash: createHash('sha256').update(raw).digest('hex'), size: raw.length, analysis: analysis(n), sections: [] };
    applyChangeset(k.ctx, compileAdd(inputs, { ...added, stagedRaw: path.join(staging, 'raw'), stagedSource: path.join(staging, 'source') }));
  });
  fs.rmSync(staging, { recursive: true, force: true });
}

async function removeDoc(k: TempKb, n: number): Promise<void> {
  const row = k.ctx.store.documents.get(`doc-${String(n).padStart(3, '0')}`);
  if (!row) throw new Error(`no document ${n}`);
  await withKbLock(k.ctx, 'exclusive', () => applyChangeset(k.ctx, compileRemove({ store: k.ctx.store, readPage: (rel) => readPage(k, rel), now: NOW, compile: k.ctx.config.compile }, row)));
}

function catalogFiles(k: TempKb): string[] {
  const dir = path.join(k.root, 'wiki', 'catalog');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => `wiki/catalog/${f}`).sort() : [];
}

/**
 * index.md and every catalogue and group page: no more entries than a page holds, every
 * catalogue link resolves, and each reads exactly as lint expects it from the registry.
 */
function expectBoundedAndInSync(k: TempKb): void {
  const pages = ['wiki/index.md', ...catalogFiles(k)];
  for (const rel of pages) {
    const text = readPage(k, rel) ?? '';
    const entries = text.split('\n').filter((l) => l.startsWith('- [['));
    if (rel.includes('-pages-')) expect(entries.length, rel).toBeLessThanOrEqual(catalogSizes.links);
    else if (rel !== 'wiki/index.md') expect(entries.length, rel).toBeLessThanOrEqual(catalogSizes.pageSize);
    for (const [, target] of text.matchAll(/\[\[(catalog\/[^|\]]+)/g)) expect(fs.existsSync(path.join(k.root, 'wiki', `${target}.md`)), `${rel} links ${target}`).toBe(true);
  }
  const index = readPage(k, 'wiki/index.md') ?? '';
  const documents = index.slice(index.indexOf('## Documents'), index.indexOf('## Concepts'));
  expect(documents.match(/\[\[catalog\//g)?.length ?? 0).toBeLessThanOrEqual(catalogSizes.links);
  for (const line of index.split('\n').filter((l) => l.startsWith('All by name'))) expect(line.match(/\[\[catalog\//g)?.length ?? 0).toBeLessThanOrEqual(catalogSizes.links);
  for (const [rel, expected] of expectedNavigationPages(k.ctx.store, catalogFiles(k))) {
    expect(readPage(k, rel) ?? null, rel).toBe(expected);
  }
}

describe('the catalogue tree', () => {
  it('numbers groups by fixed page ranges and adds a level when the top one would hold too many', () => {
    expect([1, 3, 4, 9, 10, 27, 28].map(catalogTopLevel)).toEqual([1, 1, 2, 2, 3, 3, 4]);
    expect(groupOf(2, 5)).toEqual({ level: 2, from: 4, to: 6 });
    expect(groupOf(3, 10)).toEqual({ level: 3, from: 10, to: 18 });
    // Page 4 opened: level 2 appears whole; page 5 changed: its group at levels 2 and up.
    expect(groupsToRewrite(4, 3, 4)).toEqual([groupOf(2, 1), groupOf(2, 4)]);
    expect(groupsToRewrite(5, 5, 5)).toEqual([groupOf(2, 5)]);
  });

  it('keeps index.md, every catalogue page and every group page bounded as documents come and go', async () => {
    const k = makeTempKb();
    kbs.push(k);
    k.ctx.config.compile = { concepts_per_document: 1, max_sections_per_concept: 8 };
    // 40 documents: 20 catalogue pages of 2, three levels (groups of 3 pages, of 9 pages).
    for (let n = 1; n <= 40; n++) {
      await addDoc(k, n);
      if (n % 7 === 0 || n === 40) expectBoundedAndInSync(k);
    }
    expect(catalogFiles(k)).toContain('wiki/catalog/documents-pages-001-009.md');
    expect(catalogFiles(k)).toContain('wiki/catalog/documents-pages-019-027.md');
    expect(catalogFiles(k)).toContain('wiki/catalog/concepts-pages-019-027.md');
    const index = readPage(k, 'wiki/index.md') ?? '';
    expect(index).toContain('40 documents, listed on catalogue pages, here 9 pages to a line:');
    expect(index).toContain('- [[catalog/documents-pages-001-009|doc-001 … doc-018]] (18 documents, catalogue pages 1–9)');
    expect(readPage(k, 'wiki/catalog/concepts-pages-019-027.md')).toContain('- [[catalog/concepts-pages-019-021|Concepts, catalogue pages 19–21]]');
    expect(readPage(k, 'wiki/catalog/documents-pages-019-027.md')).toContain('- [[catalog/documents-pages-019-021|doc-037 … doc-040]] (4 documents, catalogue pages 19–21)');

    // Emptying the last pages shrinks the tree: the level above 9 pages goes.
    for (let n = 40; n >= 19; n--) await removeDoc(k, n);
    expectBoundedAndInSync(k);
    expect(catalogFiles(k).filter((f) => f.startsWith('wiki/catalog/documents-pages-'))).toEqual(['wiki/catalog/documents-pages-001-003.md', 'wiki/catalog/documents-pages-004-006.md', 'wiki/catalog/documents-pages-007-009.md']);
    // A group emptied in the middle goes too, and index.md stops linking it.
    for (const n of [7, 8, 9, 10, 11, 12]) await removeDoc(k, n);
    expectBoundedAndInSync(k);
    expect(catalogFiles(k)).not.toContain('wiki/catalog/documents-pages-004-006.md');
  });

  it('writes the group pages a KB from before them lacks at its next commit', async () => {
    const k = makeTempKb();
    kbs.push(k);
    for (let n = 1; n <= 9; n++) await addDoc(k, n);
    for (const rel of catalogFiles(k).filter((f) => f.includes('-pages-'))) {
      fs.rmSync(path.join(k.root, rel));
      k.ctx.store.db.prepare('DELETE FROM page_records WHERE path = ?').run(rel);
    }
    await addDoc(k, 10);
    expectBoundedAndInSync(k);
  });
});

describe('index.md past catalogSizes.links topic catalogue pages', () => {
  it('links groups of them, one line of bounded length', async () => {
    const { renderIndexPage } = await import('../src/compile/index-page.js');
    const top = [{ key: 'a', slug: 'a', name: 'a', docs: 2, description: '', catalog_page: 1 }];
    const page = renderIndexPage({ totalDocuments: 0, inlineDocuments: [], catalogPages: [], concepts: { total: 60, top, catalogPages: 5 }, explorations: { total: 0, recent: [] } });
    expect(page).toContain('All by name, on catalogue pages [[catalog/concepts-pages-001-003|1–3]] · [[catalog/concepts-pages-004-006|4–6]]\n');
  });
});

describe('a commit at any size', () => {
  it('reads the registry through index lookups and LIMIT-bounded ranges only, never a scan of a table', async () => {
    const k = makeTempKb();
    kbs.push(k);
    for (let n = 1; n <= 12; n++) await addDoc(k, n);
    await removeDoc(k, 3);
    // Every statement the commits prepared (SqliteConnection caches each by its text).
    const statements = (k.ctx.store as unknown as { connection: { statements: Map<string, unknown> } }).connection.statements;
    const scans: string[] = [];
    for (const sql of statements.keys()) {
      if (/\bLIMIT\b/i.test(sql) || !/^\s*(SELECT|WITH)/i.test(sql)) continue;
      const plan = k.ctx.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 1)) as { detail: string }[];
      // FTS5 and the one-row tables kept by triggers aside, a scan reads the whole table.
      for (const { detail } of plan) if (/^SCAN (?!search_text|row_counts|document_catalog|kb_meta|search_state)/.test(detail)) scans.push(`${detail}: ${sql.replace(/\s+/g, ' ')}`);
    }
    expect(scans).toEqual([]);
  });
});
