// `kb query` with an LLM through the built binary against the scripted fake OpenAI server
// (real HTTP, real SDK): the agent's tool calls and what they return, invented links
// demoted, max_turns, bad tool calls answered with errors, --save, streaming on a
// pseudo-terminal with Ctrl-C, and the exit-6 failures.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../src/commands/query.js';
import { extractWikiLinks } from '../src/core/wikilinks.js';
import { buildPdf } from './support/fixtures/pdf-builder.js';
import type { ScriptEntry } from './support/fake-openai-server.js';
import { useKbWithDocs } from './support/kb-with-docs.js';
import { useFakeOpenAiServer } from './support/use-fake-openai-server.js';
import { frontmatter, wikiSnapshot } from './support/kb-state.js';
import { childEnv, KB_BIN, runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-query-llm-');
const KEY_ENV = 'KB_TEST_QUERY_KEY';
const env = { [KEY_ENV]: 'sk-test-query' };
const CONTEXT_TOKENS = 2400;

const DOCS: Record<string, string> = {
  'tug-manual.md': ['# Tug Manual', '', 'How the harbour tugs work. The crew log writes [[double brackets]] around boat names, [[Pelican]] and [[Osprey]].', '', '## Towing lines', '', 'Towing lines are made of nylon and checked for chafe before each tow.', '', '## Engine room', '', 'The engine room holds two diesel engines. The bilge pump runs on a float switch and empties the bilge every hour.', ''].join('\n'),
  'lighthouse.md': `# Lighthouse Keeping\n\nKeepers trimmed the lamp wick every evening.\n\n## The lens\n\n${'A Fresnel lens focuses the lamp into a beam seen twenty miles out. '.repeat(200)}\n`,
};

const server = useFakeOpenAiServer();

/** A KB compiled offline once (so `add` sends no request); each test gets a copy. */
const base = useKbWithDocs(
  'kb-query-llm-template-',
  {
    ...DOCS,
    'ledger.pdf': buildPdf({
      pages: [['Dues of the spring season were paid in silver.'], ['Spring dues closed in May.'], ['Autumn dues were paid in grain.'], ['Autumn dues closed in November.']],
      outline: [{ title: 'Spring', page: 1 }, { title: 'Autumn', page: 3 }],
    }),
  },
  ['--offline'],
);
/** The section of the tug manual that holds the bilge pump. */
let bilgeSection = -1;
beforeAll(async () => {
  const hits = JSON.parse((await runKb(['--kb', base.root(), '--json', 'search', 'bilge pump'])).stdout) as { page: string; section?: number }[];
  bilgeSection = hits.find((h) => h.page === 'wiki/sources/tug-manual.md')!.section!;
});

/** A copy of the template KB switched to the LLM (the fake server). */
function kbWithDocs(query: Record<string, unknown> = {}, llmSettings: Record<string, unknown> = {}): string {
  const root = base.copy(fs.realpathSync(tempDir()));
  const llm = { provider: 'openai', model: 'fake-model', base_url: server().baseUrl, api_key_env: KEY_ENV, timeout_s: 10, max_retries: 0, context_tokens: CONTEXT_TOKENS, ...llmSettings };
  fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), yaml.dump({ llm, query }));
  return root;
}

