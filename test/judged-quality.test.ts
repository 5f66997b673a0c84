// The judged report of bench:concepts: what it reads of a KB kb add really wrote, how it
// matches today's outputs with hand labels, and that the committed label files hold together.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { halfOf } from '../bench/corpus-half.js';
import { conceptKey } from '../src/analyze/concept-key.js';
import { addCorpus, groupOf, pageLead, readJudgedKb, textHash, type Group, type ShownConcept, type ShownDescription } from '../bench/judged-kb.js';
import {
  CONCEPT_VERDICTS,
  DESCRIPTION_VERDICTS,
  HALVES,
  LEAD_VERDICTS,
  leadHalf,
  scoreConcepts,
  scoreDescriptions,
  scoreLeads,
  STRATA,
  type ConceptLabelFile,
  type DescriptionLabelFile,
  type LeadLabelFile,
} from '../bench/judged-scores.js';
import { KB_BIN } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-judged-');

function concept(key: string, files: string[]): ShownConcept {
  const groups = (['tuning', 'test', 'other'] as Group[]).filter((g) => files.some((f) => groupOf(f) === g));
  return { key, title: key, files, groups, statements: new Map(files.map((f) => [f, []])), lead: '' };
}

function description(file: string, text: string): ShownDescription {
  return { file, title: file, group: groupOf(file), text, hash: textHash(text) };
}

// Names whose half is fixed by sha1 (checked below), so the tests do not depend on a guess.
const TUNING = 'pg-arrays.html';
const TEST = 'pg-mvcc.html';

