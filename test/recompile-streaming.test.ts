// kb recompile --all in bounded memory: the analyses go through a spool file in order (a
// window of them in memory), and the replay keeps its pages in the scratch registry. The
// pieces on their own (RecordSpool, forEachInOrder), then the whole command through the built
// binary: after a setting change the recompiled KB is, byte for byte and row for row, the one
// a fresh `kb add` with that setting builds, whatever --jobs, and long runs say how far they are.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { forEachInOrder } from '../src/core/for-each-in-order.js';
import { RecordSpool } from '../src/core/record-spool.js';
import { danglingLinks, leftovers, newKb, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-recompile-streaming-');

describe('RecordSpool', () => {
  it('gives back every record in order, as worker threads pass them, any number of times', () => {
    const spool = new RecordSpool<unknown>(path.join(tempDir(), 'spool.v8'));
    try {
      expect([...spool.records()]).toEqual([]);
      // Records across the 1 MB read chunk, one bigger than it, Maps and undefined kept.
      const records: unknown[] = [
        { name: 'first', terms: new Map([['tide', 2]]), missing: undefined },
        'x'.repeat(700_000),
        { big: 'y'.repeat(1_500_000), list: [1, 2, 3] },
        ...Array.from({ length: 500 }, (_, i) => ({ i, text: `record ${i} `.repeat(i % 7) })),
      ];
      for (const record of records) spool.append(record);
      expect(spool.length).toBe(records.length);
      expect([...spool.records()]).toEqual(records);
      const again = [...spool.records()];
      expect((again[0] as { terms: Map<string, number> }).terms.get('tide')).toBe(2);
      expect(again).toHaveLength(records.length);
    } finally {
      spool.close();
    }
  });
});

describe('forEachInOrder', () => {
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  it('consumes results in the items’ order with at most `window` started and not yet consumed', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    let outstanding = 0;
    let most = 0;
    const consumed: number[] = [];
    await forEachInOrder(
      items,
      5,
      async (item) => {
        outstanding++;
        most = Math.max(most, outstanding);
        await sleep((item * 7) % 5);
        return item * 10;
      },
      (result, item) => {
        outstanding--;
        expect(result).toBe(item * 10);
        consumed.push(item);
      },
    );
    expect(consumed).toEqual(items);
    expect(most).toBe(5);
  });

  it('stops starting at the first failure, lets the running ones finish, then throws it', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = forEachInOrder(
      Array.from({ length: 30 }, (_, i) => i),
      4,
      async (item) => {
        started.push(item);
        await sleep(item === 2 ? 1 : 10);
        if (item === 2) throw new Error('item 2 failed');
        finished.push(item);
        return item;
      },
      () => undefined,
    );
    await expect(run).rejects.toThrow('item 2 failed');
    expect(started).toEqual([0, 1, 2, 3]);
    expect(finished.sort()).toEqual([0, 1, 3]);
  });
});

/** 30 short notes over a few shared themes, so that concept pages are shared and rewritten. */
function writeNotes(dir: string): void {
  const themes = ['harbour tides', 'borrow checker', 'sourdough starter', 'zeppelin airships', 'compost heaps'];
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 30; i++) {
    const a = themes[i % themes.length] as string;
    const b = themes[(i * 3 + 1) % themes.length] as string;
    const text = [`# Note ${i}: ${a}`, '', `The ${a} matter here, note ${i}. More on ${a} and the ${b}.`, '', `## About ${b}`, '', `The ${b} meets the ${a} in the ${i % 2 ? 'morning' : 'evening'}.`, ''].join('\n');
    fs.writeFileSync(path.join(dir, `note-${String(i).padStart(2, '0')}.md`), text);
  }
}

function setConceptsPerDocument(root: string, n: number): void {
  const config = path.join(root, '.kb', 'config.yaml');
  const text = fs.readFileSync(config, 'utf8');
  fs.writeFileSync(config, /^ {2}concepts_per_document: \d+$/m.test(text) ? text.replace(/^ {2}concepts_per_document: \d+$/m, `  concepts_per_document: ${n}`) : `${text}\ncompile:\n  concepts_per_document: ${n}\n`);
}

/** kb.db's rows but the commit history, as two KBs built at different times agree on them. */
function rowsOf(root: string): Record<string, string[]> {
  const db = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_text_%' AND name != 'commits'").pluck().all() as string[];
    return Object.fromEntries(
      tables.map((table) => {
        const rows = (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[])
          .filter((row) => table !== 'page_records' || !String(row.path).startsWith('wiki/log'))
          .map(({ added_at: _a, updated_at: _u, mtime_ms: _m, id: _id, ...rest }) => JSON.stringify(rest));
        return [table, rows.sort()];
      }),
    );
  } finally {
    db.close();
  }
}

const withoutLog = (snapshot: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(snapshot).filter(([rel]) => !rel.startsWith('wiki/log')));

describe('kb recompile --all, streamed', () => {
  it('after a setting change gives the KB a fresh add gives, bytes and rows, with --jobs 1 and 2; says how far it is', async () => {
    const work = fs.realpathSync(tempDir());
    const input = path.join(work, 'in');
    writeNotes(input);
    const build = async (name: string, perDocument: number): Promise<string> => {
      const root = newKb(path.join(work, name));
      setConceptsPerDocument(root, perDocument);
      const added = await runKb(['--kb', root, '--offline', 'add', input, '--jobs', '2']);
      expect(added.code, added.stderr).toBe(0);
      return root;
    };
    const fresh = await build('fresh', 3);
    for (const jobs of ['1', '2']) {
      const root = await build(`jobs-${jobs}`, 1);
      const before = wikiSnapshot(root);
      setConceptsPerDocument(root, 3);
      const run = await runKb(['--kb', root, '--offline', 'recompile', '--all', '--yes', '--jobs', jobs]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/recompiled 30 documents: \d+ pages changed/);
      expect(run.stderr).toContain('analysed 30/30 documents');
      expect(run.stderr).toContain('compiled 30/30 documents');
      expect(wikiSnapshot(root)).not.toEqual(before);
      expect(withoutLog(wikiSnapshot(root))).toEqual(withoutLog(wikiSnapshot(fresh)));
      expect(rowsOf(root)).toEqual(rowsOf(fresh));
      expect(danglingLinks(root)).toEqual([]);
      expect(leftovers(root)).toEqual([]);
      const again = await runKb(['--kb', root, '--offline', 'recompile', '--all', '--yes', '--jobs', jobs]);
      expect(again.stdout.trim()).toBe('30 documents: up to date');
    }
  });
});