async function queryJson(root: string, ...args: string[]): Promise<QueryResult> {
  const run = await runKb(['--kb', root, '--json', 'query', ...args], { env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as QueryResult;
}

const tools = (...calls: { name: string; arguments: unknown }[]): ScriptEntry => ({ answer: { kind: 'tools', calls } });
const text = (content: string): ScriptEntry => ({ answer: { kind: 'text', content } });

/** Every request fits the prompt budget: messages and tool definitions, as JSON, four characters a token. */
function expectWithinBudget(): void {
  for (const request of server().requests) expect(JSON.stringify(request.body.messages).length + JSON.stringify(request.body.tools ?? []).length).toBeLessThanOrEqual((CONTEXT_TOKENS * 3) / 4 * 4);
}

describe('kb query with an LLM agent', () => {
  it('searches, reads a section, answers; an invented link is demoted and citations are pages that exist', async () => {
    const root = kbWithDocs();
    const section = bilgeSection;
    server().script(
      tools({ name: 'search', arguments: { query: 'bilge pump' } }),
      tools({ name: 'read_source', arguments: { doc: 'tug-manual', section } }),
      text('The bilge pump runs on a float switch [[sources/tug-manual]]; see also [[concepts/warp-drive|warp drives]].'),
    );
    const result = await queryJson(root, 'what does the bilge pump run on?');
    expect(result.engine).toBe('llm');
    expect(result.answer).toBe('The bilge pump runs on a float switch [[sources/tug-manual]]; see also warp drives.');
    expect(result.citations).toEqual([{ target: 'sources/tug-manual', page: 'wiki/sources/tug-manual.md', title: 'Tug Manual' }]);
    for (const link of extractWikiLinks(result.answer)) expect(fs.existsSync(path.join(root, 'wiki', `${link.target}.md`))).toBe(true);

    expect(server().requests).toHaveLength(3);
    expect(server().requests[0]!.body.tools!.map((t) => t.function.name)).toEqual(['search', 'read_page', 'read_source']);
    expect(server().requests[0]!.body.stream).toBeFalsy();
    expect(server().requests[0]!.user).toBe('what does the bilge pump run on?');
    const found = JSON.parse(server().requests[1]!.toolMessages[0]!.content) as { page: string; section?: number; snippet: string }[];
    expect(found[0]).toMatchObject({ page: 'sources/tug-manual', section });
    expect(found[0]!.snippet).toContain('[bilge]');
    const read = server().requests[2]!.toolMessages[1]!.content;
    expect(read).toContain('The bilge pump runs on a float switch and empties the bilge every hour.');
    expect(read).not.toContain('Towing lines are made of nylon');
    expectWithinBudget();
  });

  it('stops at query.max_turns: a model that keeps calling tools gets a last turn without tools', async () => {
    const root = kbWithDocs({ max_turns: 3 });
    for (let i = 0; i < 5; i++) server().script(tools({ name: 'read_page', arguments: { page: 'sources/lighthouse' } }));
    const result = await queryJson(root, 'how far is the beam seen?');
    expect(server().requests).toHaveLength(3);
    expect(server().requests.map((r) => r.body.tools !== undefined)).toEqual([true, true, false]);
    expect(server().requests[2]!.user).toMatch(/No more tools: answer the question now/);
    expect(result.answer).toBe('');
    // The long page is clipped so the conversation fits the budget.
    expect(server().requests[2]!.toolMessages[0]!.content).toContain('[…cut to fit the prompt budget]');
    expectWithinBudget();

    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), fs.readFileSync(path.join(root, '.kb', 'config.yaml'), 'utf8').replace('max_turns: 3', 'max_turns: 0'));
    const invalid = await runKb(['--kb', root, 'query', 'beam'], { env });
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toContain('query.max_turns');
  });

  it('answers a bad tool call with an error result and still answers', async () => {
    const root = kbWithDocs();
    server().script(
      tools(
        { name: 'fly_to_moon', arguments: {} },
        { name: 'read_page', arguments: { page: '../../.kb/config' } },
        { name: 'read_page', arguments: { page: 'wiki/../.kb/config.yaml' } },
        { name: 'read_source', arguments: '{"doc": "tug-manual", sect' },
        { name: 'search', arguments: { query: 'lamp', limit: 'many' } },
        { name: 'read_source', arguments: { doc: '../sources/tug-manual', section: 0 } },
        { name: 'read_source', arguments: { doc: 'no-such-doc' } },
      ),
      text('Keepers trimmed the lamp wick every evening [[sources/lighthouse]].'),
    );
    const result = await queryJson(root, 'what did keepers trim?');
    expect(result.answer).toBe('Keepers trimmed the lamp wick every evening [[sources/lighthouse]].');
    const results = server().requests[1]!.toolMessages.map((m) => m.content);
    expect(results).toHaveLength(7);
    for (const r of results) expect(r).toMatch(/^error: /);
    expect(results[0]).toContain('no tool named "fly_to_moon"');
    expect(results[3]).toContain('not valid JSON');
    expect(results[4]).toContain('limit');
    expect(results.join('\n')).not.toContain('provider');
  });

  it('read_source reads a range of PDF pages from the sections, or the outline', async () => {
    const root = kbWithDocs();
    server().script(tools({ name: 'read_source', arguments: { doc: 'ledger', from_page: 3, to_page: 4 } }, { name: 'read_source', arguments: { doc: 'sources/ledger' } }), text('Autumn dues were paid in grain [[sources/ledger]].'));
    const result = await queryJson(root, 'how were autumn dues paid?');
    expect(result.citations.map((c) => c.target)).toEqual(['sources/ledger']);
    const [range, outline] = server().requests[1]!.toolMessages.map((m) => m.content);
    expect(range).toContain('Autumn dues were paid in grain.');
    expect(range).toContain('Autumn dues closed in November.');
    expect(range).not.toContain('silver');
    expect(outline).toMatch(/^Sections of ledger:\n.*Spring \(p\. 1–2\)\n.*Autumn \(p\. 3–4\)/);
  });

  it('--save writes the LLM answer as an exploration listed in index.md', async () => {
    const root = kbWithDocs();
    server().script(tools({ name: 'search', arguments: { query: 'towing lines' } }), text('Towing lines are nylon, checked for chafe [[sources/tug-manual|Tug Manual]] and [[summaries/nowhere]].'));
    const result = await queryJson(root, '--save', 'How are towing lines checked?');
    expect(result.saved).toBe('wiki/explorations/how-are-towing-lines-checked.md');
    const page = fs.readFileSync(path.join(root, result.saved!), 'utf8');
    expect(frontmatter(page)).toMatchObject({ type: 'exploration', engine: 'llm', sources: ['[[sources/tug-manual]]'] });
    expect(page).toContain('Towing lines are nylon, checked for chafe [[sources/tug-manual|Tug Manual]] and nowhere.');
    expect(fs.readFileSync(path.join(root, 'wiki/index.md'), 'utf8')).toContain('[[explorations/how-are-towing-lines-checked|How are towing lines checked?]]');
    expect((await runKb(['--kb', root, 'doctor'])).code).toBe(0);
  });

  it('exits 6 when the key is missing (with the hint) or the provider keeps failing (one line)', async () => {
    // Without base_url (OpenAI itself) a key is needed; local servers get by without one.
    const root = kbWithDocs({}, { base_url: null });
    const before = wikiSnapshot(root);
    const noKey = await runKb(['--kb', root, 'query', '--save', 'beam'], { env: { [KEY_ENV]: undefined } });
    expect(noKey.code).toBe(6);
    expect(noKey.stderr).toContain(`${KEY_ENV} is not set`);
    expect(noKey.stderr).toContain('hint: export');
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), yaml.dump({ llm: { provider: 'openai', base_url: server().baseUrl, api_key_env: KEY_ENV, max_retries: 0 } }));
    server().script({ answer: { kind: 'status', status: 500 } });
    const failing = await runKb(['--kb', root, 'query', '--save', 'beam'], { env });
    expect(failing.code).toBe(6);
    expect(failing.stderr.trim()).toBe('kb: error: the LLM failed to answer: HTTP 500 (after 1 tries)');
    // A model whose own turn outgrows the budget fails the query, it does not send it.
    server().script(tools({ name: 'search', arguments: { query: 'beam '.repeat(6000) } }), text('never asked'));
    const tooLong = await runKb(['--kb', root, 'query', 'beam'], { env });
    expect(tooLong.code, tooLong.stderr).toBe(6);
    expect(tooLong.stderr).toMatch(/no longer fits llm\.context_tokens/);
    expect(wikiSnapshot(root)).toEqual(before);
    // --offline answers without the network.
    const offline = await runKb(['--kb', root, '--offline', '--json', 'query', 'beam'], { env: { [KEY_ENV]: undefined } });
    expect(offline.code, offline.stderr).toBe(0);
    expect((JSON.parse(offline.stdout) as QueryResult).engine).toBe('offline');
  });
});

