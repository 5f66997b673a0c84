// Concept and entity pages, commit side: compileAdd's changesets applied for real (temp KB,
// real SQLite, the journaled apply), with analyses built here — entities included, which the
// offline extractor does not produce yet.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../src/commands/doctor.js';
import { applyChangeset } from '../src/commit/apply-changeset.js';
import { STAGING_OWNER_FILE } from '../src/commit/sweep-orphans.js';
import { withKbLock } from '../src/commit/with-kb-lock.js';
import { currentOwner } from '../src/core/process-owner.js';
import type { ConceptCandidate, DocumentAnalysis } from '../src/analyze/analyze-document.js';
import type { EntityCandidate } from '../src/analyze/extract-entities.js';
import { compileAdd } from '../src/compile/compile-add.js';
import { removeDocumentContributions } from '../src/compile/document-contributions.js';
import { parseSectionBlocks } from '../src/compile/topic-page.js';
import { allocateSlug, slugify } from '../src/compile/topic-slug.js';
import { resolveInKb } from '../src/core/kb-relative-path.js';
import { makeTempKb } from './support/temp-kb.js';

type TempKb = ReturnType<typeof makeTempKb>;
const kbs: TempKb[] = [];
afterEach(() => {
  for (const k of kbs.splice(0)) k.close();
});

function newKb(compile?: { concepts_per_document: number; max_sections_per_concept: number }): TempKb {
  const k = makeTempKb();
  kbs.push(k);
  if (compile) k.ctx.config.compile = compile;
  return k;
}

function concept(key: string, weight: number, sentences = [`A sentence about ${key}.`]): ConceptCandidate {
  // Defined: each is one of the document's concepts however weak (rank-concepts.ts selectSalient).
  return { key, name: key, weight, mentions: Math.max(1, Math.round(weight)), codeMentions: 0, defined: true, sentences };
}

function entity(key: string, name: string, type: EntityCandidate['type'], mentions: number): EntityCandidate {
  return { key, name, type, mentions, sentences: [`${name} is mentioned here.`] };
}

function analysis(title: string, concepts: ConceptCandidate[], entities: EntityCandidate[] = []): DocumentAnalysis {
  return {
    title,
    description: `About ${title}.`,
    keyPoints: [],
    outline: [],
    long: false,
    concepts: [...concepts].sort((a, b) => (a.key < b.key ? -1 : 1)),
    entities,
  };
}

function readPage(k: TempKb, rel: string): string | undefined {
  try {
    return fs.readFileSync(resolveInKb(k.root, rel), 'utf8');
  } catch {
    return undefined;
  }
}

/** One `kb add` commit of a document with this analysis: staged files, compileAdd, apply. */
async function addDoc(k: TempKb, doc: string, a: DocumentAnalysis, version = 1): Promise<void> {
  const staging = path.join(k.ctx.paths.staging, `${doc}-${version}`);
  fs.mkdirSync(staging, { recursive: true });
  // Owned by this live process, or taking the lock would sweep it as a dead run's leftover.
  fs.writeFileSync(path.join(staging, STAGING_OWNER_FILE), JSON.stringify(currentOwner()));
  const raw = `${doc} version ${version}\n`;
  fs.writeFileSync(path.join(staging, 'raw'), raw);
  fs.writeFileSync(path.join(staging, 'source'), `---\ntitle: ${doc}\n---\n${raw}`);
  await withKbLock(k.ctx, 'exclusive', () => {
    const changeset = compileAdd(
      { store: k.ctx.store, readPage: (rel) => readPage(k, rel), now: new Date('2026-01-02T03:04:05Z'), compile: k.ctx.config.compile },
      {
        doc,
        fileName: `${doc}.md`,
        originalPath: `/in/${doc}.md`,
        ext: '.md',
        hash: createHash('sha256').update(raw).digest('hex'),
        size: raw.length,
        analysis: a,
        sections: [],
        stagedRaw: path.join(staging, 'raw'),
        stagedSource: path.join(staging, 'source'),
      },
    );
    applyChangeset(k.ctx, changeset);
  });
  fs.rmSync(staging, { recursive: true, force: true });
}

function docBlocks(page: string | undefined): string[] {
  return [...parseSectionBlocks(page).keys()];
}

