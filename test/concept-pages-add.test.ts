// Concept pages built by the real `kb add` (built binary, offline concept extraction) from
// generated documents that share terms: membership matches the summaries' links, a page stays
// bounded however many documents share its concept, an edited document moves its sections,
// the same inputs give the same bytes, and every wikilink resolves.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeMixedCorpus } from './support/add-corpus.js';
import { listFiles, newKb, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-concepts-');

const TOPICS = ['autovacuum workers', 'logical replication', 'query planner', 'connection pooling', 'index bloat', 'checkpoint tuning'];

/** A note on one storage topic; every note is also about the write-ahead log, named in its title. */
function note(i: number, topic = TOPICS[i % TOPICS.length] as string): string {
  return [
    `# Note ${i}: ${topic} and the write-ahead log`,
    '',
    `This note explains ${topic} in a production cluster. The write-ahead log records every change before a data page is written.`,
    '',
    `Operators tune ${topic} after measuring the workload. A careful review of ${topic} avoids surprises, and the write-ahead log keeps recovery possible.`,
    '',
    `Case ${i}: the team measured ${topic} for ${i + 2} days.`,
    '',
  ].join('\n');
}

function writeNotes(dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `note-${String(i).padStart(2, '0')}.md`), note(i));
}

/**
 * A new KB whose documents each contribute to 10 concept pages (the default is 3): these tests
 * are about pages shared by many documents, which needs more than a document's top 3.
 */
function newKbTenConcepts(dir: string): string {
  const root = newKb(dir);
  const config = path.join(root, '.kb/config.yaml');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/^  concepts_per_document: 1$/m, '  concepts_per_document: 10'));
  return root;
}

const BLOCK = /^<!-- kb:doc ([^ ]+) -->$/gm;

/** Concept page → documents with a section on it, read from the pages themselves. */
function sectionsByPage(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rel of listFiles(root, 'wiki/concepts')) {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    out.set(rel.replace(/^wiki\//, '').replace(/\.md$/, ''), [...text.matchAll(BLOCK)].map((m) => m[1] as string).sort());
  }
  return out;
}

/** Concept page → documents whose summary links it under `## Concepts`. */
function linksBySummary(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rel of listFiles(root, 'wiki/summaries')) {
    const doc = path.basename(rel, '.md');
    const section = fs.readFileSync(path.join(root, rel), 'utf8').split('\n## Concepts\n')[1]?.split('\n## ')[0] ?? '';
    for (const m of section.matchAll(/\[\[(concepts\/[^|\]]+)\|/g)) out.set(m[1] as string, [...(out.get(m[1] as string) ?? []), doc].sort());
  }
  return new Map([...out].sort());
}

function frontmatterNumber(page: string, key: string): number {
  return Number(new RegExp(`^${key}: (\\d+)$`, 'm').exec(page)?.[1]);
}

async function doctorClean(root: string): Promise<void> {
  const doctor = await runKb(['--kb', root, 'doctor']);
  expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
}

describe('concept pages from kb add', () => {
  it('link each document to its concepts and back, and count them in status', async () => {
    const work = tempDir();
    writeNotes(path.join(work, 'in'), 6);
    const root = newKbTenConcepts(path.join(work, 'kb'));
    const add = await runKb(['--kb', root, 'add', path.join(work, 'in')]);
    expect(add.code, add.stderr).toBe(0);

    const sections = sectionsByPage(root);
    expect(sections.size).toBeGreaterThan(3);
    // Six documents, default max 8 sections: every contributing document has its section.
    expect(new Map([...sections].sort())).toEqual(linksBySummary(root));
    const wal = [...sections].find(([page]) => page === 'concepts/write-ahead-log');
    expect(wal?.[1]).toHaveLength(6);
    expect(fs.readFileSync(path.join(root, 'wiki/index.md'), 'utf8')).toContain('[[concepts/write-ahead-log|');

    const status = await runKb(['--kb', root, '--json', 'status']);
    const counts = JSON.parse(status.stdout) as { concepts: number; entities: number };
    expect(counts.concepts).toBe(sections.size);
    expect(counts.entities).toBe(0);
    await doctorClean(root);
  });

  it('keep at most max_sections_per_concept sections however many documents share the concept', async () => {
    const work = tempDir();
    writeNotes(path.join(work, 'in'), 30);
    const root = newKbTenConcepts(path.join(work, 'kb'));
    const config = path.join(root, '.kb/config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/^  max_sections_per_concept: 8$/m, '  max_sections_per_concept: 3'));
    const add = await runKb(['--kb', root, 'add', path.join(work, 'in')]);
    expect(add.code, add.stderr).toBe(0);

    const page = fs.readFileSync(path.join(root, 'wiki/concepts/write-ahead-log.md'), 'utf8');
    expect([...page.matchAll(BLOCK)]).toHaveLength(3);
    expect(frontmatterNumber(page, 'documents')).toBe(30);
    expect(page.split('## More documents')[1]!.match(/^- \[\[summaries\//gm)).toHaveLength(20);
    expect(page).toContain('- and 7 more documents');
    for (const [, docs] of sectionsByPage(root)) expect(docs.length).toBeLessThanOrEqual(3);
    await doctorClean(root);
  });

  it('move an edited document\'s sections when it is added again', async () => {
    const work = tempDir();
    const input = path.join(work, 'in');
    writeNotes(input, 4);
    const root = newKbTenConcepts(path.join(work, 'kb'));
    expect((await runKb(['--kb', root, 'add', input])).code).toBe(0);
    const before = sectionsByPage(root);
    expect(before.get('concepts/autovacuum-worker')).toEqual(['note-00']);

    // note-00 was the only document on autovacuum workers; now it is on sharding.
    fs.writeFileSync(path.join(input, 'note-00.md'), note(0, 'shard rebalancing'));
    const readd = await runKb(['--kb', root, '--json', 'add', path.join(input, 'note-00.md')]);
    expect(readd.code, readd.stderr).toBe(0);
    expect(readd.stdout).toContain('replaced the previous version');

    const after = sectionsByPage(root);
    expect(after.has('concepts/autovacuum-worker')).toBe(false);
    expect(after.get('concepts/shard-rebalancing')).toEqual(['note-00']);
    expect(after.get('concepts/write-ahead-log')).toEqual(['note-00', 'note-01', 'note-02', 'note-03']);
    expect(new Map([...after].sort())).toEqual(linksBySummary(root));
    await doctorClean(root);
  });

  it('are byte-identical in two fresh knowledge bases given the same inputs', async () => {
    const work = tempDir();
    const input = path.join(work, 'in');
    writeNotes(path.join(input, 'notes'), 12);
    writeMixedCorpus(path.join(input, 'mixed'), { count: 10, pdfs: 1 });
    const first = newKb(path.join(work, 'one'));
    const second = newKb(path.join(work, 'two'));
    const [a, b] = await Promise.all([runKb(['--kb', first, 'add', input, '--jobs', '2']), runKb(['--kb', second, 'add', input, '--jobs', '1'])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const one = wikiSnapshot(first);
    const two = wikiSnapshot(second);
    expect(Object.keys(one).filter((rel) => rel.startsWith('wiki/concepts/')).length).toBeGreaterThan(5);
    expect(Object.keys(two)).toEqual(Object.keys(one));
    for (const rel of Object.keys(one)) expect(two[rel], rel).toBe(one[rel]);
  });
});
