/** The scale bench's output: one block per point as it is measured, then a table with ratios. */
import type { LargestPage } from './scale-sizes.js';
import type { CommitStats, PointResult } from './scale-point.js';
import type { Reads, TimedCall } from './scale-reads.js';
import { fmt } from './stats.js';

const mb = (bytes: number): string => `${fmt(bytes / 2 ** 20, 1)} MB`;
const kib = (bytes: number): string => `${fmt(bytes / 1024, 1)} KiB`;
/** A label column of 19 characters, and at least one space after a longer label. */
const cell = (label: string): string => (label.length >= 19 ? `${label} ` : label.padEnd(19));
const ms = (n: number): string => `${fmt(n, 0)} ms`;
const page = (p: LargestPage | undefined): string =>
  p ? `${p.page} ${p.bytes} bytes${p.documents !== undefined ? ` (${p.documents} documents)` : ''}` : 'none';
const commits = (c: CommitStats): string =>
  `p50 ${ms(c.p50)}, p95 ${ms(c.p95)} (lock wait p50 ${fmt(c.lockWaitP50, 0)}, compile p50 ${fmt(c.compileP50, 0)}, apply p50 ${fmt(c.applyP50, 0)} ms; ${c.commits} commits)`;

export function printPoint(point: PointResult): void {
  console.log(`\n## ${point.docs} documents (${point.concepts} concept pages, ${point.entities} entity pages), measured ${point.measuredAt}, load average ${point.loadAverage.map((l) => fmt(l)).join(' ')}`);
  const add = point.add;
  if (add) {
    console.log(
      `kb add of documents ${add.docsBefore}..${add.docsBefore + add.added - 1}: ${fmt(add.wallMs / 1000, 1)} s wall, ${fmt((add.added * 1000) / add.wallMs, 1)} docs/s, ` +
        `${fmt(add.cpuMs / 1000, 1)} CPU s, peak RSS ${fmt(add.maxRssKb / 1024, 0)} MB; ${add.added} added, ${add.skipped} skipped, ${add.failed} failed`,
    );
    console.log(`  commit (lock + compile + apply, kb's own timings), all commits of the batch: ${commits(add.all)}`);
    console.log(`  the last commits of the batch: ${commits(add.tail)}`);
  }
  if (point.probe) {
    console.log(`the last documents, in alternating batches, side by side:`);
    console.log(`  commit here:                            ${commits(point.probe.here)}`);
    console.log(`  commit in the ${point.probe.baseDocs}-document KB:  ${commits(point.probe.base)}`);
    console.log(`  ratio p50 ${fmt(point.probe.here.p50 / point.probe.base.p50)}, p95 ${fmt(point.probe.here.p95 / point.probe.base.p95)}`);
  }
  const base = point.baseReads;
  console.log(`per CLI call, median of the rounds (spawn to exit, Node start-up included)${base ? `; in brackets the ${base.docs}-document KB, alternating, and the ratio` : ''}:`);
  const vs = (here: number, there: number | undefined, show = ms): string => (there === undefined ? show(here) : `${show(here)}  [${show(there)}, ×${fmt(here / there)}]`);
  const row = (label: string, pick: (r: Reads) => TimedCall, note = ''): void => console.log(`  ${cell(label)}${vs(pick(point.reads).medianMs, base && pick(base).medianMs)}${note}`);
  row('kb --version', (r) => r.startup, '  (the floor: Node start-up and the CLI, no KB opened)');
  row('kb status --json', (r) => r.status);
  if (point.reads.statusNoEdits && (!base || base.statusNoEdits)) row('kb status --no-edits', (r) => r.statusNoEdits!);
  point.reads.search.forEach((s, i) => console.log(`  ${cell(`kb search "${s.query}"`)}${vs(s.medianMs, base?.search[i]?.medianMs)}, ${s.hits} results`));
  console.log(`  ${cell('kb search, all')}p50 ${vs(point.reads.searchP50, base?.searchP50)}`);
  row('kb list --json', (r) => r.list, `, ${mb(point.reads.list.stdoutBytes)} of JSON`);
  row('kb doctor', (r) => r.doctor, `, exit ${point.reads.doctor.status}`);
  for (const key of ['lint', 'recompile'] as const) {
    const run = point.reads[key];
    if (!run) continue;
    const there = base?.[key];
    console.log(`  ${cell(key === 'lint' ? 'kb lint' : 'kb recompile --all')}${vs(run.ms / 1000, there && there.ms / 1000, (n) => `${fmt(n, 1)} s`)}, peak RSS ${fmt(run.maxRssKb / 1024, 0)} MB, exit ${run.status}: ${run.detail}`);
  }
  const s = point.sizes;
  console.log(`on disk: kb.db ${mb(s.dbBytes)}, wiki ${mb(s.wikiBytes)} in ${s.wikiFiles} files, raw ${mb(s.rawBytes)}`);
  console.log(`pages that must stay bounded: wiki/index.md ${s.indexBytes} bytes; largest concept ${page(s.largestConcept)}; largest entity ${page(s.largestEntity)}; largest of ${s.catalogPages} catalogue pages ${page(s.largestCatalog)}`);
}

