// The compiler contract, run against both engines through the built CLI (`npm run build`
// first): the offline engine, and the LLM engine against a scripted fake OpenAI server on
// 127.0.0.1 (real HTTP, real SDK, real retries). Then LLM-only failure cases and offline
// determinism.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../src/model/render-page.js';
import { LONG_DOC_CHARS, TEST_KEY, TEST_KEY_ENV, writeCompilerCorpus, writeTestConfig } from './support/compiler-corpus.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './support/fake-openai-server.js';
import { danglingLinks, listFiles, newKb, registry, wikiSnapshot } from './support/kb-state.js';
import { runKb, type KbRun } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';
import { OVERVIEW_PROMPT_OPENING } from '../src/llm/synthesize-overview.js';

const tempDir = useTempDirs('kb-contract-');
const CONTEXT_TOKENS = 2000;
/** build-prompts.ts keeps a quarter of the context for the answer. */
const PROMPT_LIMIT = CONTEXT_TOKENS - CONTEXT_TOKENS / 4;

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});

const env = { [TEST_KEY_ENV]: TEST_KEY };

function kbIn(llm: boolean, settings: { maxRetries?: number; timeoutS?: number } = {}, work = tempDir()): { root: string; input: string } {
  const root = newKb(work);
  writeTestConfig(root, llm ? { baseUrl: server.baseUrl, contextTokens: CONTEXT_TOKENS, ...settings } : undefined);
  const input = path.join(work, 'in');
  fs.mkdirSync(input);
  return { root, input };
}

function page(root: string, rel: string): { head: Record<string, unknown>; body: string } {
  const { frontmatter, body } = splitFrontmatter(fs.readFileSync(path.join(root, rel), 'utf8'));
  return { head: (yaml.load(frontmatter) ?? {}) as Record<string, unknown>, body };
}


