// `kb add` with an LLM that fails, through the built CLI (`npm run build` first) against real
// servers on 127.0.0.1: a port nobody listens on, a server that accepts and never answers,
// and the scripted fake OpenAI server failing every third request, refusing json_schema, or
// answering with lists missing. Backoffs are shortened with KB_TEST_LLM_BASE_DELAY_MS.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { TEST_KEY, TEST_KEY_ENV } from './support/compiler-corpus.js';
import { useDeadLlmServers } from './support/dead-llm-servers.js';
import { newKb, registry } from './support/kb-state.js';
import { runKb, type KbRun } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';
import { useFakeOpenAiServer } from './support/use-fake-openai-server.js';

const tempDir = useTempDirs('kb-add-llm-');
const server = useFakeOpenAiServer();
const env = { [TEST_KEY_ENV]: TEST_KEY, KB_TEST_LLM_BASE_DELAY_MS: '5' };

const { refusedUrl, silentUrl, silentRequests } = useDeadLlmServers();

const TOPICS = ['quay', 'buoy', 'tug', 'crane', 'berth', 'pilot', 'lock', 'dock', 'ferry', 'barge'];

/** A KB whose llm section is `llm` over the test defaults (no retry or timeout settings unless given), and `count` small documents. */
async function addWithLlm(llm: Record<string, unknown>, count: number, args: string[] = []): Promise<{ root: string; run: KbRun; sent: number }> {
  const work = tempDir();
  const root = newKb(work);
  const config = { llm: { provider: 'openai', model: 'fake-model', base_url: server().baseUrl, api_key_env: TEST_KEY_ENV, ...llm } };
  fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), yaml.dump(config));
  const input = path.join(work, 'in');
  fs.mkdirSync(input);
  for (let i = 0; i < count; i++) {
    const topic = `${TOPICS[i % TOPICS.length]} ${Math.floor(i / TOPICS.length) + 1}`;
    fs.writeFileSync(path.join(input, `doc-${String(i).padStart(2, '0')}.md`), `# Note on ${topic}\n\nThe ${topic} is inspected every spring by the harbour master, who logs its state.\n`);
  }
  const before = server().requests.length;
  const run = await runKb(['--kb', root, ...args, 'add', input], { env });
  return { root, run, sent: server().requests.length - before };
}

const lines = (text: string): string[] => text.split('\n').filter(Boolean);

