// The scale bench's own parts: its generated corpus, and how it reads kb add's commit timings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCommitTimings } from '../bench/scale-cli.js';
import { scaleDocument, scaleQueries, scaleVocabulary, writeScaleCorpus, ZipfSampler } from '../bench/scale-corpus.js';
import { logCommitTimings, type PointResult } from '../bench/scale-point.js';
import type { Reads } from '../bench/scale-reads.js';
import { printPoint, printSummary } from '../bench/scale-report.js';
import { initKb } from '../src/commands/init.js';
import { loadConfig } from '../src/config/load-config.js';
import { seededRandom } from '../bench/seeded-random.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-scale-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('scale corpus', () => {
  const vocab = scaleVocabulary(1);

  it('writes document i the same whichever batch writes it, so a KB built in stages holds the same documents', () => {
    const once = tempDir();
    const staged = tempDir();
    writeScaleCorpus(once, 0, 30, 1, vocab);
    writeScaleCorpus(staged, 0, 12, 1, vocab);
    writeScaleCorpus(staged, 12, 30, 1, scaleVocabulary(1));
    const files = fs.readdirSync(once).sort();
    expect(files).toHaveLength(30);
    expect(fs.readdirSync(staged).sort()).toEqual(files);
    for (const file of files) expect(fs.readFileSync(path.join(staged, file), 'utf8')).toBe(fs.readFileSync(path.join(once, file), 'utf8'));
  });

  it('gives every document other bytes, and another seed another corpus', () => {
    const hashes = new Set(Array.from({ length: 500 }, (_, i) => createHash('sha256').update(scaleDocument(vocab, i).content).digest('hex')));
    expect(hashes.size).toBe(500);
    expect(scaleDocument(scaleVocabulary(2), 7, 2).content).not.toBe(scaleDocument(vocab, 7).content);
  });

  it('mixes Markdown, text and HTML, each with a title, headings and its main concept', () => {
    const docs = Array.from({ length: 8 }, (_, i) => scaleDocument(vocab, i));
    expect(new Set(docs.map((d) => path.extname(d.file)))).toEqual(new Set(['.md', '.txt', '.html']));
    for (const doc of docs) {
      expect(doc.content).toMatch(/^(# |= |<!DOCTYPE html>)/);
      expect(doc.content).toMatch(/(\n## |\n== |<h2>)/);
      expect(doc.content.split(doc.concepts[0]!).length - 1).toBeGreaterThanOrEqual(3);
    }
  });

  it('shares concepts by Zipf\'s law: the commonest in about one document in nine, most in a handful', () => {
    const mains = new Map<string, number>();
    const N = 2000;
    for (let i = 0; i < N; i++) {
      const main = scaleDocument(vocab, i).concepts[0]!;
      mains.set(main, (mains.get(main) ?? 0) + 1);
    }
    const top = mains.get(vocab.concepts[0]!) ?? 0;
    expect(top / N).toBeGreaterThan(0.08);
    expect(top / N).toBeLessThan(0.15);
    expect([...mains.values()].filter((n) => n <= 2).length).toBeGreaterThan(mains.size / 2);
  });

  it('keeps finding new words as the corpus grows, as real text does', () => {
    const words = (from: number, to: number): Set<string> => {
      const seen = new Set<string>();
      for (let i = from; i < to; i++) for (const w of scaleDocument(vocab, i).content.toLowerCase().match(/[a-z]+/g) ?? []) seen.add(w);
      return seen;
    };
    const first = words(0, 200);
    const more = words(0, 800);
    expect(more.size).toBeGreaterThan(first.size * 1.5);
  });

  it('draws ranks by 1/rank', () => {
    const zipf = new ZipfSampler(1000);
    const rand = seededRandom(3);
    const counts = new Array<number>(1000).fill(0);
    for (let i = 0; i < 50_000; i++) counts[zipf.draw(rand)]!++;
    expect(counts[0]! / counts[9]!).toBeGreaterThan(7);
    expect(counts[0]! / counts[9]!).toBeLessThan(13);
  });

  it('asks search for a common concept, a middling one, a rare word and a person', () => {
    const queries = scaleQueries(vocab);
    expect(queries).toHaveLength(4);
    expect(queries[0]).toBe(vocab.concepts[0]);
  });
});

describe('commit timings from kb.log', () => {
  it('reads the add.committed records written after the offset, across read chunks', () => {
    const log = path.join(tempDir(), 'kb.log');
    const record = (doc: string, commitMs: number): string =>
      JSON.stringify({ level: 20, event: 'add.committed', doc, lockWaitMs: 1, compileMs: 2, applyMs: commitMs - 3, commitMs, msg: `committed ${doc}` });
    fs.writeFileSync(log, record('before', 9) + '\n');
    const offset = fs.statSync(log).size;
    const filler = JSON.stringify({ level: 30, event: 'commit.applied', msg: 'x'.repeat(500) });
    const lines = [filler, record('a', 10)];
    for (let i = 0; i < 3000; i++) lines.push(filler); // past the 1 MiB read chunk
    lines.push(record('b', 20), JSON.stringify({ level: 20, event: 'add.planned', msg: 'add.committed in a message' }));
    fs.appendFileSync(log, lines.join('\n') + '\n' + record('c', 30)); // the last line without a newline
    expect(readCommitTimings(log, offset)).toEqual([
      { doc: 'a', commitMs: 10, lockWaitMs: 1, compileMs: 2, applyMs: 7 },
      { doc: 'b', commitMs: 20, lockWaitMs: 1, compileMs: 2, applyMs: 17 },
      { doc: 'c', commitMs: 30, lockWaitMs: 1, compileMs: 2, applyMs: 27 },
    ]);
  });

  it('sets logs.level to debug in a new KB\'s config, which kb then reads as valid', () => {
    const root = path.join(tempDir(), 'kb');
    initKb(root, new Date());
    logCommitTimings(root);
    logCommitTimings(root);
    const loaded = loadConfig(path.join(root, '.kb', 'config.yaml'));
    expect(loaded.errors).toEqual([]);
    expect(loaded.config?.logs.level).toBe('debug');
  });
});

describe('scale report', () => {
  const timed = (ms: number) => ({ medianMs: ms, runsMs: [ms, ms + 1, ms - 1], status: 0, stdoutBytes: 1000 });
  const reads = (docs: number, k: number): Reads => ({
    docs,
    startup: timed(150),
    status: timed(200 * k),
    search: [{ query: 'optional version', medianMs: 250 * k, hits: 10 }],
    searchP50: 250 * k,
    list: timed(300 * k),
    doctor: timed(1000 * k),
    lint: { ms: 2000 * k, status: 0, maxRssKb: 100_000, detail: '0 error(s), 0 warning(s)' },
    recompile: { ms: 15_000 * k, status: 0, maxRssKb: 300_000, detail: '1000 documents: up to date' },
  });
  const commits = (p50: number) => ({ commits: 100, p50, p95: p50 * 3, compileP50: 3, applyP50: p50 - 4, lockWaitP50: 1 });
  const sizes = { dbBytes: 1e7, wikiBytes: 5e6, wikiFiles: 3000, rawBytes: 2e6, indexBytes: 14_000, catalogPages: 10, largestConcept: { page: 'concepts/a.md', bytes: 4700, documents: 66 } };
  const add = { docsBefore: 0, added: 1000, skipped: 0, failed: 0, wallMs: 20_000, cpuMs: 22_000, maxRssKb: 350_000, all: commits(20), tail: commits(21) };
  const first: PointResult = { docs: 1000, concepts: 500, entities: 300, measuredAt: 'then', loadAverage: [1, 1, 1], add, reads: reads(1000, 1), sizes };
  const second: PointResult = {
    ...first,
    docs: 20_000,
    probe: { here: commits(30), base: commits(20), baseDocs: 1000 },
    reads: reads(20_000, 3),
    baseReads: reads(1100, 1.5),
    sizes: { ...sizes, largestCatalog: { page: 'catalog/documents-001.md', bytes: 29_000 } },
  };

  it('prints each point and the ratios, side by side where both KBs were measured in one run', () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      printPoint(first);
      printPoint(second);
      printSummary([first, second]);
    } finally {
      log.mockRestore();
    }
    const text = lines.join('\n');
    expect(text).toContain('ratio p50 1.50');
    expect(text).toMatch(/kb status --json {3}600 ms {2}\[300 ms, ×2\.00\]/);
    expect(text).toMatch(/commit p50 +21 ms +30 ms \(×1\.50\)/);
    expect(text).toMatch(/wiki\/index\.md +13\.7 KiB +13\.7 KiB \(≈×1\.00\)/);
    expect(text).toContain('commit p50 ×1.50 of the 1000-document KB (≤ 1.3)');
  });
});
