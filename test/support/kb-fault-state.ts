import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { runCli } from '../../src/cli/run-cli.js';
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