/** A small seeded PRNG in [0, 1): the same numbers for the same seed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const ch of text) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}

describe('an LLM server that is not there', () => {
  it('connection refused: every file fails at once with that reason, one line on stderr, exit 1', async () => {
    const { root, run } = await addWithLlm({ base_url: refusedUrl() }, 4);
    expect(run.code, run.stderr).toBe(1);
    const out = lines(run.stdout);
    expect(out).toHaveLength(4);
    for (const line of out) expect(line).toMatch(/^failed +\S+doc-\d\d\.md: LLM unavailable: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1 \(connect ECONNREFUSED [\d.:]+\)$/);
    expect(run.stderr.match(/the LLM is unavailable/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/^kb: the LLM is unavailable: cannot reach .*; the remaining files fail \(llm\.on_unreachable: offline compiles them offline instead\)$/m);
    expect(run.stderr).toMatch(/^0 added, 0 skipped, 4 failed in \d+\.\d s$/m);
    expect(registry(root)).toEqual([]);
  });

  it('connection refused with on_unreachable: offline: every file is compiled offline, with a warning', async () => {
    const { root, run } = await addWithLlm({ base_url: refusedUrl(), on_unreachable: 'offline' }, 3, ['--json']);
    expect(run.code, run.stderr).toBe(0);
    const objects = lines(run.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const file of objects.slice(0, 3)) expect(file).toMatchObject({ type: 'file', status: 'added', warnings: ['compiled with the offline engine: the LLM is unavailable'] });
    expect(objects[3]).toMatchObject({ type: 'summary', added: 3, failed: 0, offline: 3, incomplete: 0 });
    expect(run.stderr.match(/the LLM is unavailable/g)).toHaveLength(1);
    expect(registry(root)).toHaveLength(3);
  });

  it('a server that accepts and never answers costs one timeout (of the probe or a call), not one per file or per retry', async () => {
    const before = silentRequests();
    const { run } = await addWithLlm({ base_url: silentUrl(), timeout_s: 1.5 }, 6);
    expect(run.code, run.stderr).toBe(1);
    const out = lines(run.stdout);
    expect(out).toHaveLength(6);
    // The probe (GET /models, given timeout_s here as it is under 10 s) or the first call, whichever times out first.
    const reasons = new Set(out.map((line) => line.replace(/^.*?: /, '')));
    expect([...reasons]).toHaveLength(1);
    expect([...reasons][0]).toMatch(/^LLM unavailable: http:\/\/127\.0\.0\.1:\d+\/v1 did not answer within (llm\.timeout_s \(1\.5 s\)|1\.5 s \(GET \/models\))$/);
    expect(run.stderr.match(/the LLM is unavailable/g)).toHaveLength(1);
    // The probe (GET /models) and the calls in flight when it or the first call timed out
    // (llm.concurrency, 4), and none after: no retries, no call per remaining file. (Wall
    // time is not asserted: the machine may be loaded.)
    expect(silentRequests() - before).toBeLessThanOrEqual(5);
  });
});

describe('a flaky LLM server', () => {
  it('failing one request in three at random with HTTP 500 loses no file of 40 (default retry budget)', async () => {
    // Each document's tries are drawn from a generator seeded by its title, so every run
    // fails the same tries whatever the timing. With this seed two documents fail 4 and 5
    // times in a row: the old budget (3 retries) lost those two files, as users saw.
    const tries = new Map<string, () => number>();
    let failures = 0;
    let longest = 0;
    const runs = new Map<string, number>();
    server().failRequest = (request) => {
      const title = /"([^"]*)"/.exec(request.user)?.[1] ?? '';
      if (!tries.has(title)) tries.set(title, mulberry32(15 ^ fnv1a(title)));
      if (tries.get(title)!() >= 1 / 3) return undefined;
      failures++;
      runs.set(title, (runs.get(title) ?? 0) + 1);
      longest = Math.max(longest, runs.get(title)!);
      return 500;
    };
    // Overviews off: their calls would draw from the same generators (they are counted in test/synthesis.test.ts).
    const { root, run, sent } = await addWithLlm({ concurrency: 4, max_synthesis_calls: 0 }, 40);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(registry(root)).toHaveLength(40);
    expect(sent).toBe(40 + failures);
    expect(longest).toBe(5);
    expect([...runs.values()].filter((n) => n >= 4)).toHaveLength(2);
    expect(failures / sent).toBeGreaterThan(0.3);
  });
});

describe('incomplete answers', () => {
  const incomplete = (match: string, json: Record<string, unknown>) => ({ match, answer: { kind: 'ok' as const, json: { title: match, description: `About ${match}.`, keyPoints: [`${match} matters.`], concepts: [], entities: [], ...json } } });

  it('are filled from the offline engine, with a warning on the file and a count in the summary; json_schema refused once', async () => {
    const script = () =>
      server().script(
        incomplete('quay 1', { keyPoints: undefined }),
        incomplete('tug 1', { concepts: 'quays', keyPoints: [] }),
        incomplete('crane 1', { entities: [{ type: 'person' }] }),
      );
    script();
    // This endpoint refuses json_schema: asked once, then json_object (one call at a time, so the order is known).
    server().refuseJsonSchema = true;
    const { run } = await addWithLlm({ concurrency: 1 }, 4);
    expect(run.code, run.stderr).toBe(0);
    expect(server().requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object', 'json_object', 'json_object']);
    expect(lines(run.stdout)).toEqual([
      expect.stringMatching(/^added +\S+doc-00\.md → doc-00 \(warning: LLM answer incomplete \(keyPoints missing\): keyPoints filled from the offline engine\)$/),
      expect.stringMatching(/^added +\S+doc-01\.md → doc-01$/),
      expect.stringMatching(/^added +\S+doc-02\.md → doc-02 \(warning: LLM answer incomplete \(keyPoints empty, concepts not a list\): keyPoints, concepts filled from the offline engine\)$/),
      expect.stringMatching(/^added +\S+doc-03\.md → doc-03 \(warning: LLM answer incomplete \(entities: 1 of 1 item\(s\) invalid\): entities filled from the offline engine\)$/),
    ]);
    expect(run.stderr).toMatch(/^4 added, 0 skipped, 0 failed in \d+\.\d s; 3 answers incomplete: filled from the offline engine$/m);

    script();
    server().refuseJsonSchema = false;
    const json = await addWithLlm({}, 4, ['--json']);
    const objects = lines(json.run.stdout).map((l) => JSON.parse(l) as { warnings?: string[] });
    expect(objects.map((o) => o.warnings?.length ?? 0)).toEqual([1, 0, 1, 1, 0]);
    expect(objects[4]).toMatchObject({ type: 'summary', added: 4, incomplete: 3, offline: 0 });
  });
});
