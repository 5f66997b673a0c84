// One document per content, whoever adds it (issue 24). Two real `kb add` processes add the
// same bytes from different folders, made to interleave deterministically: both plan before
// either commits, so only the commit-time re-check under the lock can see the other's document.
// And a KB from an older kb that holds two documents with one hash: it upgrades (migration 11
// cannot fail on them), `kb doctor` names the extra one with the `kb remove` that resolves it,
// and once it is gone documents.hash gets its UNIQUE index. Needs `npm run build` first.
//
// Planted bug the first test catches: commitPreparedFile without its re-check
// (`ctx.store.documents.byHash(item.hash)` under the lock, src/commands/commit-prepared-file.ts).
// Then the held add commits its planned file although the other add registered the same bytes
// meanwhile: a second document `tides` with one hash (before the UNIQUE index), or a failed file
// (`UNIQUE constraint failed: documents.hash`, with it) — never the skip asserted here.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, TEST_KEY_ENV } from './support/compiler-corpus.js';
import { expectConsistent, newKb, parseNdjson, registry, sha256 } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';
import { useFakeOpenAiServer } from './support/use-fake-openai-server.js';
import { waitUntil } from './support/wait-until.js';

const tempDir = useTempDirs('kb-same-content-');
const server = useFakeOpenAiServer();

const TIDES = '# Tides\n\nThe moon raises two tides a day on most coasts.\n\n## Spring tides\n\nAt new and full moon the range is largest.\n';

function writeInput(work: string, rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
  fs.writeFileSync(path.join(work, rel), content);
}

function withDb<T>(root: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(root, '.kb', 'kb.db'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** documents.hash's index as SQLite has it, and whether kb_meta still says it is due. */
function hashIndex(root: string): { sql: string; due: boolean } {
  return withDb(root, (db) => ({
    sql: db.prepare("SELECT sql FROM sqlite_master WHERE name = 'documents_hash'").pluck().get() as string,
    due: db.prepare("SELECT 1 FROM kb_meta WHERE key = 'unique_hash_index'").get() !== undefined,
  }));
}

describe('two kb add processes adding the same bytes from different folders', () => {
  it('both plan before either commits: one document, and the later commit skips its file as already in the KB', async () => {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    // A compiles with the (fake) LLM, so it can be held between its plan and its commit.
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), yaml.dump({ llm: { provider: 'openai', model: 'fake-model', base_url: server().baseUrl, api_key_env: TEST_KEY_ENV, max_retries: 0 } }));
    writeInput(work, 'one/tides.md', TIDES);
    writeInput(work, 'two/tides-copy.md', TIDES);
    let release!: () => void;
    server().script({ answer: { kind: 'held', release: new Promise<void>((resolve) => (release = resolve)), then: { kind: 'ok' } } });
    let heldChild: ChildProcess | undefined;
    const held = runKb(['--kb', root, '--json', 'add', 'one'], { cwd: work, env: { [TEST_KEY_ENV]: TEST_KEY }, onSpawn: (child) => (heldChild = child) });
    try {
      // Its analysis request has arrived: A has planned `tides` (the registry was empty) and
      // waits on the model holding no lock.
      await waitUntil(() => server().requests.length === 1, 30_000);
      expect(server().requests, 'the held add never asked the LLM').toHaveLength(1);
      const offline = await runKb(['--kb', root, '--offline', '--json', 'add', 'two'], { cwd: work });
      expect(offline.code, offline.stderr).toBe(0);
      expect(parseNdjson(offline.stdout)[0]).toMatchObject({ type: 'file', path: 'two/tides-copy.md', status: 'added', doc: 'tides-copy' });
      expect(heldChild?.exitCode, 'the held add ended before it was released').toBeNull();
    } finally {
      release();
    }
    const late = await held;
    const [file, summary] = parseNdjson(late.stdout);
    expect(file).toEqual({ type: 'file', path: 'one/tides.md', doc: 'tides-copy', status: 'skipped', reason: 'already in knowledge base as tides-copy' });
    expect(summary).toMatchObject({ type: 'summary', added: 0, skipped: 1, failed: 0 });
    expect(late.code, late.stderr).toBe(0);
    expect(expectConsistent(root, 'after both adds').map((row) => row.name)).toEqual(['tides-copy']);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });
});

describe('a KB from an older kb holding two documents with one hash', () => {
  /**
   * What a race before the commit-time re-check could leave: `tides` and `tides-copy`, one
   * content, in kb.db at schema 10 (documents.hash indexed, not UNIQUE). Built by adding two
   * files, then giving the second the first's bytes and taking kb.db back to version 10.
   */
  async function kbWithDuplicate(): Promise<string> {
    const work = fs.realpathSync(tempDir());
    const root = newKb(work);
    writeInput(work, 'in/tides.md', TIDES);
    writeInput(work, 'later/tides-copy.md', `${TIDES}\nCopied from the harbour notes.\n`);
    const add = await runKb(['--kb', root, '--offline', 'add', 'in', 'later'], { cwd: work });
    expect(add.code, add.stderr).toBe(0);
    fs.writeFileSync(path.join(root, 'raw', 'tides-copy.md'), TIDES);
    withDb(root, (db) => {
      db.exec('DROP INDEX documents_hash; CREATE INDEX documents_hash ON documents(hash);');
      // Schema 12's column, which a kb of schema 10 did not have.
      db.exec('ALTER TABLE page_records DROP COLUMN body_tail_sha256');
      db.prepare("UPDATE documents SET hash = ? WHERE name = 'tides-copy'").run(sha256(TIDES));
      db.pragma('user_version = 10');
    });
    return root;
  }

  it('upgrades and opens; doctor names the duplicate and how to remove it; once removed, documents.hash is UNIQUE', async () => {
    const root = await kbWithDuplicate();
    const list = await runKb(['--kb', root, '--json', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { doc: string }[]).map((d) => d.doc)).toEqual(['tides', 'tides-copy']);
    expect(withDb(root, (db) => db.pragma('user_version', { simple: true }))).toBe(12);
    expect(hashIndex(root)).toEqual({ sql: 'CREATE INDEX documents_hash ON documents(hash)', due: true });

    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stderr).toBe(1);
    expect(doctor.stdout).toBe('same-content       raw/tides-copy.md  same content as tides: remove one, e.g. `kb remove tides-copy`\n1 problem(s) found\n');
    // Every other command still works on it; the next add of those bytes is skipped as before.
    writeInput(path.dirname(root), 'more/tides.md', TIDES);
    const again = await runKb(['--kb', root, '--json', '--offline', 'add', path.join(path.dirname(root), 'more')]);
    expect(parseNdjson(again.stdout)[0]).toMatchObject({ status: 'skipped', reason: 'already in knowledge base as tides' });

    const remove = await runKb(['--kb', root, 'remove', 'tides-copy', '--yes']);
    expect(remove.code, remove.stderr).toBe(0);
    // The next open finds no duplicate and makes the index.
    const clean = await runKb(['--kb', root, 'doctor']);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(hashIndex(root)).toEqual({ sql: 'CREATE UNIQUE INDEX documents_hash ON documents(hash)', due: false });
    expect(registry(root).map((row) => row.name)).toEqual(['tides']);
  });

  it('a new KB has the UNIQUE index from the start', () => {
    const root = newKb(tempDir());
    expect(hashIndex(root)).toEqual({ sql: 'CREATE UNIQUE INDEX documents_hash ON documents(hash)', due: false });
  });
});
