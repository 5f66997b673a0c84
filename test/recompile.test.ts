// `kb recompile` through the built binary on real temp KBs: an unchanged KB stays byte for
// byte as it is; pages the user broke come back; an engine switch (offline → LLM against the
// fake OpenAI server, and back with --offline) or an AGENTS.md edit rewrites the summaries
// with every link resolving, and --all gives the wiki a fresh add would; a SIGKILL mid-swap is
// rolled back by the next command; usage errors and exit codes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KEY, TEST_KEY_ENV, writeTestConfig } from './support/compiler-corpus.js';
import { defaultAnswer, startFakeOpenAiServer, type FakeOpenAiServer } from './support/fake-openai-server.js';
import { danglingLinks, leftovers, listFiles, newKb, sha256, wikiSnapshot } from './support/kb-state.js';
import { runKb } from './support/run-kb.js';
import { HAS_SCRIPT, runKbOnTerminal } from './support/run-on-terminal.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-recompile-');
const env = { [TEST_KEY_ENV]: TEST_KEY };

const DOCS: Record<string, string> = {
  'compiler.md': '# Rust Compiler\n\nThe borrow checker enforces ownership. Ownership and borrowing make the compiler strict.\n\n## Lifetimes\n\nLifetimes tell the borrow checker how long references live. See [[Ownership]].\n',
  'harbour-notes.md': '# Harbour Notes\n\nTides in the harbour matter for ships. Harbour tides and lighthouse keepers.\n\n## Pilots\n\nHarbour pilots guide ships past the breakwater at high tide.\n',
  'tide-tables.txt': 'Tide tables\n\nThe tide tables list high tide and low tide for every harbour. Ships wait for the tide.\n',
  'zeppelin.html': '<html><head><title>Zeppelin Flights</title></head><body><h1>Zeppelin Flights</h1><p>Airships crossed the Atlantic. Zeppelin airships used hydrogen gas cells.</p><h2>Hindenburg</h2><p>The Hindenburg airship burned at Lakehurst, near the harbour.</p></body></html>\n',
};

let server: FakeOpenAiServer;
/** KBs built once by `kb add` (offline, LLM); each test works on its own copy. */
let shared = '';
const BASE = { offline: '', llm: '' };
beforeAll(async () => {
  server = await startFakeOpenAiServer();
  // The model follows AGENTS.md: a KB whose conventions ask for it gets other summaries.
  server.fallback = (request) => {
    const answer = defaultAnswer(request) as { description: string };
    return request.system.includes('Speak like a sailor') ? { ...answer, description: `Ahoy! ${answer.description}` } : answer;
  };
  shared = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-recompile-shared-')));
  BASE.offline = await kbWithDocs(shared, 'offline');
  BASE.llm = await kbWithDocs(shared, 'llm', true);
});
afterAll(async () => {
  await server.close();
  fs.rmSync(shared, { recursive: true, force: true });
});

/** A copy of a base KB in a fresh temp dir: `{ work, root }`. */
function copyOf(base: string): { work: string; root: string } {
  const work = fs.realpathSync(tempDir());
  const root = path.join(work, 'kb');
  fs.cpSync(base, root, { recursive: true });
  return { work, root };
}

/** A KB at `<work>/<name>/kb` with DOCS added from `<work>/in` (scan order: compiler, harbour-notes, tide-tables, zeppelin). */
async function kbWithDocs(work: string, name: string, llm = false): Promise<string> {
  const input = path.join(work, 'in');
  if (!fs.existsSync(input)) {
    fs.mkdirSync(input);
    for (const [file, text] of Object.entries(DOCS)) fs.writeFileSync(path.join(input, file), text);
  }
  const root = newKb(path.join(work, name));
  writeTestConfig(root, llm ? { baseUrl: server.baseUrl } : undefined);
  const added = await runKb(['--kb', root, 'add', input], { cwd: work, env });
  expect(added.code, added.stderr).toBe(0);
  return root;
}

/** Every byte of raw/ and wiki/, and every row of kb.db but the commit history. */
function exactState(root: string): { files: Record<string, string>; db: Record<string, unknown[]> } {
  const files: Record<string, string> = {};
  for (const rel of [...listFiles(root, 'raw'), ...listFiles(root, 'wiki')]) files[rel] = sha256(fs.readFileSync(path.join(root, rel)));
  const db = new Database(path.join(root, '.kb', 'kb.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'commits' ORDER BY name").pluck().all() as string[];
    return { files, db: Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()])) };
  } finally {
    db.close();
  }
}

