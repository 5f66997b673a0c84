import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import yaml from 'js-yaml';
import { expect } from 'vitest';
import { initKb } from '../../src/commands/init.js';
import { extractWikiLinks } from '../../src/core/wikilinks.js';
import type { DocumentRow, SectionRow } from '../../src/model/registry.js';

/**
 * Reading a KB's state from the outside, the way a user's tools would: kb.db opened
 * read-only, files read from disk. The `kb add` tests compare and check KBs with these, so
 * nothing here goes through the code under test.
 */

/** A new KB at `<dir>/kb`; realpath so paths the binary prints match ours. */
export function newKb(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const root = path.join(fs.realpathSync(dir), 'kb');
  initKb(root, new Date('2026-01-02T03:04:05Z'));
  return root;
}

function withDb<T>(root: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Registry rows in insertion order (rowid): the order the commits happened in. */
export function registry(root: string): DocumentRow[] {
  return withDb(root, (db) => db.prepare('SELECT * FROM documents ORDER BY rowid').all() as DocumentRow[]);
}

export function sections(root: string, doc: string): SectionRow[] {
  return withDb(root, (db) => db.prepare('SELECT idx, title, level, start_offset, end_offset, page_start, page_end FROM sections WHERE doc = ? ORDER BY idx').all(doc) as SectionRow[]);
}

/** Registry rows without the two wall-clock columns, for comparing two runs. */
export function registryWithoutTimes(root: string): Omit<DocumentRow, 'added_at' | 'updated_at'>[] {
  return registry(root)
    .map(({ added_at: _a, updated_at: _u, ...rest }) => rest)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The one thing in the wiki that may differ between runs: `## [YYYY-MM-DD HH:MM:SS]` in log pages. */
export function normaliseLogTimes(text: string): string {
  return text.replace(/^## \[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]/gm, '## [TIME]');
}

/**
 * raw/ and wiki/ as KB-relative path → content: wiki pages as text with log timestamps
 * normalised, raw files as their sha256. Two runs with equal snapshots are byte-identical
 * apart from those timestamps.
 */
export function wikiSnapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of listFiles(root, 'raw')) out[rel] = sha256(fs.readFileSync(path.join(root, rel)));
  for (const rel of listFiles(root, 'wiki')) {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    out[rel] = rel.startsWith('wiki/log') ? normaliseLogTimes(text) : text;
  }
  return out;
}

/** Files under `<root>/<top>`, KB-relative with '/', sorted. */
export function listFiles(root: string, top: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const dir = path.join(root, rel);
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk(top);
  return out.sort();
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Entries left in .kb/staging, .kb/journal, .kb/backup and .kb/trash (all must be empty at rest). */
export function leftovers(root: string): string[] {
  return ['staging', 'journal', 'backup', 'trash'].flatMap((d) => {
    const dir = path.join(root, '.kb', d);
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => `.kb/${d}/${n}`) : [];
  });
}

/**
 * The per-document invariants of DESIGN.md, checked from outside: every registered
 * document has its raw file (bytes matching the registry hash), its source page and its
 * summary page, each naming this document; no raw/source/summary file lacks a registry row;
 * nothing is left in staging, journal, backup or trash. Returns the registry for further checks.
 */
export function expectConsistent(root: string, where: string): DocumentRow[] {
  const rows = registry(root);
  for (const row of rows) {
    const raw = path.join(root, row.raw_path);
    expect(fs.existsSync(raw), `${where}: ${row.raw_path} of ${row.name}`).toBe(true);
    expect(sha256(fs.readFileSync(raw)), `${where}: hash of ${row.raw_path}`).toBe(row.hash);
    expect(row.source_path, where).toBe(`wiki/sources/${row.name}.md`);
    expect(row.summary_path, where).toBe(`wiki/summaries/${row.name}.md`);
    const source = readIfExists(path.join(root, row.source_path));
    const summary = readIfExists(path.join(root, row.summary_path));
    expect(source, `${where}: ${row.source_path}`).toBeDefined();
    expect(summary, `${where}: ${row.summary_path}`).toBeDefined();
    // Each page must be this document's, not a page staged under another name.
    const head = frontmatter(source!);
    expect(head.doc, `${where}: doc: in ${row.source_path}`).toBe(row.name);
    expect(head.summary, `${where}: summary: in ${row.source_path}`).toBe(`[[summaries/${row.name}]]`);
    expect(summary, `${where}: ${row.summary_path} links its source`).toContain(`[[sources/${row.name}]]`);
  }
  const expected = new Set(rows.flatMap((r) => [r.raw_path, r.source_path, r.summary_path]));
  const onDisk = [...listFiles(root, 'raw'), ...listFiles(root, 'wiki/sources'), ...listFiles(root, 'wiki/summaries')];
  expect(onDisk.filter((rel) => !expected.has(rel)), `${where}: files without a registry row`).toEqual([]);
  expect(leftovers(root), `${where}: leftovers`).toEqual([]);
  return rows;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A page's YAML frontmatter, parsed ({} when it has none). */
export function frontmatter(page: string): Record<string, unknown> {
  const end = page.indexOf('\n---\n', 4);
  if (!page.startsWith('---\n') || end < 0) return {};
  return (yaml.load(page.slice(4, end), { schema: yaml.CORE_SCHEMA }) ?? {}) as Record<string, unknown>;
}

/** NDJSON stdout of `kb add --json`, parsed line by line (a non-JSON line fails the test). */
export function parseNdjson(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line is not JSON: ${JSON.stringify(line)}`);
      }
    });
}

/** Every [[link]] in the wiki that points at no page, as `page → target` (what `kb doctor` checks too). */
export function danglingLinks(root: string): string[] {
  const out: string[] = [];
  for (const rel of listFiles(root, 'wiki').filter((f) => f.endsWith('.md'))) {
    for (const link of extractWikiLinks(fs.readFileSync(path.join(root, rel), 'utf8'))) {
      if (!fs.existsSync(path.join(root, 'wiki', `${link.target}.md`))) out.push(`${rel} → ${link.target}`);
    }
  }
  return out;
}

/**
 * Records a page's bytes as they are now as what kb wrote there, the way an older kb or an
 * LLM leaves a defect in kb's own text: then `kb lint --fix` may repair it. Without this, a
 * test's edit is a user's edit, which kb keeps and lint only reports.
 */
export function adoptAsKbText(root: string, rel: string): void {
  const file = path.join(root, rel);
  const bytes = fs.readFileSync(file);
  const stat = fs.statSync(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const keys = (/^---\n([\s\S]*?)\n---\n/.exec(bytes.toString('utf8'))?.[1] ?? '').split('\n').flatMap((line) => /^([^\s#:-][^:]*):(?:\s|$)/.exec(line)?.[1] ?? []);
  const db = new Database(path.join(root, '.kb', 'kb.db'));
  try {
    db.prepare(
      `INSERT INTO page_records (path, sha256, size, mtime_ms, body_bytes, body_sha256, kb_keys) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms, body_bytes = excluded.body_bytes, body_sha256 = excluded.body_sha256, kb_keys = excluded.kb_keys`,
    ).run(rel, hash, bytes.length, stat.mtimeMs, bytes.length, hash, keys.join(' '));
  } finally {
    db.close();
  }
}