interface Column {
  label: string;
  value: (p: PointResult) => number;
  /** The same figure measured on the smallest point's KB in the same run, where there is one. */
  sideBySide?: (p: PointResult) => number | undefined;
  show: (n: number) => string;
}

const readColumn = (label: string, pick: (r: Reads) => number, show: (n: number) => string): Column => ({
  label,
  value: (p) => pick(p.reads),
  sideBySide: (p) => (p.baseReads ? pick(p.baseReads) : undefined),
  show,
});

const COLUMNS: Column[] = [
  { label: 'commit p50', value: (p) => p.probe?.here.p50 ?? p.add?.tail.p50 ?? NaN, sideBySide: (p) => p.probe?.base.p50, show: ms },
  { label: 'commit p95', value: (p) => p.probe?.here.p95 ?? p.add?.tail.p95 ?? NaN, sideBySide: (p) => p.probe?.base.p95, show: ms },
  { label: 'add peak RSS', value: (p) => (p.add?.maxRssKb ?? NaN) * 1024, show: mb },
  readColumn('kb --version (floor)', (r) => r.startup.medianMs, ms),
  readColumn('kb status', (r) => r.status.medianMs, ms),
  readColumn('kb status --no-edits', (r) => r.statusNoEdits?.medianMs ?? NaN, ms),
  readColumn('kb search p50', (r) => r.searchP50, ms),
  readColumn('kb list --json', (r) => r.list.medianMs, ms),
  readColumn('kb doctor', (r) => r.doctor.medianMs, ms),
  readColumn('kb lint', (r) => r.lint?.ms ?? NaN, (n) => `${fmt(n / 1000, 1)} s`),
  readColumn('kb recompile --all', (r) => r.recompile?.ms ?? NaN, (n) => `${fmt(n / 1000, 1)} s`),
  { label: 'kb.db', value: (p) => p.sizes.dbBytes, show: mb },
  { label: 'wiki', value: (p) => p.sizes.wikiBytes, show: mb },
  { label: 'largest concept page', value: (p) => p.sizes.largestConcept?.bytes ?? NaN, show: kib },
  { label: 'wiki/index.md', value: (p) => p.sizes.indexBytes, show: kib },
  { label: 'largest catalogue page', value: (p) => p.sizes.largestCatalog?.bytes ?? NaN, show: kib },
];

/**
 * Each figure at each point and its ratio to the smallest point: measured side by side in
 * the same run where the bench could (×), else to the smallest point's own figure (≈×, taken
 * at another time, under another load). With N times the documents a per-call or per-commit
 * figure should stay near 1, a whole-KB one (lint, recompile, sizes) near N, a bounded page at 1.
 */
export function printSummary(points: PointResult[]): void {
  if (points.length === 0) return;
  const first = points[0]!;
  console.log(`\n## summary: each figure (× the same figure at ${first.docs} documents: × side by side in one run, ≈× against the ${first.docs}-document point's own figure)`);
  const head = ['', ...points.map((p) => `${p.docs} docs`)];
  const rows = COLUMNS.map((c) => [
    c.label,
    ...points.map((p) => {
      const v = c.value(p);
      if (p === first || !Number.isFinite(v)) return c.show(v);
      const there = c.sideBySide?.(p);
      if (there !== undefined && Number.isFinite(there) && there > 0) return `${c.show(v)} (×${fmt(v / there)})`;
      const earlier = c.value(first);
      return Number.isFinite(earlier) && earlier > 0 ? `${c.show(v)} (≈×${fmt(v / earlier)})` : c.show(v);
    }),
  ]);
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  for (const row of [head, ...rows]) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   '));
  const last = points.at(-1)!;
  if (last.probe) {
    console.log(
      `issue 19 targets (set for 100,000 documents; these figures at ${last.docs}): commit p50 ×${fmt(last.probe.here.p50 / last.probe.base.p50)} of the ${last.probe.baseDocs}-document KB (≤ 1.3); ` +
        `kb status ${ms(last.reads.status.medianMs)}, with --no-edits ${last.reads.statusNoEdits ? ms(last.reads.statusNoEdits.medianMs) : 'n/a'} (≤ 200); kb search p50 ${ms(last.reads.searchP50)} (≤ 300)` +
        (last.add ? `; add peak RSS ${fmt(last.add.maxRssKb / 1024, 0)} MB (< 1024)` : ''),
    );
  }
}