/**
 * kb.db's rows (commit history aside) as two KBs built differently can agree on them: search
 * rows without their row ids (a rewritten page's rows get new ones), FTS internals left out,
 * and, unless `times`, documents without their wall-clock columns.
 */
function comparableRows(root: string, times = false): Record<string, unknown[]> {
  const { db } = exactState(root);
  const sorted = (rows: unknown[]): unknown[] => rows.map((r) => JSON.stringify(r)).sort();
  const out: Record<string, unknown[]> = Object.fromEntries(Object.entries(db).filter(([table]) => !table.startsWith('search_text_')));
  out.search_rows = sorted((db.search_rows as Record<string, unknown>[]).map(({ id: _id, ...rest }) => rest));
  out.search_text = sorted(db.search_text as unknown[]);
  if (!times) out.documents = (db.documents as Record<string, unknown>[]).map(({ added_at: _a, updated_at: _u, ...rest }) => rest);
  // What kb wrote at each page, but when: the log's entries and every file's mtime are the moment's.
  out.page_records = sorted((db.page_records as Record<string, unknown>[]).filter((r) => !String(r.path).startsWith('wiki/log')).map(({ mtime_ms: _m, ...rest }) => rest));
  return out;
}

function withoutLog(snapshot: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot).filter(([rel]) => !rel.startsWith('wiki/log')));
}

