// `kb mcp` driven as a real child process by the official SDK's client over stdio: the tools it
// lists, each tool's result against the CLI's (the offline engine answers queries), paths that leave the wiki refused, results cut
// at mcp.max_result_chars, and a clean exit when the client closes or on SIGTERM.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { writeMixedCorpus } from './support/add-corpus.js';
import { expectConsistent, registry } from './support/kb-state.js';
import { buildPdf } from './support/fixtures/pdf-builder.js';
import { useKbWithDocs } from './support/kb-with-docs.js';
import { childEnv, KB_BIN, runKb } from './support/run-kb.js';
import { useFakeOpenAiServer } from './support/use-fake-openai-server.js';
import { useTempDirs } from './support/temp-dirs.js';
import { waitUntil } from './support/wait-until.js';

const tempDir = useTempDirs('kb-mcp-');

const TIDES = [
  '# Tides',
  'The moon raises two tides a day on most coasts.',
  '## Spring tides',
  'At new and full moon the sun and the moon pull together, and the range is largest.',
  '## Neap tides',
  'At the quarter moons the range is smallest.',
].join('\n\n');
const LEDGER = buildPdf({
  pages: [['Dues of the spring season were paid in silver.'], ['Spring dues closed in May.'], ['Autumn dues were paid in grain.'], ['Autumn dues closed in November.']],
  outline: [{ title: 'Spring', page: 1 }, { title: 'Autumn', page: 3 }],
});
const kb = useKbWithDocs('kb-mcp-kb-', { 'tides.md': TIDES, 'gauges.md': '# Gauges\n\nA float gauge in a stilling well records the water level every ten minutes.\n', 'ledger.pdf': LEDGER }, ['--offline']);

const open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close().catch(() => undefined)));
});

async function connect(root: string): Promise<{ client: Client; transport: StdioClientTransport; errors: Error[] }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [KB_BIN, '--kb', root, 'mcp'], env: childEnv() as Record<string, string>, stderr: 'pipe' });
  const client = new Client({ name: 'kb-test', version: '1.0.0' });
  const errors: Error[] = [];
  // Anything on stdout that is not a protocol message shows up here.
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  open.push(client);
  return { client, transport, errors };
}

function allowWrites(root: string): string {
  const config = path.join(root, '.kb', 'config.yaml');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('allow_writes: false', 'allow_writes: true'));
  return root;
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = result.content as { type: string; text: string }[];
  return first!.text;
}