/** How many documents the concept's page has (0: no page). */
function df(k: TempKb, key: string): number {
  return k.ctx.store.topics.get('concept', key)?.docs ?? 0;
}

describe('slugs', () => {
  it('are ASCII-folded, lowercase, hyphenated, capped, and never a path or a device name', () => {
    expect(slugify('Café Crème', 'concept')).toBe('cafe-creme');
    // Letters NFKD does not take apart: "Łukasz Kaiser" was "ukasz-kaiser".
    expect(slugify('Łukasz Kaiser', 'entity')).toBe('lukasz-kaiser');
    expect(slugify('Đorđe Œuvre Þór Iğdır', 'entity')).toBe('dorde-oeuvre-thor-igdir');
    expect(slugify('pg_dump --format', 'concept')).toBe('pg-dump-format');
    expect(slugify('../../etc/passwd', 'concept')).toBe('etc-passwd');
    expect(slugify('..', 'concept')).toBe('concept');
    expect(slugify('東京', 'entity')).toBe('entity');
    expect(slugify('CON', 'concept')).toBe('con-1');
    expect(slugify('x'.repeat(300), 'concept')).toHaveLength(80);
    const taken = new Set(['c', 'c-2']);
    expect(allocateSlug('C', 'concept', (s) => taken.has(s))).toBe('c-3');
  });

  it('that collide get a numeric suffix, recorded in the registry and kept afterwards', async () => {
    const k = newKb({ concepts_per_document: 10, max_sections_per_concept: 8 });
    await addDoc(k, 'a', analysis('A', [concept('c++', 3), concept('c#', 2)]));
    const plus = k.ctx.store.topics.get('concept', 'c++');
    const sharp = k.ctx.store.topics.get('concept', 'c#');
    expect([plus?.slug, sharp?.slug].sort()).toEqual(['c', 'c-2']);
    await addDoc(k, 'b', analysis('B', [concept('c++', 1)]));
    expect(k.ctx.store.topics.get('concept', 'c++')?.slug).toBe(plus?.slug);
    expect(docBlocks(readPage(k, `wiki/concepts/${plus?.slug}.md`))).toEqual(['a', 'b']);
  });
});

