import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { newKb } from './kb-state.js';
import { runKb } from './run-kb.js';
import { snapshotTree } from './temp-kb.js';

/**
 * What a failed write command must leave exactly as it found it: every byte under raw/ and
 * wiki/ (dot files, i.e. stray temps, included), every row of every table of kb.db (read
 * from outside, read-only), and nothing in .kb/journal, backup, staging or trash.
 */
export interface KbFaultState {
  tree: Record<string, string>;
  rows: Record<string, unknown[]>;
  leftovers: string[];
}

export function readKbState(root: string): KbFaultState {
  const db = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name").pluck().all() as string[];
    // Sorted here: some tables (FTS5's) have no rowid to order by.
    const rows = Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[]).map((r) => JSON.stringify(r)).sort()]));
    const leftovers = ['journal', 'backup', 'staging', 'trash'].flatMap((d) => {
      const dir = path.join(root, '.kb', d);
      return fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => `.kb/${d}/${n}`) : [];
    });
    return { tree: snapshotTree(root), rows, leftovers };
  } finally {
    db.close();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The whole CLI in this process (no spawn): what a matrix of a hundred runs can afford. */
export async function runCliHere(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const out = collector();
  const err = collector();
  const code = await runCli(args, { stdout: out.stream, stderr: err.stream, env, cwd: process.cwd() });
  return { code, stdout: out.text(), stderr: err.text() };
}

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

export const TWO_DOCS = {
  'alpha.md': '# Alpha\n\nBees build honeycomb from wax. Bees forage for nectar.\n',
  'beta.md': '# Beta\n\nA bilge pump runs on a float switch in the engine room.\n',
};

/**
 * A work folder (open to every user, for tests that run kb as another one) holding a KB at
 * `<work>/kb` with `docs` added by the real `kb add`, and `<work>/in` with `docs` and `others`.
 */
export async function makeKbFrom(prefix: string, docs: Record<string, string>, others: Record<string, string> = {}): Promise<{ work: string; root: string; input: string }> {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  fs.chmodSync(work, 0o755);
  const root = newKb(work);
  const input = path.join(work, 'in');
  fs.mkdirSync(input);
  for (const [name, text] of Object.entries({ ...docs, ...others })) fs.writeFileSync(path.join(input, name), text);
  const added = await runKb(['--kb', root, 'add', ...Object.keys(docs).map((name) => path.join(input, name))]);
  expect(added.code, added.stderr).toBe(0);
  return { work, root, input };
}
