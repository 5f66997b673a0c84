/**
 * The junk report of `npm run bench:concepts` (issue 17): kb add a folder set into a fresh KB
 * with the built CLI (offline engine), read the title of every concept page it wrote and count
 * the titles that are no concept: month or weekday names, numbers or dates, markup (reST roles,
 * TeX macros), under 3 letters, or one word of the general English list on its own
 * (src/analyze/stop-concepts.ts decides, the same test the engine applies).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { conceptKey } from '../src/analyze/concept-key.js';
import { stopConceptReason } from '../src/analyze/stop-concepts.js';
import { fmt } from './stats.js';

export interface JunkReport {
  label: string;
  documents: number;
  titles: number;
  /** Junk titles with why, sorted by title. */
  junk: Array<{ title: string; reason: string }>;
  /** Concept pages that cover one document only. */
  singleDocument: number;
}

/** Adds `inputs` into a fresh KB and classifies its concept page titles. */
export function junkReport(kbBin: string, label: string, inputs: readonly string[]): JunkReport {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-concept-junk-'));
  try {
    const root = path.join(work, 'kb');
    run(kbBin, ['init', root]);
    run(kbBin, ['--kb', root, '--offline', '--quiet', 'add', '--jobs', '2', ...inputs]);
    return junkReportOf(kbBin, label, root);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Classifies the concept page titles of a KB already added (whole-corpus-reports.ts shares one). */
export function junkReportOf(kbBin: string, label: string, root: string): JunkReport {
  const documents = (JSON.parse(run(kbBin, ['--kb', root, 'list', '--json'])) as unknown[]).length;
  const dir = path.join(root, 'wiki/concepts');
  const junk: JunkReport['junk'] = [];
  let titles = 0;
  let singleDocument = 0;
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    if (!file.endsWith('.md')) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const title = frontmatterField(text, 'title') ?? file.replace(/\.md$/, '');
    titles++;
    if (frontmatterField(text, 'documents') === '1') singleDocument++;
    const reason = stopConceptReason(conceptKey(title));
    if (reason) junk.push({ title, reason });
  }
  return { label, documents, titles, junk: junk.sort((a, b) => (a.title < b.title ? -1 : 1)), singleDocument };
}

export function printJunkReport(r: JunkReport): void {
  const calendar = r.junk.filter((j) => j.reason === 'month or weekday').length;
  console.log(
    `${r.label}: ${r.documents} documents, ${r.titles} concept pages, junk ${r.junk.length} = ${fmt((100 * r.junk.length) / Math.max(1, r.titles), 1)}% (target ≤ 2%), month/weekday ${calendar} (target 0); ${r.singleDocument} pages cover one document`,
  );
  const byReason = new Map<string, string[]>();
  for (const j of r.junk) byReason.set(j.reason, [...(byReason.get(j.reason) ?? []), j.title]);
  for (const [reason, list] of [...byReason.entries()].sort()) console.log(`  ${reason} (${list.length}): ${list.join(', ')}`);
}

function frontmatterField(text: string, field: string): string | undefined {
  const head = text.startsWith('---\n') ? text.slice(4, text.indexOf('\n---', 4)) : '';
  const line = head.split('\n').find((l) => l.startsWith(`${field}:`));
  if (line === undefined) return undefined;
  const value = line.slice(field.length + 1).trim();
  // YAML quoting of titles with a colon or a leading quote.
  if (/^'.*'$/.test(value)) return value.slice(1, -1).replace(/''/g, "'");
  if (/^".*"$/.test(value)) return JSON.parse(value) as string;
  return value;
}

function run(kbBin: string, args: string[]): string {
  const child = spawnSync(process.execPath, [kbBin, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (child.status !== 0) throw new Error(`kb ${args.slice(0, 4).join(' ')} … exited ${child.status}: ${child.stderr}`);
  return child.stdout;
}