async function cliJson(root: string, ...args: string[]): Promise<unknown> {
  const run = await runKb(['--kb', root, '--json', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('kb mcp', () => {
  it('lists its tools and resources; search and list_documents answer as kb search and kb list do', async () => {
    const { client, errors } = await connect(kb.root());
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['add', 'list_documents', 'query', 'read_page', 'read_section', 'search']);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['kb://wiki/index.md']);

    const search = await client.callTool({ name: 'search', arguments: { query: 'spring tides', limit: 5 } });
    expect(search.isError).toBeFalsy();
    expect(JSON.parse(textOf(search))).toEqual(await cliJson(kb.root(), 'search', 'spring tides', '--limit', '5', '--sections', '2'));

    const list = JSON.parse(textOf(await client.callTool({ name: 'list_documents', arguments: {} })));
    expect(list).toEqual({ total: 3, offset: 0, documents: await cliJson(kb.root(), 'list') });
    expect(JSON.parse(textOf(await client.callTool({ name: 'list_documents', arguments: { offset: 1, limit: 1 } }))).documents).toEqual([list.documents[1]]);

    const query = await client.callTool({ name: 'query', arguments: { question: 'When is the tidal range largest?' } });
    expect(JSON.parse(textOf(query))).toEqual(await cliJson(kb.root(), 'query', 'When is the tidal range largest?'));
    expect(JSON.parse(textOf(query)).answer).toContain('new and full moon');
    expect(errors).toEqual([]);
  });

  it('reads pages by their path in the wiki, and a section of a document as its converted text', async () => {
    const { client } = await connect(kb.root());
    const summary = fs.readFileSync(path.join(kb.root(), 'wiki/summaries/tides.md'), 'utf8');
    for (const page of ['summaries/tides.md', 'wiki/summaries/tides.md', 'summaries/tides']) {
      expect(textOf(await client.callTool({ name: 'read_page', arguments: { path: page } }))).toBe(summary);
    }
    const index = await client.readResource({ uri: 'kb://wiki/index.md' });
    expect(index.contents[0]).toMatchObject({ uri: 'kb://wiki/index.md', text: fs.readFileSync(path.join(kb.root(), 'wiki/index.md'), 'utf8') });
    expect((await client.readResource({ uri: 'kb://wiki/sources/gauges.md' })).contents[0]).toMatchObject({ text: fs.readFileSync(path.join(kb.root(), 'wiki/sources/gauges.md'), 'utf8') });

    const [hit] = JSON.parse(textOf(await client.callTool({ name: 'search', arguments: { query: 'quarter moons' } }))) as { section: number }[];
    const section = JSON.parse(textOf(await client.callTool({ name: 'read_section', arguments: { doc: 'tides', section: hit!.section } })));
    expect(section).toEqual({ doc: 'tides', section: hit!.section, title: 'Neap tides', level: 2, text: '## Neap tides\n\nAt the quarter moons the range is smallest.', sections: 3 });
    const missing = await client.callTool({ name: 'read_section', arguments: { doc: 'tides', section: 9 } });
    expect([missing.isError, textOf(missing)]).toEqual([true, 'tides has sections 0 to 2, not 9']);

    // A PDF's section by a page it covers.
    expect(JSON.parse(textOf(await client.callTool({ name: 'read_section', arguments: { doc: 'ledger', page: 4 } })))).toMatchObject({ title: 'Autumn', pages: [3, 4], text: expect.stringContaining('Autumn dues closed in November.') });
    // A range of PDF pages: the sections that cover them, section-precise.
    const range = JSON.parse(textOf(await client.callTool({ name: 'read_section', arguments: { doc: 'ledger', page: 3, to_page: 4 } })));
    expect(range).toMatchObject({ doc: 'ledger', pages: [3, 4], parts: [{ title: 'Autumn', level: 1, pages: [3, 4] }], sections: 2 });
    expect(range.text).toContain('Autumn dues were paid in grain.');
    expect(range.text).toContain('Autumn dues closed in November.');
    expect(range.text).not.toContain('silver');
    const across = JSON.parse(textOf(await client.callTool({ name: 'read_section', arguments: { doc: 'ledger', page: 2, to_page: 3 } })));
    expect(across.parts.map((p: { title: string }) => p.title)).toEqual(['Spring', 'Autumn']);
    expect(across.text).toMatch(/Spring dues closed in May\.[\s\S]*Autumn dues were paid in grain\./);
    const refusals: [Record<string, unknown>, string][] = [
      [{ doc: 'ledger', page: 9 }, 'no section of ledger covers page 9 (it has 4 pages)'],
      [{ doc: 'ledger', page: 7, to_page: 9 }, 'no section of ledger covers pages 7–9 (it has 4 pages)'],
      [{ doc: 'ledger', page: 3, to_page: 2 }, 'to_page 2 is before page 3'],
      [{ doc: 'ledger', section: 0, to_page: 2 }, 'to_page needs page, the first page of the range'],
      [{ doc: 'tides', page: 1, to_page: 2 }, 'tides has no pages (not a PDF): give a section number'],
      [{ doc: 'tides', page: 1 }, 'tides has no pages (not a PDF): give a section number'],
      [{ doc: 'ledger' }, 'give either section or page'],
      [{ doc: 'ledger', section: 0, page: 1 }, 'give either section or page'],
      [{ doc: 'nowhere', section: 0 }, 'no document named nowhere (list_documents names them)'],
    ];
    for (const [args, message] of refusals) {
      const refused = await client.callTool({ name: 'read_section', arguments: args });
      expect([refused.isError, textOf(refused)], JSON.stringify(args)).toEqual([true, message]);
    }
  });

  it('refuses a path that leaves the wiki (.., absolute, a symlink out), or names no page (a folder), with a tool error, and goes on serving', async () => {
    const work = fs.realpathSync(tempDir());
    const root = kb.copy(work);
    fs.writeFileSync(path.join(work, 'secret.md'), 'outside the KB');
    fs.symlinkSync(path.join(work, 'secret.md'), path.join(root, 'wiki/sources/link-out.md'));
    fs.mkdirSync(path.join(root, 'wiki/folder.md'));
    const { client } = await connect(root);
    const refusals = {
      '../.kb/config.yaml': '../.kb/config.yaml: ".." is not allowed; only pages under wiki/ can be read',
      'sources/../../secret.md': 'sources/../../secret.md: ".." is not allowed; only pages under wiki/ can be read',
      [path.join(work, 'secret.md')]: `${path.join(work, 'secret.md')}: give a page path inside the wiki, such as sources/<doc>.md`,
      'sources/link-out.md': 'sources/link-out.md leads outside the wiki; only pages under wiki/ can be read',
      'sources/nothing.md': 'no page wiki/sources/nothing.md (list_documents and search name the pages there are)',
      'folder.md': 'no page wiki/folder.md (list_documents and search name the pages there are)',
    };
    for (const [page, message] of Object.entries(refusals)) {
      const result = await client.callTool({ name: 'read_page', arguments: { path: page } });
      expect([result.isError, textOf(result)], page).toEqual([true, message]);
    }
    await expect(client.readResource({ uri: 'kb://wiki/../.kb/config.yaml' })).rejects.toThrow();
    // Still serving.
    expect(textOf(await client.callTool({ name: 'read_page', arguments: { path: 'sources/gauges.md' } }))).toContain('stilling well');
  });

  it('cuts a result at mcp.max_result_chars and says so', async () => {
    const work = fs.realpathSync(tempDir());
    const root = kb.copy(work);
    const config = path.join(root, '.kb', 'config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/max_result_chars: \d+/, 'max_result_chars: 1000'));
    fs.writeFileSync(path.join(root, 'wiki/notes.md'), `# Notes\n\n${'A long line of notes. '.repeat(200)}\n`);
    const { client } = await connect(root);
    const text = textOf(await client.callTool({ name: 'read_page', arguments: { path: 'notes.md' } }));
    expect(text.slice(0, 1000)).toBe(fs.readFileSync(path.join(root, 'wiki/notes.md'), 'utf8').slice(0, 1000));
    expect(text.slice(1000)).toBe('\n\n[kb: cut at 1000 of 4410 characters (config mcp.max_result_chars); read_section reads a long document a section at a time]');
  });

  it('add is refused unless mcp.allow_writes; with it, a folder is added as kb add does, and kb doctor is clean', async () => {
    const refused = await (await connect(kb.root())).client.callTool({ name: 'add', arguments: { path: '/tmp' } });
    expect([refused.isError, textOf(refused)]).toEqual([true, 'writing is off for agents: set mcp.allow_writes: true in .kb/config.yaml to let kb mcp add documents']);

    const work = fs.realpathSync(tempDir());
    const root = allowWrites(kb.copy(work));
    const input = path.join(work, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'surge.md'), '# Storm Surge\n\nWind piles water against the coast.\n');
    fs.writeFileSync(path.join(input, 'empty.txt'), '');
    const { client } = await connect(root);
    const relative = await client.callTool({ name: 'add', arguments: { path: 'in' } });
    expect([relative.isError, textOf(relative)]).toEqual([true, 'in: give an absolute path to a file or folder on this machine']);
    const added = JSON.parse(textOf(await client.callTool({ name: 'add', arguments: { path: input } })));
    expect(added).toEqual({
      files: [
        { path: path.join(input, 'empty.txt'), doc: null, status: 'failed', reason: 'empty file' },
        { path: path.join(input, 'surge.md'), doc: 'surge', status: 'added', reason: null },
      ],
      added: 1,
      skipped: 0,
      failed: 1,
    });
    expect(textOf(await client.callTool({ name: 'search', arguments: { query: 'storm surge' } }))).toContain('wiki/sources/surge.md');
    expectConsistent(root, 'after an add through kb mcp');
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
  });

  it('a SIGKILL of the server during an add is recovered by the next kb command: the documents committed before it, whole, and nothing half-written', async () => {
    const work = fs.realpathSync(tempDir());
    const root = allowWrites(kb.copy(work));
    const input = path.join(work, 'in');
    writeMixedCorpus(input, { count: 40 });
    const { client, transport } = await connect(root);
    const child = (transport as unknown as { _process: ChildProcess })._process;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void client.callTool({ name: 'add', arguments: { path: input } }).catch(() => undefined);
    // Some documents committed, more to come: kill it mid-batch.
    await waitUntil(() => registry(root).length >= 7, 60_000);
    child.kill('SIGKILL');
    await exited;
    const status = await runKb(['--kb', root, 'status']);
    expect(status.code, status.stderr).toBe(0);
    const rows = expectConsistent(root, 'after the kill and the next command');
    // The 2 documents it had, at least 5 of the 40 added, and not all of them: the kill came mid-batch.
    expect(rows.length).toBeGreaterThanOrEqual(7);
    expect(rows.length).toBeLessThan(42);
    const doctor = await runKb(['--kb', root, 'doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
  });

  it('exits 0 when the client closes stdin, and on SIGTERM', async () => {
    for (const stop of ['close', 'SIGTERM'] as const) {
      const { client, transport } = await connect(kb.root());
      const child = (transport as unknown as { _process: ChildProcess })._process;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      if (stop === 'close') child.stdin!.end();
      else child.kill('SIGTERM');
      expect(await exited, stop).toBe(0);
      await client.close().catch(() => undefined);
    }
  });
});

describe('kb mcp with an LLM configured', () => {
  const server = useFakeOpenAiServer();

  it('query answers through the LLM, with the citations kb checks; --offline answers offline', async () => {
    const root = kb.copy(fs.realpathSync(tempDir()));
    const config = path.join(root, '.kb', 'config.yaml');
    fs.writeFileSync(config, yaml.dump({ llm: { provider: 'openai', model: 'fake-model', base_url: server().baseUrl, api_key_env: 'KB_TEST_MCP_KEY', max_retries: 0 } }));
    server().script({ answer: { kind: 'text', content: 'Spring tides come at new and full moon [[sources/tides]]; see [[concepts/nowhere|nowhere]].' } });
    const transport = new StdioClientTransport({ command: process.execPath, args: [KB_BIN, '--kb', root, 'mcp'], env: { ...(childEnv() as Record<string, string>), KB_TEST_MCP_KEY: 'sk-test' }, stderr: 'pipe' });
    const client = new Client({ name: 'kb-test', version: '1.0.0' });
    await client.connect(transport);
    open.push(client);
    const result = JSON.parse(textOf(await client.callTool({ name: 'query', arguments: { question: 'When are spring tides?' } })));
    expect(result).toMatchObject({ engine: 'llm', answer: 'Spring tides come at new and full moon [[sources/tides]]; see nowhere.', citations: [{ target: 'sources/tides', page: 'wiki/sources/tides.md' }] });
    expect(server().requests[0]!.user).toBe('When are spring tides?');

    const offline = new Client({ name: 'kb-test', version: '1.0.0' });
    await offline.connect(new StdioClientTransport({ command: process.execPath, args: [KB_BIN, '--kb', root, '--offline', 'mcp'], env: childEnv() as Record<string, string>, stderr: 'pipe' }));
    open.push(offline);
    expect(JSON.parse(textOf(await offline.callTool({ name: 'query', arguments: { question: 'When are spring tides?' } }))).engine).toBe('offline');
    expect(server().requests).toHaveLength(1);
  });

  it('serves reads while a query waits on the LLM: search, read_page and read_section answer before it does', async () => {
    const root = kb.copy(fs.realpathSync(tempDir()));
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), yaml.dump({ llm: { provider: 'openai', model: 'fake-model', base_url: server().baseUrl, api_key_env: 'KB_TEST_MCP_KEY', max_retries: 0, timeout_s: 60 } }));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    server().script({ answer: { kind: 'held', release: released, then: { kind: 'text', content: 'Neap tides come at the quarter moons [[sources/tides]].' } } });
    const client = new Client({ name: 'kb-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [KB_BIN, '--kb', root, 'mcp'], env: { ...(childEnv() as Record<string, string>), KB_TEST_MCP_KEY: 'sk-test' }, stderr: 'pipe' }));
    open.push(client);
    let answered = false;
    const query = client.callTool({ name: 'query', arguments: { question: 'When are neap tides?' } }).finally(() => (answered = true));
    // The query holds its read of the KB while the model thinks.
    await waitUntil(() => server().requests.length === 1, 20_000);
    // If the reads waited for the query, release it anyway so the server can be closed.
    const timeout = setTimeout(release, 12_000);
    const meanwhile = await Promise.race([
      Promise.all([
        client.callTool({ name: 'search', arguments: { query: 'float gauge' } }),
        client.callTool({ name: 'read_page', arguments: { path: 'sources/gauges.md' } }),
        client.callTool({ name: 'read_section', arguments: { doc: 'ledger', page: 3 } }),
      ]),
      new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 10_000)),
    ]);
    expect(meanwhile, 'reads waited for the query').not.toBe('blocked');
    const [search, page, section] = meanwhile as Awaited<ReturnType<Client['callTool']>>[];
    expect(textOf(search!)).toContain('wiki/sources/gauges.md');
    expect(textOf(page!)).toContain('stilling well');
    expect(textOf(section!)).toContain('Autumn dues were paid in grain.');
    expect(answered).toBe(false);
    clearTimeout(timeout);
    release();
    expect(JSON.parse(textOf(await query))).toMatchObject({ engine: 'llm', answer: 'Neap tides come at the quarter moons [[sources/tides]].' });
  });
});
