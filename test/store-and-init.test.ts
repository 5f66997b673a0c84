import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { initKb } from '../src/commands/init.js';
import { isKbError } from '../src/core/errors.js';
import { migrations } from '../src/store/migrations.js';
import type { RegistryOp } from '../src/model/registry.js';
import { Store } from '../src/store/store.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-init-');

/** kb.db as an older kb left it: the first `version` migrations, and a row for each named document. */
function databaseAtVersion(version: number, docs: readonly string[]): { file: string; db: Database.Database } {
  const file = path.join(tempDir(), 'kb.db');
  const db = new Database(file);
  for (const [done, sql] of migrations.slice(0, version).entries()) {
    db.exec(sql);
    db.pragma(`user_version = ${done + 1}`);
  }
  const insert = db.prepare(`INSERT INTO documents (name, title, hash, original_path, raw_path, source_path, summary_path, size, added_at, updated_at, catalog_page)
                             VALUES (@name, @name, @name, '/' || @name || '.md', 'raw/' || @name || '.md', 'wiki/sources/' || @name || '.md', 'wiki/summaries/' || @name || '.md', 1, 't', 't', 1)`);
  for (const name of docs) insert.run({ name });
  return { file, db };
}

describe('Store', () => {
  it('migrates a new database to the latest version in WAL mode, and reopens without migrating again', () => {
    const file = path.join(tempDir(), 'kb.db');
    const store = Store.open(file);
    expect(store.schemaVersion()).toBe(migrations.length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.commit([], { journalId: 'j1', op: 'x', detail: 'y', committedAt: 'now' });
    store.close();
    const again = Store.open(file);
    expect(again.commits.isCommitted('j1')).toBe(true);
    again.close();
  });

  it('reads page stamps in batches by path: every record once, in path order, across batch ends', () => {
    const store = Store.open(path.join(tempDir(), 'kb.db'));
    // Not inserted in path order, with one path a prefix of another and an upper-case one (BINARY order).
    const paths = ['wiki/sources/b.md', 'wiki/Z.md', 'wiki/sources/a.md', 'wiki/sources/a.md.md', 'wiki/concepts/x.md'];
    const record = (p: string, i: number) => ({ path: p, sha256: 's', size: 10 + i, mtime_ms: 1.5 + i, body_bytes: 10, body_sha256: 'b', kb_keys: '' });
    store.commit(paths.map((p, i) => ({ kind: 'recordPage', record: record(p, i) })), { journalId: 'j1', op: 'x', detail: 'y', committedAt: 'now' });
    const expected = paths.map((p, i) => [p, 10 + i, 1.5 + i, 10]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    for (const size of [1, 2, 5, 1024]) {
      const batches = [...store.pages.stampBatches({}, size)];
      expect(batches.every((b) => b.length <= size)).toBe(true);
      expect(batches.flat()).toEqual(expected);
    }
    store.close();
  });

  it('rolls the whole commit back on an op of a kind no repository applies, instead of dropping it', () => {
    const store = Store.open(path.join(tempDir(), 'kb.db'));
    const bogus = { kind: 'renameEverything' } as unknown as RegistryOp;
    expect(() => store.commit([{ kind: 'setMeta', key: 'k', value: 'v' }, bogus], { journalId: 'j1', op: 'x', detail: 'y', committedAt: 'now' })).toThrow(/unknown kind "renameEverything"/);
    expect(store.commits.isCommitted('j1')).toBe(false);
    expect(store.db.prepare("SELECT count(*) AS n FROM kb_meta WHERE key = 'k'").get()).toEqual({ n: 0 });
    store.close();
  });

  it('migration 4 gives every existing membership its page\'s name (and type) and drops the document-frequency tables', () => {
    const { file, db } = databaseAtVersion(3, ['a']);
    db.exec(`INSERT INTO concepts (key, slug, name, docs, catalog_page) VALUES ('tide table', 'tide-table', 'Tide Tables', 1, 1)`);
    db.exec(`INSERT INTO concept_docs (concept, doc, score, mentions, sentences) VALUES ('tide table', 'a', 1, 2, '[]')`);
    db.exec(`INSERT INTO entities (key, slug, name, type, docs, catalog_page) VALUES ('ada', 'ada', 'Ada', 'person', 1, 1)`);
    db.exec(`INSERT INTO entity_docs (entity, doc, score, mentions, sentences) VALUES ('ada', 'a', 1, 2, '[]')`);
    db.close();
    const store = Store.open(file);
    expect(store.schemaVersion()).toBe(migrations.length);
    expect(store.topics.topMembers('concept', 'tide table', '', 5)).toMatchObject([{ doc: 'a', name: 'Tide Tables' }]);
    expect(store.topics.topMembers('entity', 'ada', '', 5)).toMatchObject([{ doc: 'a', name: 'Ada', type: 'person' }]);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name IN ('concept_df', 'document_df_keys')").all()).toEqual([]);
    store.close();
  });

  it('migration 8 ranks each document\'s registered concepts by score, and member counts are a query', () => {
    const { file, db } = databaseAtVersion(7, ['a', 'b']);
    for (const [concept, doc, score] of [['wal', 'a', 2], ['vacuum', 'a', 5], ['lock', 'a', 2], ['wal', 'b', 1]] as const) {
      db.prepare(`INSERT INTO concept_docs (concept, doc, name, score, mentions, sentences) VALUES (?, ?, ?, ?, 1, '[]')`).run(concept, doc, concept, score);
    }
    db.close();
    const store = Store.open(file);
    expect(store.schemaVersion()).toBe(migrations.length);
    // Best score first; equal scores by key, as rank-concepts.ts orders them.
    expect(store.topics.namesOfDocument('concept', 'a').map((n) => [n.key, n.rank])).toEqual([['lock', 1], ['vacuum', 0], ['wal', 2]]);
    expect(store.topics.memberStats('concept', 'wal', 'a')).toEqual({ count: 1, bestRank: 0 });
    expect(store.topics.memberStats('concept', 'wal', '')).toEqual({ count: 2, bestRank: 0 });
    expect(store.topics.memberStats('concept', 'nothing', '')).toEqual({ count: 0, bestRank: Infinity });
    store.close();
  });

  it('migration 9 counts rows and catalogue pages once, and triggers keep them as rows come, move and go', () => {
    const { file, db } = databaseAtVersion(8, ['b', 'a', 'c']);
    db.exec(`UPDATE documents SET catalog_page = 2 WHERE name = 'c'`);
    db.exec(`INSERT INTO concepts (key, slug, name, docs, catalog_page) VALUES ('wal', 'wal', 'WAL', 1, 1)`);
    db.close();
    const store = Store.open(file);
    expect(store.documents.count()).toBe(3);
    expect(store.topics.count('concept')).toBe(1);
    expect(store.topics.count('entity')).toBe(0);
    expect(store.documents.catalogPages()).toEqual([
      { page: 1, count: 2, first: 'a', last: 'b' },
      { page: 2, count: 1, first: 'c', last: 'c' },
    ]);
    const doc = (name: string, page: number) => ({ name, title: name, hash: name, original_path: `/${name}`, raw_path: `raw/${name}`, source_path: `s/${name}`, summary_path: `m/${name}`, size: 1, added_at: 't', updated_at: 't', pages: null, description: '', catalog_page: page });
    const record = (journalId: string) => ({ journalId, op: 'x', detail: 'y', committedAt: 'now' });
    store.commit([{ kind: 'upsertDocument', doc: doc('0', 2) }, { kind: 'upsertDocument', doc: doc('b', 2) }, { kind: 'deleteDocument', name: 'a' }, { kind: 'deleteTopic', topic: 'concept', key: 'wal' }], record('j1'));
    expect(store.documents.count()).toBe(3);
    expect(store.topics.count('concept')).toBe(0);
    expect(store.documents.catalogPages()).toEqual([{ page: 2, count: 3, first: '0', last: 'c' }]);
    expect(store.documents.lastCatalogPage()).toEqual({ page: 2, count: 3 });
    expect(store.documents.catalogPages(3, 9)).toEqual([]);
    store.close();
  });

  it('refuses a database from a newer kb with exit 3', () => {
    const file = path.join(tempDir(), 'kb.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    try {
      Store.open(file);
      expect.unreachable();
    } catch (error) {
      expect(isKbError(error) && error.exitCode).toBe(3);
      expect(String(error)).toMatch(/newer than this kb/);
    }
  });
});

describe('initKb', () => {
  it('creates the on-disk layout of DESIGN.md', () => {
    const root = tempDir();
    initKb(root, new Date(2026, 0, 2, 3, 4, 5));
    for (const p of ['raw', 'wiki/sources', 'wiki/summaries', 'wiki/concepts', 'wiki/entities', 'wiki/explorations', 'wiki/reports', '.kb/journal', '.kb/backup', '.kb/staging', '.kb/logs']) {
      expect(fs.statSync(path.join(root, p)).isDirectory(), p).toBe(true);
    }
    for (const p of ['wiki/AGENTS.md', 'wiki/index.md', 'wiki/log.md', '.kb/config.yaml', '.kb/kb.db', '.kb/lock']) {
      expect(fs.statSync(path.join(root, p)).isFile(), p).toBe(true);
    }
    expect(fs.readFileSync(path.join(root, 'wiki/log.md'), 'utf8')).toContain('## [2026-01-02 03:04:05] init | knowledge base created');
    expect(fs.readFileSync(path.join(root, 'wiki/index.md'), 'utf8')).toMatch(/## Documents[\s\S]*## Concepts[\s\S]*## Entities[\s\S]*## Explorations/);
    expect(fs.readdirSync(root).filter((n) => n.startsWith('.kb.init'))).toEqual([]);
  });

  it('refuses an existing KB with exit 3, and keeps files a user already had', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'wiki'));
    fs.writeFileSync(path.join(root, 'wiki', 'AGENTS.md'), 'my own conventions');
    initKb(root, new Date());
    expect(fs.readFileSync(path.join(root, 'wiki', 'AGENTS.md'), 'utf8')).toBe('my own conventions');
    try {
      initKb(root, new Date());
      expect.unreachable();
    } catch (error) {
      expect(isKbError(error) && error.exitCode).toBe(3);
    }
  });

  it('finishes after an init that died before its final rename', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '.kb.init-999999999', 'journal'), { recursive: true });
    initKb(root, new Date());
    expect(fs.existsSync(path.join(root, '.kb', 'kb.db'))).toBe(true);
    expect(fs.existsSync(path.join(root, '.kb.init-999999999'))).toBe(false);
  });

  it('records the skeleton pages a dead init wrote as kb pages, and a user index.md as theirs', () => {
    const root = tempDir();
    initKb(root, new Date('2026-01-02T03:04:05Z'));
    // As if that init had died before its final rename: the pages are there, .kb/ is not.
    fs.rmSync(path.join(root, '.kb'), { recursive: true });
    initKb(root, new Date('2026-02-03T04:05:06Z'));
    const store = Store.open(path.join(root, '.kb', 'kb.db'));
    try {
      expect(store.pages.record('wiki/index.md')).toBeDefined();
      expect(store.pages.record('wiki/log.md')).toBeDefined();
    } finally {
      store.close();
    }
    const other = tempDir();
    fs.mkdirSync(path.join(other, 'wiki'), { recursive: true });
    fs.writeFileSync(path.join(other, 'wiki', 'index.md'), '# My own index\n');
    initKb(other, new Date());
    const mine = Store.open(path.join(other, '.kb', 'kb.db'));
    try {
      expect(mine.pages.record('wiki/index.md')).toBeUndefined();
      expect(mine.pages.record('wiki/log.md')).toBeDefined();
    } finally {
      mine.close();
    }
  });
});