describe('concept pages', () => {
  it('keep at most max_sections_per_concept sections, the most relevant, and list the rest as bounded links', async () => {
    const k = newKb({ concepts_per_document: 10, max_sections_per_concept: 3 });
    const sizes: number[] = [];
    for (let i = 0; i < 30; i++) {
      const doc = `d${String(i).padStart(2, '0')}`;
      // Weight peaks at d07, d18, d29: the sections must follow relevance, not arrival.
      const weight = [7, 18, 29].includes(i) ? 50 + i : 1 + (i % 5);
      await addDoc(k, doc, analysis(`Doc ${i}`, [concept('vacuum', weight, [`Vacuum is what reclaims space in ${doc}.`]), concept(`own-${i}`, 2, [`Own-${i} is the term only ${doc} uses.`])]));
      sizes.push(Buffer.byteLength(readPage(k, 'wiki/concepts/vacuum.md') ?? ''));
    }
    const page = readPage(k, 'wiki/concepts/vacuum.md') ?? '';
    expect(docBlocks(page)).toEqual(['d29', 'd18', 'd07']);
    expect(page).toContain('documents: 30');
    expect(page.match(/^- \[\[summaries\//gm)).toHaveLength(20);
    expect(page).toContain('- and 7 more documents');
    // The overview is the most relevant document's key sentence.
    expect(page.split('## Documents')[0]).toContain('Vacuum is what reclaims space in d29.');
    // Bounded: once the link list is full the page stops growing (a count's digits aside).
    const full = sizes.slice(24);
    expect(Math.max(...full) - Math.min(...full)).toBeLessThanOrEqual(16);
    expect(k.ctx.store.topics.get('concept', 'vacuum')?.docs).toBe(30);
    // Every concept is catalogued by name, each once.
    const catalog = readPage(k, 'wiki/catalog/concepts-001.md') ?? '';
    expect(catalog.match(/^- \[\[concepts\//gm)).toHaveLength(31);
    expect(catalog).toContain('- [[concepts/own-17|own-17]] — Own-17 is the term only d17 uses.');
    expect(df(k, 'vacuum')).toBe(30);
    const doctor = await runDoctor(k.ctx, { repair: false });
    expect(doctor.violations).toEqual([]);
  });

  it('replace only the committing document\'s section: other sections stay as written on the live page', async () => {
    const k = newKb();
    await addDoc(k, 'a', analysis('A', [concept('wal', 5)]));
    await addDoc(k, 'b', analysis('B', [concept('wal', 3)]));
    const file = resolveInKb(k.root, 'wiki/concepts/wal.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('A sentence about wal.\n<!-- kb:/doc a -->', 'Edited by hand.\n<!-- kb:/doc a -->'));
    await addDoc(k, 'c', analysis('C', [concept('wal', 4)]));
    const page = readPage(k, 'wiki/concepts/wal.md') ?? '';
    expect(docBlocks(page)).toEqual(['a', 'c', 'b']);
    expect(page).toContain('Edited by hand.');
  });

  it('survive titles and sentences that imitate the section markers', async () => {
    const k = newKb();
    const evil = '<!-- kb:/doc a --> and <!-- kb:doc zz --> in text';
    await addDoc(k, 'a', analysis('<!-- kb:doc zz -->', [concept('marker', 5, [evil])]));
    await addDoc(k, 'b', analysis('B', [concept('marker', 3)]));
    const page = readPage(k, 'wiki/concepts/marker.md') ?? '';
    expect(docBlocks(page)).toEqual(['a', 'b']);
    expect(page).not.toContain('<!-- kb:doc zz');
    await addDoc(k, 'a', analysis('A again', [concept('marker', 1)]), 2);
    expect(docBlocks(readPage(k, 'wiki/concepts/marker.md'))).toEqual(['b', 'a']);
  });

  it('list related concepts by shared documents, and summaries link their concepts', async () => {
    const k = newKb({ concepts_per_document: 10, max_sections_per_concept: 8 });
    await addDoc(k, 'a', analysis('A', [concept('index', 5), concept('b-tree', 4), concept('lock', 1)]));
    await addDoc(k, 'b', analysis('B', [concept('index', 5), concept('b-tree', 4)]));
    const page = readPage(k, 'wiki/concepts/index.md') ?? '';
    // Only what two or more of the page's documents share: lock is a's alone.
    expect(page).toMatch(/## Related concepts\n\n- \[\[concepts\/b-tree\|b-tree\]\] \(2 shared documents\)\n?$/);
    const summary = readPage(k, 'wiki/summaries/a.md') ?? '';
    expect(summary).toMatch(/## Concepts\n\n(- \[\[concepts\/(index|b-tree|lock)\|[^\]]+\]\]\n?){3}/);
    const index = readPage(k, 'wiki/index.md') ?? '';
    expect(index).toContain('- [[concepts/index|index]] (2 documents)');
    expect(index).toContain('concepts: 3');
  });
});

describe('index.md and the concept catalogue', () => {
  it('list the 50 largest concepts and link catalogue pages of at most 200 that name every concept', async () => {
    const k = newKb({ concepts_per_document: 60, max_sections_per_concept: 8 });
    for (let d = 0; d < 4; d++) {
      const concepts = Array.from({ length: 55 }, (_, i) => concept(`c${d}-${String(i).padStart(2, '0')}`, 1 + (i % 3)));
      await addDoc(k, `doc${d}`, analysis(`Doc ${d}`, [...concepts, concept('common', 9)]));
    }
    const index = readPage(k, 'wiki/index.md') ?? '';
    expect(index).toContain('concepts: 221');
    expect(index).toContain('All by name, on catalogue pages [[catalog/concepts-001|1]] · [[catalog/concepts-002|2]]');
    expect(index.split('## Concepts')[1]?.split('## Entities')[0]?.match(/^- \[\[concepts\//gm)).toHaveLength(50);
    expect(index).toContain('- [[concepts/common|common]] (4 documents)');
    const listed = [1, 2].flatMap((p) => (readPage(k, `wiki/catalog/concepts-00${p}.md`) ?? '').match(/^- \[\[concepts\//gm) ?? []);
    expect(listed).toHaveLength(221);
    expect((await runDoctor(k.ctx, { repair: false })).violations).toEqual([]);
  });
});

describe('re-adding and removing a document', () => {
  it('moves its contributions: old sections go, pages left empty are deleted', async () => {
    const k = newKb({ concepts_per_document: 10, max_sections_per_concept: 8 });
    await addDoc(k, 'a', analysis('A', [concept('shared', 5), concept('only-a', 4)]));
    await addDoc(k, 'b', analysis('B', [concept('shared', 5)]));
    expect(readPage(k, 'wiki/concepts/only-a.md')).toBeDefined();
    expect(df(k, 'shared')).toBe(2);

    await addDoc(k, 'a', analysis('A edited', [concept('replication', 5)]), 2);
    expect(readPage(k, 'wiki/concepts/only-a.md')).toBeUndefined();
    expect(readPage(k, 'wiki/catalog/concepts-001.md')).not.toContain('only-a');
    expect(readPage(k, 'wiki/catalog/concepts-001.md')).toContain('[[concepts/replication|replication]]');
    expect(k.ctx.store.topics.get('concept', 'only-a')).toBeUndefined();
    expect(docBlocks(readPage(k, 'wiki/concepts/shared.md'))).toEqual(['b']);
    expect(docBlocks(readPage(k, 'wiki/concepts/replication.md'))).toEqual(['a']);
    expect([df(k, 'shared'), df(k, 'only-a'), df(k, 'replication')]).toEqual([1, 0, 1]);
    expect(readPage(k, 'wiki/summaries/a.md')).toContain('[[concepts/replication|replication]]');
    expect(readPage(k, 'wiki/summaries/a.md')).not.toContain('concepts/shared');
    expect((await runDoctor(k.ctx, { repair: false })).violations).toEqual([]);

    // What `kb remove` will reuse: b's contributions out, its pages gone.
    const removal = removeDocumentContributions({ store: k.ctx.store, readPage: (rel) => readPage(k, rel), conceptsPerDocument: 10, maxSections: 8 }, { name: 'b', title: 'B' });
    expect(removal.deletes).toEqual(['wiki/concepts/shared.md']);
    await withKbLock(k.ctx, 'exclusive', () =>
      applyChangeset(k.ctx, { op: 'remove', detail: 'b', writes: removal.writes, publishes: [], deletes: removal.deletes, registry: removal.registry }),
    );
    expect(df(k, 'shared')).toBe(0);
    expect(k.ctx.store.topics.ofDocument('concept', 'b')).toEqual([]);
  });
});

describe('entity pages', () => {
  it('carry the entity type and each document\'s mentions, and are linked from summaries and index.md', async () => {
    const k = newKb();
    await addDoc(k, 'a', analysis('A', [concept('engine', 2)], [entity('ada lovelace', 'Ada Lovelace', 'person', 3), entity('london', 'London', 'place', 1)]));
    await addDoc(k, 'b', analysis('B', [concept('engine', 2)], [entity('ada lovelace', 'Ada Lovelace', 'person', 1)]));
    const page = readPage(k, 'wiki/entities/ada-lovelace.md') ?? '';
    expect(page).toContain('type: entity\nentity_type: person\ndocuments: 2\n');
    expect(docBlocks(page)).toEqual(['a', 'b']);
    expect(page).toContain('Mentioned 3 times.');
    expect(page).toContain('Mentioned 1 time.');
    expect(readPage(k, 'wiki/summaries/a.md')).toContain('## Entities\n\n- [[entities/ada-lovelace|Ada Lovelace]] (person)\n- [[entities/london|London]] (place)');
    expect(readPage(k, 'wiki/index.md')).toContain('- [[entities/ada-lovelace|Ada Lovelace]] (person, 2 documents)');
    expect((await runDoctor(k.ctx, { repair: false })).violations).toEqual([]);

    await addDoc(k, 'a', analysis('A', [concept('engine', 2)]), 2);
    expect(readPage(k, 'wiki/entities/london.md')).toBeUndefined();
    expect(docBlocks(readPage(k, 'wiki/entities/ada-lovelace.md'))).toEqual(['b']);
  });
});