// util-linux `script` gives the child a real terminal: stdout is a TTY, so the answer streams.
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

/** Runs `kb query` on a pseudo-terminal; `onRequest` may type into it once the server has a request. */
function queryOnTerminal(root: string, args: string[], keysAfterRequest?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, KB_BIN, '--kb', root, 'query', ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
    const timer = keysAfterRequest
      ? setInterval(() => {
          if (server().requests.length === 0) return;
          clearInterval(timer);
          child.stdin.write(keysAfterRequest);
        }, 20)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, output: output.replace(/\r\n/g, '\n') });
    });
  });
}

describe.skipIf(!HAS_SCRIPT)('kb query streams on a terminal', () => {
  it('prints the answer line by line with resolved links; Ctrl-C aborts it (130, nothing saved)', async () => {
    const root = kbWithDocs();
    server().script(
      tools({ name: 'search', arguments: { query: 'lamp wick' } }),
      text('Keepers trimmed the lamp wick [[sources/lighthouse|each evening]].\nThe [[concepts/moon-base]] is not in the wiki.\nDone.'),
    );
    const run = await queryOnTerminal(root, ['what did keepers trim?']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('Keepers trimmed the lamp wick [[sources/lighthouse|each evening]].\nThe moon-base is not in the wiki.\nDone.\n\nSources:\n  wiki/sources/lighthouse.md  Lighthouse Keeping\n');
    expect(server().requests.map((r) => r.body.stream)).toEqual([true, true]);

    server().requests.length = 0;
    const before = wikiSnapshot(root);
    server().script({ answer: { kind: 'hang' } });
    const interrupted = await queryOnTerminal(root, ['--save', 'what did keepers trim?'], '\u0003');
    expect(interrupted.code, interrupted.output).toBe(130);
    expect(interrupted.output).toContain('interrupted');
    expect(wikiSnapshot(root)).toEqual(before);
  });
});
