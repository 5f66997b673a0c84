// opsChangeRows answers what a copy of kb.db and a diff of whole tables answer (the oracle
// here), for ops that change nothing, change a row, cascade, or change and change back, and
// leaves kb.db as it found it: same rows, no temporary triggers, no open transaction.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffRegistry } from '../src/store/diff-registry.js';
import { opsChangeRows } from '../src/store/ops-change-rows.js';
import { Store } from '../src/store/store.js';
import type { DocumentRow, RegistryOp, SectionRow, TopicMember, TopicRow } from '../src/model/registry.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-ops-change-rows-');
const TABLES = ['documents', 'sections', 'concepts', 'concept_docs', 'entities', 'entity_docs', 'page_links'];

const doc = (name: string, title = `Title of ${name}`): DocumentRow => ({
  name, title, hash: `h-${name}`, original_path: `/in/${name}.md`, raw_path: `raw/${name}.md`, source_path: `wiki/sources/${name}.md`,
  summary_path: `wiki/summaries/${name}.md`, size: 1, added_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', pages: null, description: '', catalog_page: 1,
});
const section = (idx: number, title: string): SectionRow => ({ idx, title, level: 1, start_offset: idx * 10, end_offset: idx * 10 + 9, page_start: null, page_end: null });
const concept = (key: string, description = ''): TopicRow => ({ key, slug: key, name: key, docs: 1, description, catalog_page: 1 });
const member = (docName: string, score: number): TopicMember => ({ doc: docName, name: 'tide', score, mentions: 2, sentences: ['x'] });
const record = (id: string) => ({ journalId: id, op: 'test', detail: id, committedAt: '2026-01-01T00:00:00.000Z' });

function seeded(dir: string): Store {
  const store = Store.open(path.join(dir, 'kb.db'));
  store.commit(
    [
      { kind: 'upsertDocument', doc: doc('a') },
      { kind: 'upsertDocument', doc: doc('b') },
      { kind: 'replaceSections', doc: 'a', sections: [section(0, 'One'), section(1, 'Two')] },
      { kind: 'replaceSections', doc: 'b', sections: [section(0, 'Only')] },
      { kind: 'upsertTopic', topic: 'concept', row: concept('tide') },
      { kind: 'setTopicMember', topic: 'concept', key: 'tide', member: member('a', 1.5) },
      { kind: 'setTopicMember', topic: 'concept', key: 'tide', member: member('b', 0.5) },
      { kind: 'setPageLinks', page: 'wiki/summaries/a.md', targets: ['wiki/concepts/tide.md'] },
    ],
    record('seed'),
  );
  return store;
}

/** The oracle: the ops committed to a copy of kb.db, whole tables compared with the live ones. */
function copyDiffers(store: Store, dir: string, ops: readonly RegistryOp[], n: number): boolean {
  const file = path.join(dir, `copy-${n}.db`);
  store.db.prepare('VACUUM INTO ?').run(file);
  const copy = Store.open(file);
  try {
    copy.commit(ops, record(`copy-${n}`));
    return diffRegistry(copy, path.join(dir, 'kb.db'), TABLES).length > 0;
  } finally {
    copy.close();
  }
}

function everyRow(store: Store): Record<string, unknown[]> {
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, store.db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]));
}

const CASES: Array<[what: string, ops: RegistryOp[], changes: boolean]> = [
  ['the same rows written again', [
    { kind: 'upsertDocument', doc: doc('a') },
    { kind: 'replaceSections', doc: 'a', sections: [section(0, 'One'), section(1, 'Two')] },
    { kind: 'upsertTopic', topic: 'concept', row: concept('tide') },
    { kind: 'setTopicMember', topic: 'concept', key: 'tide', member: member('a', 1.5) },
    { kind: 'setPageLinks', page: 'wiki/summaries/a.md', targets: ['wiki/concepts/tide.md'] },
  ], false],
  ['one section retitled', [{ kind: 'replaceSections', doc: 'a', sections: [section(0, 'One'), section(1, 'Second')] }], true],
  ['one section fewer', [{ kind: 'replaceSections', doc: 'a', sections: [section(0, 'One')] }], true],
  ['a member scored differently', [{ kind: 'setTopicMember', topic: 'concept', key: 'tide', member: member('b', 0.75) }], true],
  ['a concept described differently', [{ kind: 'upsertTopic', topic: 'concept', row: concept('tide', 'Tides rise.') }], true],
  ['a new concept', [{ kind: 'upsertTopic', topic: 'concept', row: concept('moon') }], true],
  ['a link changed', [{ kind: 'setPageLinks', page: 'wiki/summaries/a.md', targets: ['wiki/concepts/moon.md'] }], true],
  // Deleting a document cascades to its sections and memberships; putting back only its row leaves them gone.
  ['a document deleted and its row put back', [{ kind: 'deleteDocument', name: 'b' }, { kind: 'upsertDocument', doc: doc('b') }], true],
  ['a document deleted and all of it put back', [
    { kind: 'deleteDocument', name: 'b' },
    { kind: 'upsertDocument', doc: doc('b') },
    { kind: 'replaceSections', doc: 'b', sections: [section(0, 'Only')] },
    { kind: 'setTopicMember', topic: 'concept', key: 'tide', member: member('b', 0.5) },
  ], false],
  ['a row changed and changed back', [
    { kind: 'upsertTopic', topic: 'concept', row: concept('tide', 'for a moment') },
    { kind: 'upsertTopic', topic: 'concept', row: concept('tide') },
  ], false],
  ['no ops', [], false],
];

describe('opsChangeRows', () => {
  it.each(CASES)('%s: answers as a copy and a diff of whole tables do, and leaves kb.db as it was', (_what, ops, changes) => {
    const dir = tempDir();
    const store = seeded(dir);
    try {
      const before = everyRow(store);
      expect(copyDiffers(store, dir, ops, 1)).toBe(changes);
      expect(opsChangeRows(store, ops, TABLES)).toBe(changes);
      expect(everyRow(store)).toEqual(before);
      expect(store.db.inTransaction).toBe(false);
      expect(store.db.prepare("SELECT count(*) FROM sqlite_temp_master").pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('refuses a table kb.db does not have, before anything runs (its name goes into SQL)', () => {
    const dir = tempDir();
    const store = seeded(dir);
    try {
      const ops: RegistryOp[] = [{ kind: 'upsertDocument', doc: doc('a', 'Other') }];
      expect(() => opsChangeRows(store, ops, ['documents', 'documents"; DROP TABLE documents; --'])).toThrow(/no table/);
      expect(store.documents.get('a')?.title).toBe('Title of a');
      expect(store.db.inTransaction).toBe(false);
    } finally {
      store.close();
    }
  });

  it('leaves kb.db as it was when an op fails, and the error goes to the caller', () => {
    const dir = tempDir();
    const store = seeded(dir);
    try {
      const before = everyRow(store);
      // A section of a document that does not exist breaks a foreign key.
      const ops: RegistryOp[] = [{ kind: 'upsertDocument', doc: doc('c') }, { kind: 'replaceSections', doc: 'nobody', sections: [section(0, 'X')] }];
      expect(() => opsChangeRows(store, ops, TABLES)).toThrow(/FOREIGN KEY/);
      expect(everyRow(store)).toEqual(before);
      expect(store.db.inTransaction).toBe(false);
      expect(store.db.prepare("SELECT count(*) FROM sqlite_temp_master").pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });
});