function logText(root: string): string {
  const file = path.join(root, '.kb', 'logs', 'kb.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

describe.each(['offline', 'llm'] as const)('compiler contract: %s engine', (engine) => {
  let root = '';
  let add: KbRun;
  let requestsBefore = 0;
  let requests: FakeOpenAiServer['requests'] = [];

  beforeAll(async () => {
    // Not tempDir(): that one is emptied after each test, and these tests share one KB.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-contract-shared-'));
    const kb = kbIn(engine === 'llm', {}, work);
    root = kb.root;
    writeCompilerCorpus(kb.input);
    requestsBefore = server.requests.length;
    // --debug: the most verbose logs must still not show the key.
    add = await runKb(['--kb', root, '--debug', 'add', kb.input, '--jobs', '2'], { env });
    requests = server.requests.slice(requestsBefore);
    return () => fs.rmSync(work, { recursive: true, force: true });
  });

  it('adds every document (exit 0) with a source and a summary page', () => {
    expect(add.code, add.stderr).toBe(0);
    const docs = registry(root).map((r) => r.name).sort();
    expect(docs).toEqual(['alpha', 'beta', 'gamma', 'handbook']);
    for (const doc of docs) {
      expect(fs.existsSync(path.join(root, 'wiki/sources', `${doc}.md`))).toBe(true);
      expect(fs.existsSync(path.join(root, 'wiki/summaries', `${doc}.md`))).toBe(true);
    }
  });

  it('gives every summary a description and key points', () => {
    for (const doc of ['alpha', 'beta', 'gamma', 'handbook']) {
      const summary = page(root, `wiki/summaries/${doc}.md`);
      expect(String(summary.head.description ?? '').length, doc).toBeGreaterThan(10);
      expect(summary.body).toMatch(/## Key points\n\n- \S/);
      expect(summary.body).toContain(`[[sources/${doc}]]`);
    }
  });

  it('leaves every wikilink resolvable: kb doctor is clean', async () => {
    expect(danglingLinks(root)).toEqual([]);
    const doctor = await runKb(['--kb', root, 'doctor'], { env });
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  });

  it('compiles the long document section by section', () => {
    const summary = page(root, 'wiki/summaries/handbook.md');
    expect(fs.statSync(path.join(root, 'wiki/sources/handbook.md')).size).toBeGreaterThan(LONG_DOC_CHARS * 3);
    expect(summary.body).toContain('## Outline');
    expect(summary.body).toContain('- Chapter 30: ');
    if (engine === 'offline') {
      // Offline: the outline walks the section tree (every chapter, nested under the title).
      expect(summary.body.match(/^ {2}- Chapter \d+: /gm)).toHaveLength(30);
      expect(requests).toHaveLength(0);
      return;
    }
    const parts = requests.filter((r) => r.user.includes('The Harbour Handbook') && r.user.startsWith('This is part'));
    const merges = requests.filter((r) => r.user.includes('The Harbour Handbook') && r.user.startsWith('Below are analyses'));
    expect(parts.length).toBeGreaterThanOrEqual(5);
    expect(merges.length).toBeGreaterThanOrEqual(1);
    // Every part is tagged with its sections, and together they cover every chapter.
    for (let s = 1; s <= 30; s++) expect(parts.some((r) => r.user.includes(`Chapter ${s}: `)), `chapter ${s}`).toBe(true);
    expect(summary.head.title).toBe('The Harbour Handbook (merge)');
  });

  it.runIf(engine === 'llm')('sends prompts within the budget, carrying AGENTS.md and the KB language, with the key only in the Authorization header', () => {
    const agents = fs.readFileSync(path.join(root, 'wiki/AGENTS.md'), 'utf8').trim();
    expect(requests.length).toBeGreaterThanOrEqual(8);
    expect(requests.filter((r) => r.system.startsWith(OVERVIEW_PROMPT_OPENING)).length).toBeGreaterThan(0);
    for (const request of requests) {
      // structured_output auto: a strict schema, which the fake server takes.
      // Documents are analysed; the overviews of shared pages (issue 22) are asked for after them.
      const overview = request.system.startsWith(OVERVIEW_PROMPT_OPENING);
      expect(request.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: overview ? 'overview' : 'document_analysis', strict: true } });
      expect(request.body.model).toBe('fake-model');
      expect(request.system).toContain(agents);
      expect(request.system).toContain('in this language: en');
      // The same estimate kb uses: ~4 characters a token, plus a little per message.
      expect(Math.ceil(request.chars / 4) + 8, request.user.slice(0, 80)).toBeLessThanOrEqual(PROMPT_LIMIT);
      expect(request.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    }
    const log = logText(root);
    expect(log).toContain('"event":"llm.called"');
    expect(log).toContain('"promptTokens"');
    expect(log + add.stderr + add.stdout).not.toContain(TEST_KEY);
  });
});

describe('LLM engine failures (fake server)', () => {
  const addOne = async (settings: { maxRetries?: number; timeoutS?: number }, files: Record<string, string>, args: string[] = []): Promise<{ root: string; run: KbRun; sent: number }> => {
    const kb = kbIn(true, settings);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(kb.input, name), text);
    const before = server.requests.length;
    const run = await runKb(['--kb', kb.root, ...args, 'add', kb.input], { env });
    return { root: kb.root, run, sent: server.requests.length - before };
  };

  it('429 with Retry-After, then ok: the file is added after one retry', async () => {
    server.script({ answer: { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, match: 'Quay Rules' });
    const { root, run, sent } = await addOne({}, { 'quay.md': '# Quay Rules\n\nShips moor at the quay in order of arrival, and the quay master assigns berths.\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(sent).toBe(2);
    expect(run.ms).toBeGreaterThanOrEqual(1000);
    expect(logText(root)).toMatch(/"event":"llm.retried".*"problem":"HTTP 429".*"delayMs":1000/);
  });

  it('500 on every try fails that file only: others added, exit 1, nothing half-written, doctor clean', async () => {
    server.script(...Array.from({ length: 3 }, () => ({ answer: { kind: 'status' as const, status: 500 }, match: 'Broken Berth' })));
    const { root, run } = await addOne({ maxRetries: 2 }, {
      'a-good.md': '# Good Berth\n\nThe good berth has deep water and a crane for containers at all tides.\n',
      'b-bad.md': '# Broken Berth\n\nThe broken berth is closed for repairs until the new pilings are driven.\n',
      'c-good.md': '# Calm Basin\n\nThe calm basin shelters small craft behind the breakwater in winter storms.\n',
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^failed +\S*b-bad\.md: LLM HTTP 500.*\(after 3 tries\)$/m);
    expect(registry(root).map((r) => r.name).sort()).toEqual(['a-good', 'c-good']);
    const files = [...listFiles(root, 'wiki'), ...listFiles(root, 'raw')];
    expect(files.filter((f) => f.includes('b-bad'))).toEqual([]);
    expect(fs.readdirSync(path.join(root, '.kb', 'journal'))).toEqual([]);
    const doctor = await runKb(['--kb', root, 'doctor'], { env });
    expect(doctor.code, doctor.stdout).toBe(0);
  });

  it('a call that hangs past timeout_s is retried once the server has answered (here with a 503)', async () => {
    server.script({ answer: { kind: 'status', status: 503 }, match: 'Slow Slipway' }, { answer: { kind: 'hang' }, match: 'Slow Slipway' });
    const { root, run, sent } = await addOne({ timeoutS: 2 }, { 'slow.md': '# Slow Slipway\n\nThe slipway hauls boats out of the water on a cradle pulled by a winch.\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(sent).toBe(3);
    expect(logText(root)).toMatch(/"event":"llm.retried".*"problem":"timed out"/);
  });

  it('malformed JSON and a schema mismatch are retried, then the answer is used', async () => {
    server.script({ answer: { kind: 'malformed' }, match: 'Fog Horn' }, { answer: { kind: 'ok', json: { title: 'no description' } }, match: 'Fog Horn' });
    const { root, run, sent } = await addOne({}, { 'fog.md': '# Fog Horn\n\nThe fog horn sounds every thirty seconds whenever visibility drops below a mile.\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(sent).toBe(3);
    expect(page(root, 'wiki/summaries/fog.md').head.description).toBe('A whole analysis of Fog Horn.');
    expect(logText(root)).toMatch(/answer is not JSON/);
    expect(logText(root)).toMatch(/does not match the schema \(description/);
  });

  it('links to pages that do not exist are rewritten to the canonical page or demoted to text; removing a linked document unlinks them', async () => {
    const kb = kbIn(true);
    fs.writeFileSync(path.join(kb.input, 'anchor.md'), '# Anchor Chain\n\nThe anchor chain is measured in shackles of fifteen fathoms each.\n');
    expect((await runKb(['--kb', kb.root, 'add', kb.input], { env })).code).toBe(0);
    // A concept the first document registered: its slug is allocated, so links to it by name must be looked up.
    const db = new Database(path.join(kb.root, '.kb', 'kb.db'), { readonly: true });
    const known = db.prepare('SELECT slug, name FROM concepts ORDER BY key LIMIT 1').get() as { slug: string; name: string };
    db.close();
    fs.writeFileSync(path.join(kb.input, 'buoy.md'), '# Buoy Guide\n\nRed buoys mark the port side of the channel when entering the harbour.\n');
    server.script({
      match: 'Buoy Guide',
      answer: {
        kind: 'ok',
        json: {
          title: 'Buoy Guide',
          description: 'A guide to [[concepts/channel-marks|channel marks]] that cites [[summaries/anchor]].',
          keyPoints: ['Buoys relate to the [[Anchor]] chain.', 'See [[ghosts/nowhere]] and [[../../etc/passwd]].', `Compare [[${capitalised(known.name)}]].`],
          concepts: [{ name: 'buoy', importance: 7, statement: 'A [[concepts/buoy]] marks the channel.' }],
          entities: [],
        },
      },
    });
    const run = await runKb(['--kb', kb.root, 'add', kb.input], { env });
    expect(run.code, run.stderr).toBe(0);
    const summary = page(kb.root, 'wiki/summaries/buoy.md').body;
    expect(summary).toContain('A guide to channel marks that cites [[summaries/anchor]].');
    expect(summary).toContain('- Buoys relate to the [[summaries/anchor|Anchor]] chain.');
    expect(summary).toContain('- See nowhere and passwd.');
    expect(summary).toContain(`- Compare [[concepts/${known.slug}|${capitalised(known.name)}]].`);
    expect(danglingLinks(kb.root)).toEqual([]);
    expect((await runKb(['--kb', kb.root, 'doctor'], { env })).code).toBe(0);

    // Removing the linked document unlinks the summary that links its pages (backlinks.ts).
    const removed = await runKb(['--kb', kb.root, 'remove', 'anchor', '--yes'], { env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/MODIFY\s+wiki\/summaries\/buoy\.md/);
    const after = page(kb.root, 'wiki/summaries/buoy.md').body;
    expect(after).toContain('A guide to channel marks that cites anchor.');
    expect(after).toContain('- Buoys relate to the Anchor chain.');
    expect(after).not.toContain('[[summaries/anchor');
    expect(danglingLinks(kb.root)).toEqual([]);
    expect((await runKb(['--kb', kb.root, 'doctor'], { env })).code).toBe(0);
  });

  it('--offline with an LLM configured sends no request', async () => {
    const { root, run, sent } = await addOne({}, { 'offline.md': '# Offline Chart\n\nCharts show depths in metres at the lowest astronomical tide.\n' }, ['--offline']);
    expect(run.code, run.stderr).toBe(0);
    expect(sent).toBe(0);
    expect(registry(root).map((r) => r.name)).toEqual(['offline']);
  });

  it('exits 6 with a hint when the API key variable is not set (no base_url)', async () => {
    const kb = kbIn(false);
    fs.writeFileSync(path.join(kb.root, '.kb', 'config.yaml'), yaml.dump({ llm: { provider: 'openai', api_key_env: 'KB_TEST_NO_SUCH_KEY' } }));
    fs.writeFileSync(path.join(kb.input, 'x.md'), '# X\n\nSome text that is long enough to be a sentence here.\n');
    const run = await runKb(['--kb', kb.root, 'add', kb.input], { env: { KB_TEST_NO_SUCH_KEY: undefined } });
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/KB_TEST_NO_SUCH_KEY is not set/);
    expect(run.stderr).toMatch(/--offline/);
  });
});

describe('offline determinism', () => {
  it('the same inputs twice give byte-identical wikis (log timestamps aside)', async () => {
    const snapshots: Record<string, string>[] = [];
    for (let i = 0; i < 2; i++) {
      const kb = kbIn(false);
      writeCompilerCorpus(kb.input);
      const run = await runKb(['--kb', kb.root, 'add', kb.input, '--jobs', String(i + 1)]);
      expect(run.code, run.stderr).toBe(0);
      snapshots.push(wikiSnapshot(kb.root));
    }
    expect(Object.keys(snapshots[0]!).length).toBeGreaterThan(8);
    expect(snapshots[1]).toEqual(snapshots[0]);
  });
});

function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
