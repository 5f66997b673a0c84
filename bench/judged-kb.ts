/**
 * What the judged report (judged-quality.ts) reads of a KB that `kb add` wrote: every concept
 * page (its title, the documents it shows and its statements for each) and every summary's
 * description, each placed in a group of the corpus — the PostgreSQL pages' tuning or test half
 * (by concept-quality.ts halfOf), or the rest of the corpus. Only the KB's files are read, never
 * the engine's code, so what is judged is exactly what a user sees.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { conceptKey } from '../src/analyze/concept-key.js';
import { halfOf } from './corpus-half.js';

export type Group = 'tuning' | 'test' | 'other';
export const GROUPS: readonly Group[] = ['tuning', 'test', 'other'];

export interface ShownConcept {
  /** conceptKey(title): how a label finds the concept again. */
  key: string;
  title: string;
  /** Corpus file names of the documents the page shows, sorted. */
  files: string[];
  groups: Group[];
  /** Per document file name, the statements the page shows for it. */
  statements: Map<string, string[]>;
  /**
   * The sentence the page opens with (and the index's line for it shows), without the link to
   * its document; '' when the page opens with "_X is mentioned in N documents._".
   */
  lead: string;
}

export interface ShownDescription {
  /** The corpus file name of the document ("pg-arrays.html"). */
  file: string;
  title: string;
  group: Group;
  text: string;
  /** sha1 of the text, first 12 hex digits: a label holds this, not the corpus's words. */
  hash: string;
}

export interface JudgedKb {
  concepts: ShownConcept[];
  descriptions: ShownDescription[];
}

/** A PostgreSQL manual page goes to its half; every other file to "other". */
export function groupOf(fileName: string): Group {
  return /^pg-.*\.html$/.test(fileName) ? halfOf(fileName) : 'other';
}

export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 12);
}

/** Adds every folder of the corpus (not ground-truth/) into a fresh KB in a temp dir; returns its root. */
export function addCorpus(kbBin: string, corpus: string): { root: string; dispose: () => void } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-judged-'));
  const root = path.join(work, 'kb');
  const folders = fs.readdirSync(corpus).filter((f) => f !== 'ground-truth' && fs.statSync(path.join(corpus, f)).isDirectory()).sort();
  runKb(kbBin, ['init', root]);
  runKb(kbBin, ['--kb', root, '--offline', '--quiet', 'add', '--jobs', '2', ...folders.map((f) => path.join(corpus, f))]);
  return { root, dispose: () => fs.rmSync(work, { recursive: true, force: true }) };
}

export function runKb(kbBin: string, args: string[]): string {
  const child = spawnSync(process.execPath, [kbBin, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (child.status !== 0) throw new Error(`kb ${args.slice(0, 4).join(' ')} … exited ${child.status}: ${child.stderr}`);
  return child.stdout;
}

/** The opening paragraph of a concept page, without its closing link to the document it quotes. */
export function pageLead(page: string): string {
  const body = page.replace(/^---\n[\s\S]*?\n---\n/, '');
  const paragraph = /^# .*\n+([^\n]+(?:\n[^\n]+)*)/.exec(body)?.[1]?.trim() ?? '';
  if (/^_.* is mentioned in \d+ documents?\._$/.test(paragraph)) return '';
  return paragraph.replace(/\s*\(\[\[summaries\/[^\]]*\]\]\)$/, '');
}

export function readJudgedKb(kbBin: string, root: string): JudgedKb {
  const listed = JSON.parse(runKb(kbBin, ['--kb', root, 'list', '--json'])) as Array<{ doc: string; title: string; raw: string; summary: string }>;
  // Concept pages name documents by their summary page (kb:doc <name>); labels name them by file.
  const fileOfDoc = new Map(listed.map((d) => [d.doc, path.basename(d.raw)]));
  const descriptions: ShownDescription[] = [];
  for (const d of listed) {
    const page = fs.readFileSync(path.join(root, d.summary), 'utf8');
    const head = yaml.load(/^---\n([\s\S]*?)\n---\n/.exec(page)?.[1] ?? '') as { description?: unknown } | undefined;
    const text = String(head?.description ?? '').trim();
    const file = path.basename(d.raw);
    descriptions.push({ file, title: d.title, group: groupOf(file), text, hash: textHash(text) });
  }
  const concepts: ShownConcept[] = [];
  const dir = path.join(root, 'wiki/concepts');
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    if (!name.endsWith('.md')) continue;
    const page = fs.readFileSync(path.join(dir, name), 'utf8');
    const head = yaml.load(/^---\n([\s\S]*?)\n---\n/.exec(page)?.[1] ?? '') as { title?: unknown } | undefined;
    const title = String(head?.title ?? name.replace(/\.md$/, ''));
    const statements = new Map<string, string[]>();
    for (const block of page.matchAll(/<!-- kb:doc (\S+) -->\n([\s\S]*?)<!-- kb:\/doc/g)) {
      const file = fileOfDoc.get(block[1]!) ?? block[1]!;
      statements.set(file, block[2]!.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2)));
    }
    const files = [...statements.keys()].sort();
    concepts.push({ key: conceptKey(title), title, files, groups: GROUPS.filter((g) => files.some((f) => groupOf(f) === g)), statements, lead: pageLead(page) });
  }
  return { concepts, descriptions: descriptions.sort((a, b) => (a.file < b.file ? -1 : 1)) };
}