describe('judged report', () => {
  it('groups PostgreSQL pages by their half and everything else as other', () => {
    expect(halfOf(TUNING)).toBe('tuning');
    expect(halfOf(TEST)).toBe('test');
    expect(groupOf(TUNING)).toBe('tuning');
    expect(groupOf(TEST)).toBe('test');
    expect(groupOf('pg-notes.md')).toBe('other');
    expect(groupOf('guide.pdf')).toBe('other');
  });

  it('scores a concept label only for the groups it was drawn for and only while the title is shown there', () => {
    const labels: ConceptLabelFile = {
      about: '',
      population: ['Foreign keys', 'output', 'storage', 'gone'],
      labels: [
        { title: 'Foreign keys', drawnFor: ['tuning', 'test'], files: [TUNING, TEST], label: 'good concept', reason: '' },
        { title: 'output', drawnFor: ['other'], files: ['a.md'], label: 'too generic', reason: 'common word' },
        { title: 'gone', drawnFor: ['tuning'], files: [TUNING], label: 'not a concept', reason: '' },
      ],
    };
    // "foreign key" now shows the tuning page only; "output" also shows a test page it was not
    // drawn for; "storage" existed but was not drawn; "wal" is new; "gone" is no longer shown.
    const today = [concept('foreign key', [TUNING]), concept('output', ['a.md', TEST]), concept('storage', [TUNING]), concept('wal', [TEST])];
    const [tuning, test, other] = scoreConcepts(today, labels);
    expect(tuning).toMatchObject({ labelled: 2, scored: 1, shown: 2, undrawn: 1, fresh: 0 });
    expect(tuning!.verdicts.get('good concept')!.map((i) => i.what)).toEqual(['Foreign keys']);
    expect(test).toMatchObject({ labelled: 1, scored: 0, shown: 2, undrawn: 1, fresh: 1 });
    expect(other).toMatchObject({ labelled: 1, scored: 1, shown: 1, undrawn: 0, fresh: 0 });
    expect(other!.verdicts.get('too generic')).toEqual([{ what: 'output', reason: 'common word' }]);
  });

  it('scores a description label only while the description is the one labelled', () => {
    const kept = description(TUNING, 'PostgreSQL allows columns to be arrays.');
    const changed = description(TEST, 'This chapter describes concurrency control.');
    const labels: DescriptionLabelFile = {
      about: '',
      population: { [TUNING]: kept.hash, [TEST]: textHash('Chapter 13. Concurrency Control'), 'b.md': textHash('b') },
      labels: [
        { file: TUNING, group: 'tuning', hash: kept.hash, label: 'good', reason: '' },
        { file: TEST, group: 'test', hash: textHash('Chapter 13. Concurrency Control'), label: 'bad', reason: 'heading' },
      ],
    };
    const [tuning, test, other] = scoreDescriptions([kept, changed, description('b.md', 'b')], labels);
    expect(tuning).toMatchObject({ labelled: 1, scored: 1, shown: 1, undrawn: 0, fresh: 0 });
    expect(test).toMatchObject({ labelled: 1, scored: 0, shown: 1, undrawn: 0, fresh: 1 });
    expect(other).toMatchObject({ labelled: 0, scored: 0, shown: 1, undrawn: 1, fresh: 0 });
  });

  it('reads the lead of a concept page without its link, and none from a page that only counts its documents', () => {
    const page = (overview: string): string => `---\ntitle: vacuum\ntype: concept\n---\n# vacuum\n\n${overview}\n\n## Documents\n`;
    expect(pageLead(page('Vacuum reclaims space. ([[summaries/a|A]])\n\nOther documents add:\n\n- [[summaries/b|B]]: More.'))).toBe('Vacuum reclaims space.');
    expect(pageLead(page('Vacuum reclaims space.'))).toBe('Vacuum reclaims space.');
    expect(pageLead(page('_vacuum is mentioned in 3 documents._\n\nThe documents say:\n\n- [[summaries/b|B]]: More.'))).toBe('');
  });

  it('judges each drawn page on the lead it shows today: its label while unchanged, none without a lead, to label when changed', () => {
    const shown = (key: string, lead: string, files = ['a.md', 'b.md']): ShownConcept => ({ ...concept(key, files), lead });
    // Keys whose half is fixed by sha1 (checked here), so the test does not depend on a guess.
    const [kept, changed, other] = ['macro', 'hook', 'vacuum'];
    expect([kept, changed, other].map((key) => leadHalf({ key }))).toEqual(['tuning', 'tuning', 'test']);
    const file: LeadLabelFile = {
      about: '',
      population: {},
      drawn: [
        { title: kept, half: 'tuning', stratum: 'several documents' },
        { title: changed, half: 'tuning', stratum: 'several documents' },
        { title: other, half: 'test', stratum: 'several documents' },
        { title: 'gone', half: 'test', stratum: 'one document' },
      ],
      labels: [
        { title: kept, hash: textHash('Kept lead.'), label: 'good', reason: 'r' },
        { title: changed, hash: textHash('Old lead.'), label: 'bad', reason: 'r' },
      ],
    };
    const scores = scoreLeads([shown(kept, 'Kept lead.'), shown(changed, 'New lead.'), shown(other, '')], file);
    const of = (half: string, stratum: string) => scores.find((s) => s.half === half && s.stratum === stratum)!;
    expect(of('tuning', 'several documents').verdicts.get('good')!.map((i) => i.what)).toEqual([`${kept}: Kept lead.`]);
    expect(of('tuning', 'several documents').verdicts.get('bad')).toEqual([]);
    expect(of('tuning', 'several documents').unlabelled).toEqual([{ title: changed, hash: textHash('New lead.'), lead: 'New lead.' }]);
    expect(of('tuning', 'several documents').scored).toBe(1);
    expect(of('test', 'several documents').verdicts.get('none')).toHaveLength(1);
    expect(of('test', 'one document')).toMatchObject({ drawn: 1, scored: 0, gone: 1 });
  });

  it('reads concept pages and descriptions from a KB the built kb add wrote, with their files and groups', () => {
    const corpus = tempDir();
    // The term is introduced in emphasis, so it is one of each document's concepts (rank-concepts.ts selectSalient).
    const para = (topic: string, em: (s: string) => string = (s) => `<em>${s}</em>`): string =>
      `A ${em('write-ahead log')} records every change before the data files are written. The write-ahead log makes ${topic} safe after a crash.`;
    fs.mkdirSync(path.join(corpus, 'html'));
    fs.mkdirSync(path.join(corpus, 'md'));
    fs.mkdirSync(path.join(corpus, 'ground-truth'));
    fs.writeFileSync(path.join(corpus, 'html', TUNING), `<html><head><title>Arrays</title></head><body><h1>Arrays</h1><p>${para('array updates')}</p></body></html>`);
    fs.writeFileSync(path.join(corpus, 'html', TEST), `<html><head><title>Concurrency</title></head><body><h1>Concurrency</h1><p>${para('concurrent writers')}</p></body></html>`);
    fs.writeFileSync(path.join(corpus, 'md', 'recovery.md'), `# Crash recovery\n\n${para('crash recovery', (s) => `_${s}_`)}\n`);
    fs.writeFileSync(path.join(corpus, 'ground-truth', 'not-added.md'), '# Not a document of the corpus\n');
    const added = addCorpus(KB_BIN, corpus);
    try {
      const kb = readJudgedKb(KB_BIN, added.root);
      expect(kb.descriptions.map((d) => [d.file, d.group])).toEqual([
        [TUNING, 'tuning'],
        [TEST, 'test'],
        ['recovery.md', 'other'],
      ]);
      for (const d of kb.descriptions) expect(d.hash).toBe(textHash(d.text));
      expect(kb.descriptions.every((d) => d.text.length > 0)).toBe(true);
      const wal = kb.concepts.find((c) => c.key === 'write-ahead log' || c.key === 'write ahead log');
      expect(wal, kb.concepts.map((c) => c.key).join(', ')).toBeDefined();
      expect(wal!.files).toEqual([TUNING, TEST, 'recovery.md']);
      expect(wal!.groups).toEqual(['tuning', 'test', 'other']);
      // The three documents say what a write-ahead log does: the page opens with it.
      expect(wal!.lead).toBe('A write-ahead log records every change before the data files are written.');
      for (const c of kb.concepts) expect(c.files.every((f) => [TEST, TUNING, 'recovery.md'].includes(f))).toBe(true);
    } finally {
      added.dispose();
    }
  });

  it('has label files whose labels are valid verdicts of outputs in their population, drawn per group as their header says', () => {
    const read = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../bench', name), 'utf8')) as T;
    const concepts = read<ConceptLabelFile>('concept-labels.json');
    const descriptions = read<DescriptionLabelFile>('description-labels.json');
    const population = new Set(concepts.population);
    for (const l of concepts.labels) {
      expect(CONCEPT_VERDICTS, l.title).toContain(l.label);
      expect(population.has(l.title), l.title).toBe(true);
      expect(l.reason.length, l.title).toBeGreaterThan(0);
      for (const g of l.drawnFor) expect(l.files.some((f) => groupOf(f) === g), `${l.title} drawn for ${g}`).toBe(true);
    }
    for (const g of ['tuning', 'test', 'other'] as const) expect(concepts.labels.filter((l) => l.drawnFor.includes(g))).toHaveLength(70);
    for (const l of descriptions.labels) {
      expect(DESCRIPTION_VERDICTS, l.file).toContain(l.label);
      expect(descriptions.population[l.file], l.file).toBe(l.hash);
      expect(groupOf(l.file), l.file).toBe(l.group);
      expect(l.reason.length, l.file).toBeGreaterThan(0);
    }
    for (const g of ['tuning', 'test', 'other'] as const) expect(descriptions.labels.filter((l) => l.group === g)).toHaveLength(40);
    for (const about of [concepts.about, descriptions.about]) expect(about).toMatch(/04159fc.*seed|seed.*04159fc/s);
    const leads = read<LeadLabelFile>('lead-labels.json');
    const pages = new Map(Object.entries(leads.population));
    for (const d of leads.drawn) {
      expect(pages.has(d.title), d.title).toBe(true);
      expect(leadHalf({ key: conceptKey(d.title) }), d.title).toBe(d.half);
    }
    for (const half of HALVES) for (const stratum of STRATA) expect(leads.drawn.filter((d) => d.half === half && d.stratum === stratum)).toHaveLength(30);
    const drawn = new Set(leads.drawn.map((d) => d.title));
    for (const l of leads.labels) {
      expect(LEAD_VERDICTS.filter((v) => v !== 'none'), l.title).toContain(l.label);
      expect(drawn.has(l.title), l.title).toBe(true);
      expect(l.reason.length, l.title).toBeGreaterThan(0);
    }
    // Every drawn page's lead in the drawn run is labelled, or it had none.
    const labelled = new Set(leads.labels.map((l) => `${l.title} ${l.hash}`));
    for (const d of leads.drawn) expect(labelled.has(`${d.title} ${leads.population[d.title]}`) || leads.population[d.title] === textHash(''), d.title).toBe(true);
    expect(leads.about).toMatch(/e2df8c8.*seed/s);
  });
});
