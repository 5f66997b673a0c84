// diffRegistry + the replaceRows op: the live kb.db becomes the scratch copy, row for row,
// even when a unique slug moves between topics, and without a document row's replacement
// cascading to the rows that refer to it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffRegistry } from '../src/store/diff-registry.js';
import { Store } from '../src/store/store.js';
import type { DocumentRow, TopicRow } from '../src/model/registry.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-diff-registry-');
const TABLES = ['documents', 'sections', 'concepts', 'concept_docs', 'entities', 'entity_docs'];

const doc = (name: string, title: string): DocumentRow => ({
  name, title, hash: `h-${name}`, original_path: `/in/${name}.md`, raw_path: `raw/${name}.md`, source_path: `wiki/sources/${name}.md`,
  summary_path: `wiki/summaries/${name}.md`, size: 1, added_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', pages: null, description: '', catalog_page: 1,
});
const concept = (key: string, slug: string, docs = 1): TopicRow => ({ key, slug, name: key, docs, description: '', catalog_page: 1 });
const record = (id: string) => ({ journalId: id, op: 'test', detail: id, committedAt: '2026-01-01T00:00:00.000Z' });

function rows(store: Store): Record<string, unknown[]> {
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'commits' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, store.db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]));
}

describe('diffRegistry and replaceRows', () => {
  it('bring the live registry to the scratch one: changed, new and gone rows, a slug swap, no cascade', () => {
    const dir = tempDir();
    const live = Store.open(path.join(dir, 'live.db'));
    const section = { idx: 0, title: 'A', level: 1, start_offset: 0, end_offset: 5, page_start: null, page_end: null };
    live.commit(
      [
        { kind: 'upsertDocument', doc: doc('a', 'Old title') },
        { kind: 'replaceSections', doc: 'a', sections: [section] },
        { kind: 'upsertTopic', topic: 'concept', row: concept('tide', 'tide') },
        { kind: 'upsertTopic', topic: 'concept', row: concept('tides', 'tide-2') },
        { kind: 'upsertTopic', topic: 'concept', row: concept('gone', 'gone') },
        { kind: 'setTopicMember', topic: 'concept', key: 'tide', member: { doc: 'a', name: 'tide', score: 1.5, mentions: 2, sentences: ['x'] } },
      ],
      record('j1'),
    );
    live.db.prepare('VACUUM INTO ?').run(path.join(dir, 'scratch.db'));
    const scratch = Store.open(path.join(dir, 'scratch.db'));
    scratch.commit(
      [
        { kind: 'upsertDocument', doc: doc('a', 'New title') },
        { kind: 'deleteTopic', topic: 'concept', key: 'gone' },
        { kind: 'deleteTopic', topic: 'concept', key: 'tide' },
        { kind: 'deleteTopic', topic: 'concept', key: 'tides' },
        { kind: 'upsertTopic', topic: 'concept', row: concept('tides', 'tide', 2) },
        { kind: 'upsertTopic', topic: 'concept', row: concept('tide', 'tide-2') },
        { kind: 'upsertTopic', topic: 'concept', row: concept('new', 'new') },
        { kind: 'setTopicMember', topic: 'concept', key: 'tides', member: { doc: 'a', name: 'tides', score: 0.25, mentions: 1, sentences: ['y'] } },
      ],
      record('j2'),
    );
    const ops = diffRegistry(scratch, path.join(dir, 'live.db'), TABLES);
    expect(ops.map((op) => (op.kind === 'replaceRows' ? op.table : op.kind))).toEqual(['documents', 'concepts', 'concept_docs']);
    live.commit(ops, record('j3'));
    expect(rows(live)).toEqual(rows(scratch));
    expect(live.sections.ofDocument('a')).toEqual([section]);
    expect(diffRegistry(scratch, path.join(dir, 'live.db'), TABLES)).toEqual([]);
    scratch.close();
    live.close();
  });
});
