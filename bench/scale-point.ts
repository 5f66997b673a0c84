/**
 * One point of the scale bench: grow the KB to N documents with `kb add`, then time what a
 * user runs on a KB of that size, each through the real CLI. Past the smallest point, the
 * last PROBE_DOCS documents go in as a probe: in small batches that alternate with the same
 * documents going into a copy of the smallest point's KB, so that the commit ratio is measured
 * side by side and not against a figure taken minutes or runs earlier.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileSize, readCommitTimings, runKb, type CommitTiming } from './scale-cli.js';
import { writeScaleCorpus, type ScaleVocabulary } from './scale-corpus.js';
import { measureKbSizes, type KbSizes } from './scale-sizes.js';
import type { Reads } from './scale-reads.js';
import { percentile } from './stats.js';

/** Commits at the end of a batch that stand for "a commit when the KB holds N documents". */
export const TAIL_COMMITS = 500;
/** Documents each point past the smallest adds side by side with the smallest point's KB. */
export const PROBE_DOCS = 100;
const PROBE_BATCHES = 4;

export interface CommitStats {
  commits: number;
  p50: number;
  p95: number;
  compileP50: number;
  applyP50: number;
  lockWaitP50: number;
}

export interface AddStats {
  docsBefore: number;
  added: number;
  skipped: number;
  failed: number;
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  all: CommitStats;
  /** The last TAIL_COMMITS commits of the batch: the KB at (nearly) its size after it. */
  tail: CommitStats;
}

export interface PointResult {
  docs: number;
  concepts: number;
  entities: number;
  measuredAt: string;
  loadAverage: number[];
  /** The batch that grew the KB to this point; absent when an earlier run of the bench built it. */
  add?: AddStats;
  /** Commits of the probe documents, here and in the smallest point's KB, side by side. */
  probe?: { here: CommitStats; base: CommitStats; baseDocs: number };
  reads: Reads;
  /** The same reads on the smallest point's KB, alternating with these. */
  baseReads?: Reads;
  sizes: KbSizes;
}

export function kbLogFile(root: string): string {
  return path.join(root, '.kb', 'logs', 'kb.log');
}

export function countDocs(root: string): { docs: number; concepts: number; entities: number } {
  const run = runKb(root, ['--json', 'status']);
  if (run.status !== 0) throw new Error(`kb status exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as { docs: number; concepts: number; entities: number };
}

export function commitStats(commits: readonly CommitTiming[]): CommitStats {
  const p = (pick: (c: CommitTiming) => number, at: number): number => percentile(commits.map(pick), at);
  return {
    commits: commits.length,
    p50: p((c) => c.commitMs, 50),
    p95: p((c) => c.commitMs, 95),
    compileP50: p((c) => c.compileMs, 50),
    applyP50: p((c) => c.applyMs, 50),
    lockWaitP50: p((c) => c.lockWaitMs, 50),
  };
}

/** `kb add <folder> --jobs N` of one batch, with kb's own commit timings from its log. */
export function addBatch(root: string, folder: string, jobs: number, docsBefore: number): AddStats & { commits: CommitTiming[] } {
  const logOffset = fileSize(kbLogFile(root));
  const run = runKb(root, ['--json', 'add', folder, '--jobs', String(jobs)], { withUsage: true });
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) || '{}') as { type?: string; added: number; skipped: number; failed: number };
  if (summary.type !== 'summary') throw new Error(`kb add printed no summary (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  const commits = readCommitTimings(kbLogFile(root), logOffset);
  return {
    docsBefore,
    added: summary.added,
    skipped: summary.skipped,
    failed: summary.failed,
    wallMs: run.wallMs,
    cpuMs: (run.userMs ?? NaN) + (run.sysMs ?? NaN),
    maxRssKb: run.maxRssKb ?? NaN,
    all: commitStats(commits),
    tail: commitStats(commits.slice(-TAIL_COMMITS)),
    commits,
  };
}

/** Documents from..to-1 generated into a folder of `work`, added, and the folder removed. */
export function addGenerated(work: string, root: string, vocab: ScaleVocabulary, seed: number, from: number, to: number, jobs: number): AddStats & { commits: CommitTiming[] } {
  const batch = path.join(work, `corpus-${from}-${to}`);
  writeScaleCorpus(batch, from, to, seed, vocab);
  try {
    const add = addBatch(root, batch, jobs, from);
    if (add.failed > 0 || add.added !== to - from) console.log(`  kb add of ${to - from} files: ${add.added} added, ${add.skipped} skipped, ${add.failed} FAILED`);
    return add;
  } finally {
    fs.rmSync(batch, { recursive: true, force: true });
  }
}

/**
 * Documents from..to-1 into both KBs, in PROBE_BATCHES batches that alternate between them
 * (smallest point's KB first). Each batch is its own `kb add` process in each KB, alike.
 */
export function probeSideBySide(work: string, root: string, baseRoot: string, vocab: ScaleVocabulary, seed: number, from: number, to: number, jobs: number): PointResult['probe'] {
  const here: CommitTiming[] = [];
  const base: CommitTiming[] = [];
  const baseDocs = countDocs(baseRoot).docs;
  const step = Math.ceil((to - from) / PROBE_BATCHES);
  for (let start = from; start < to; start += step) {
    const end = Math.min(to, start + step);
    base.push(...addGenerated(work, baseRoot, vocab, seed, start, end, jobs).commits);
    here.push(...addGenerated(work, root, vocab, seed, start, end, jobs).commits);
  }
  return { here: commitStats(here), base: commitStats(base), baseDocs };
}

export function describePoint(root: string, reads: Reads, extra: Pick<PointResult, 'add' | 'probe' | 'baseReads'>): PointResult {
  const counts = countDocs(root);
  return {
    docs: counts.docs,
    concepts: counts.concepts,
    entities: counts.entities,
    measuredAt: new Date().toISOString(),
    loadAverage: os.loadavg(),
    ...stripCommits(extra),
    reads,
    sizes: measureKbSizes(root),
  };
}

function stripCommits(extra: Pick<PointResult, 'add' | 'probe' | 'baseReads'>): Pick<PointResult, 'add' | 'probe' | 'baseReads'> {
  const out: Pick<PointResult, 'add' | 'probe' | 'baseReads'> = {};
  if (extra.add) {
    const { commits: _drop, ...add } = extra.add as AddStats & { commits?: CommitTiming[] };
    out.add = add;
  }
  if (extra.probe) out.probe = extra.probe;
  if (extra.baseReads) out.baseReads = extra.baseReads;
  return out;
}

/** The KB's config, made to log each commit's timings (readCommitTimings). */
export function logCommitTimings(root: string): void {
  const config = path.join(root, '.kb', 'config.yaml');
  const text = fs.readFileSync(config, 'utf8');
  const debug = text.replace(/^(logs:\n(?:\s*#.*\n)*)\s*level: \w+$/m, '$1  level: debug');
  if (debug === text && !/^logs:\n(?:\s*#.*\n)*\s*level: debug$/m.test(text)) throw new Error(`cannot set logs.level in ${config}`);
  fs.writeFileSync(config, debug);
}