const read = (root: string, rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');

describe('kb recompile', () => {
  it('an unchanged KB changes no byte: one document, --all, --dry-run; "up to date", no journal, no log entry', async () => {
    const { work, root } = copyOf(BASE.offline);
    const before = exactState(root);
    for (const doc of ['compiler', 'harbour-notes', 'tide-tables', 'zeppelin']) {
      const one = await runKb(['--kb', root, 'recompile', doc], { cwd: work });
      expect(one.code, one.stderr).toBe(0);
      expect(one.stdout.trim()).toBe(`${doc}: up to date`);
    }
    const all = await runKb(['--kb', root, 'recompile', '--all'], { cwd: work });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.trim()).toBe('4 documents: up to date');
    const json = await runKb(['--kb', root, '--json', 'recompile', '--all', '--yes', '--dry-run'], { cwd: work });
    expect(JSON.parse(json.stdout)).toEqual({ docs: ['compiler', 'harbour-notes', 'tide-tables', 'zeppelin'], changed: 0, applied: false, plan: [] });
    expect(exactState(root)).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  it('puts back registry rows that differ while every page is as it should be (only log.md changes)', async () => {
    const { work, root } = copyOf(BASE.offline);
    const db = new Database(path.join(root, '.kb/kb.db'));
    const scores = () => db.prepare("SELECT concept, score, mentions FROM concept_docs WHERE doc = 'harbour-notes' ORDER BY concept").all();
    const original = scores();
    expect(original.length).toBeGreaterThan(0);
    db.prepare("UPDATE concept_docs SET score = score + 1, mentions = mentions + 1 WHERE doc = 'harbour-notes'").run();
    const wiki = withoutLog(wikiSnapshot(root));

    const dry = await runKb(['--kb', root, '--json', 'recompile', 'harbour-notes', '--dry-run'], { cwd: work });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ changed: 1, applied: false, plan: [{ action: 'MODIFY', path: 'wiki/log.md' }] });
    expect(scores()).not.toEqual(original);

    const fixed = await runKb(['--kb', root, 'recompile', 'harbour-notes'], { cwd: work });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/recompiled harbour-notes: 1 page changed/);
    expect(scores()).toEqual(original);
    expect(withoutLog(wikiSnapshot(root))).toEqual(wiki);
    const again = await runKb(['--kb', root, 'recompile', 'harbour-notes'], { cwd: work });
    expect(again.stdout.trim()).toBe('harbour-notes: up to date');
    db.close();
  });

  it('regenerates a summary page the user deleted (byte for byte) or corrupted', async () => {
    const { work, root } = copyOf(BASE.offline);
    const original = read(root, 'wiki/summaries/zeppelin.md');
    fs.rmSync(path.join(root, 'wiki/summaries/zeppelin.md'));
    const restored = await runKb(['--kb', root, 'recompile', 'zeppelin.html'], { cwd: work });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/CREATE\s+wiki\/summaries\/zeppelin\.md/);
    expect(restored.stdout).toMatch(/MODIFY\s+wiki\/log\.md/);
    expect(read(root, 'wiki/summaries/zeppelin.md')).toBe(original);
    expect(read(root, 'wiki/log.md')).toMatch(/\] recompile \| zeppelin \(zeppelin\.html\)/);

    fs.writeFileSync(path.join(root, 'wiki/summaries/compiler.md'), 'scribbled over\n');
    const fixed = await runKb(['--kb', root, '--json', 'recompile', 'comp'], { cwd: work });
    expect(fixed.code, fixed.stderr).toBe(0);
    const result = JSON.parse(fixed.stdout) as { docs: string[]; applied: boolean; plan: { action: string; path: string }[] };
    expect(result.docs).toEqual(['compiler']);
    expect(result.applied).toBe(true);
    expect(result.plan).toContainEqual({ action: 'MODIFY', path: 'wiki/summaries/compiler.md' });
    expect(read(root, 'wiki/summaries/compiler.md')).toContain('[[sources/compiler]]');
    // The document's own [[Ownership]] stays escaped text, as at add.
    expect(read(root, 'wiki/sources/compiler.md')).toContain('\\[\\[Ownership]]');
    expect(danglingLinks(root)).toEqual([]);
  });

  it('offline → LLM: --all rewrites the summaries, every link resolves, and the wiki is the one a fresh LLM add builds; --offline goes back', async () => {
    const { work, root } = copyOf(BASE.offline);
    const offlineWiki = wikiSnapshot(root);
    writeTestConfig(root, { baseUrl: server.baseUrl });
    const dry = await runKb(['--kb', root, 'recompile', '--all', '--dry-run'], { cwd: work, env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/MODIFY\s+wiki\/summaries\/zeppelin\.md/);
    expect(dry.stdout).toContain('dry run: nothing changed');
    expect(wikiSnapshot(root)).toEqual(offlineWiki);

    const run = await runKb(['--kb', root, 'recompile', '--all', '--yes'], { cwd: work, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/recompiled 4 documents: \d+ pages changed/);
    expect(run.stderr).toContain('analysed 4/4 documents');
    expect(read(root, 'wiki/summaries/zeppelin.md')).toContain('A whole analysis of Zeppelin Flights.');
    expect(danglingLinks(root)).toEqual([]);
    expect((await runKb(['--kb', root, 'doctor'], { env })).code).toBe(0);
    expect(read(root, 'wiki/log.md')).toMatch(/\] recompile \| all documents \(4\)/);

    expect(withoutLog(wikiSnapshot(root))).toEqual(withoutLog(wikiSnapshot(BASE.llm)));
    expect(comparableRows(root)).toEqual(comparableRows(BASE.llm));

    const back = await runKb(['--kb', root, '--offline', 'recompile', '--all', '--yes'], { cwd: work, env });
    expect(back.code, back.stderr).toBe(0);
    expect(withoutLog(wikiSnapshot(root))).toEqual(withoutLog(offlineWiki));
    // Back to the rows it had, wall-clock columns included: recompile keeps a document's times.
    expect(comparableRows(root, true)).toEqual(comparableRows(BASE.offline, true));
    expect(leftovers(root)).toEqual([]);
  });

  it('after an AGENTS.md edit the LLM engine writes new summaries; links resolve', async () => {
    const { work, root } = copyOf(BASE.llm);
    const before = read(root, 'wiki/summaries/harbour-notes.md');
    fs.appendFileSync(path.join(root, 'wiki/AGENTS.md'), '\n- Speak like a sailor.\n');
    const run = await runKb(['--kb', root, 'recompile', 'harbour-notes'], { cwd: work, env });
    expect(run.code, run.stderr).toBe(0);
    const after = read(root, 'wiki/summaries/harbour-notes.md');
    expect(after).not.toBe(before);
    expect(after).toContain('Ahoy! A whole analysis of Harbour Notes.');
    expect(read(root, 'wiki/index.md')).toContain('Ahoy!');
    expect(danglingLinks(root)).toEqual([]);

    // The provider refusing one document fails the command, and nothing changes.
    const before2 = exactState(root);
    server.script({ answer: { kind: 'status', status: 401 }, match: 'Zeppelin Flights' });
    const refused = await runKb(['--kb', root, 'recompile', '--all', '--yes'], { cwd: work, env });
    expect(refused.code, refused.stderr).toBe(6);
    expect(refused.stderr).toContain('zeppelin');
    expect(exactState(root)).toEqual(before2);
  });

  it('a SIGKILL during --all, after some pages were replaced, is rolled back by the next command byte for byte', async () => {
    const { work, root } = copyOf(BASE.offline);
    fs.appendFileSync(path.join(root, '.kb', 'config.yaml'), 'compile:\n  concepts_per_document: 0\n');
    const before = exactState(root);
    const crashed = await runKb(['--kb', root, 'recompile', '--all', '--yes'], { cwd: work, env: { KB_TEST_CRASH_AT: 'target:3:applied' } });
    expect(crashed.signal).toBe('SIGKILL');
    expect(exactState(root).files).not.toEqual(before.files);
    expect(leftovers(root).some((entry) => entry.startsWith('.kb/journal/'))).toBe(true);
    const list = await runKb(['--kb', root, 'list'], { cwd: work });
    expect(list.code, list.stderr).toBe(0);
    expect(exactState(root)).toEqual(before);
    expect(leftovers(root)).toEqual([]);
    // Killed while the new tree is built in staging: the next command sweeps it.
    const staged = await runKb(['--kb', root, 'recompile', '--all', '--yes'], { cwd: work, env: { KB_TEST_CRASH_AT: 'recompile:staged' } });
    expect(staged.signal).toBe('SIGKILL');
    expect(leftovers(root)).toEqual([expect.stringMatching(/^\.kb\/staging\/\d+-\d+-[0-9a-f]+$/)]);
    expect((await runKb(['--kb', root, 'status'], { cwd: work })).code).toBe(0);
    expect(leftovers(root)).toEqual([]);
    expect(exactState(root)).toEqual(before);
    // And when it is not killed, the pages of unshared concepts go, links resolving.
    const run = await runKb(['--kb', root, 'recompile', '--all', '--yes'], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/DELETE\s+wiki\/concepts\//);
    expect(danglingLinks(root)).toEqual([]);
  });

  it('usage errors and exit codes', async () => {
    const { work, root } = copyOf(BASE.offline);
    fs.writeFileSync(path.join(root, 'wiki/summaries/tide-tables.md'), 'broken\n');
    const before = exactState(root);
    const none = await runKb(['--kb', root, 'recompile'], { cwd: work });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--all');
    const both = await runKb(['--kb', root, 'recompile', 'zeppelin', '--all'], { cwd: work });
    expect(both.code).toBe(2);
    const unconfirmed = await runKb(['--kb', root, 'recompile', '--all'], { cwd: work });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');
    const unknown = await runKb(['--kb', root, 'recompile', 'nothing-like-this'], { cwd: work });
    expect(unknown.code).toBe(1);
    const dry = await runKb(['--kb', root, 'recompile', 'tide-tables', '--dry-run'], { cwd: work });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/MODIFY\s+wiki\/summaries\/tide-tables\.md/);
    expect(exactState(root)).toEqual(before);
    const noKb = await runKb(['--kb', path.join(work, 'nowhere'), 'recompile', '--all', '--yes'], { cwd: work });
    expect(noKb.code).toBe(3);
  });
});

describe.skipIf(!HAS_SCRIPT)('kb recompile --all asks on a terminal', () => {
  it('shows the plan; n keeps the KB as it is, y recompiles', async () => {
    const { root } = copyOf(BASE.offline);
    fs.appendFileSync(path.join(root, '.kb', 'config.yaml'), 'compile:\n  concepts_per_document: 0\n');
    const before = exactState(root);
    const no = await runKbOnTerminal(['--kb', root, 'recompile', '--all'], 'n\r');
    expect(no.code, no.output).toBe(0);
    expect(no.output).toMatch(/DELETE\s+wiki\/concepts\//);
    expect(no.output).toContain('nothing recompiled');
    expect(exactState(root)).toEqual(before);
    const yes = await runKbOnTerminal(['--kb', root, 'recompile', '--all'], 'y\r');
    expect(yes.code, yes.output).toBe(0);
    expect(yes.output).toMatch(/recompiled 4 documents: \d+ pages changed/);
    expect(exactState(root)).not.toEqual(before);
  });
});
