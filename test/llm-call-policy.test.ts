// The LLM call policy in process, against the fake OpenAI server (real HTTP on 127.0.0.1)
// with an injected clock, sleep and jitter: a server that cannot be reached or never
// answers stops every call at once; backoff has jitter; response_format json_schema with
// its json_object fallback; and the answers models really give (fenced, extra keys, wrong
// types, truncated, empty).
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDocument } from '../src/analyze/analyze-document.js';
import { analyzeWithLlm, type LlmEngine } from '../src/llm/analyze-with-llm.js';
import { callJson, LlmUnavailableError, type RetryPolicy } from '../src/llm/call-json.js';
import { CallWatch } from '../src/llm/call-watch.js';
import { ServerHealth } from '../src/llm/server-health.js';
import { ANSWER_JSON_SCHEMA, llmAnswerSchema } from '../src/llm/llm-answer.js';
import { ResponseFormatChoice, type StructuredOutputMode } from '../src/llm/structured-output.js';
import { silentLogger } from '../src/core/logger.js';
import { sectionsFromMarkdown } from '../src/prepare/converters/sections-from-markdown.js';
import { useDeadLlmServers } from './support/dead-llm-servers.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './support/fake-openai-server.js';
import { testRetryPolicy } from './support/test-retry-policy.js';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(async () => {
  await server.close();
});
const { refusedUrl: refused, silentUrl: silent } = useDeadLlmServers();

function setup(baseURL: string, overrides: Partial<RetryPolicy> = {}): { client: OpenAI; policy: RetryPolicy & { slept: number[] } } {
  return { client: new OpenAI({ apiKey: 'sk-unit', baseURL, maxRetries: 0 }), policy: testRetryPolicy(baseURL, overrides) };
}

const messages = (match: string) => [{ role: 'user' as const, content: `Analyse "${match}"` }];
const ask = (client: OpenAI, policy: RetryPolicy, match: string, format?: ResponseFormatChoice) =>
  callJson({ client, model: 'm', messages: messages(match), label: {}, ...(format ? { format, jsonSchema: ANSWER_JSON_SCHEMA } : {}) }, llmAnswerSchema, policy, silentLogger());

describe('a server that is not there', () => {
  it('connection refused: the first call fails at once, unretried, and so does every later call, without a request', async () => {
    const { client, policy } = setup(refused());
    const started = Date.now();
    const first = await ask(client, policy, 'a').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(LlmUnavailableError);
    expect((first as Error).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/v1 \(connect ECONNREFUSED/);
    expect(await ask(client, policy, 'b').catch((e: unknown) => e)).toBe(first);
    expect(policy.slept).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an unknown host fails the same way', async () => {
    const { client, policy } = setup('http://kb-test-no-such-host.invalid/v1');
    await expect(ask(client, policy, 'a')).rejects.toThrow(/cannot reach .*ENOTFOUND/);
    expect(policy.slept).toEqual([]);
  });

  it('accepts but never answers: one timeout and the command stops, the waiting call shown meanwhile', async () => {
    const watch = new CallWatch();
    const { client, policy } = setup(silent(), { timeoutMs: 400, watch });
    const waits: number[] = [];
    const timer = setInterval(() => waits.push(watch.longestWaitMs()), 50);
    const error = await ask(client, policy, 'a').catch((e: unknown) => e);
    clearInterval(timer);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as Error).message).toMatch(/did not answer within llm\.timeout_s \(0\.4 s\)/);
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(200);
    expect(watch.longestWaitMs()).toBe(0);
    await expect(ask(client, policy, 'b')).rejects.toBe(error);
  });

  it('with a probe (GET /models), a silent server is given up after the probe\'s few seconds, not timeout_s, and the call in flight is stopped', async () => {
    const probing = new OpenAI({ apiKey: 'sk-unit', baseURL: silent(), maxRetries: 0 });
    const health = new ServerHealth(silent(), () => Date.now(), { run: (signal) => probing.models.list({ timeout: 300, maxRetries: 0, signal }), timeoutMs: 300 });
    const { client, policy } = setup(silent(), { timeoutMs: 20_000, health });
    const started = Date.now();
    await expect(ask(client, policy, 'p1')).rejects.toThrow(/did not answer within 0\.3 s \(GET \/models\)$/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a server that answered and then goes silent for two timeouts is taken for hung', async () => {
    const { client, policy } = setup(server.baseUrl, { timeoutMs: 250, now: () => Date.now() });
    await ask(client, policy, 'w1');
    server.script(...Array.from({ length: 3 }, () => ({ answer: { kind: 'hang' as const }, match: 'w2' })));
    const before = server.requests.length;
    await expect(ask(client, policy, 'w2')).rejects.toThrow(/^http:\/\/127\.0\.0\.1:\d+\/v1 has not answered for \d+ s$/);
    // The first timeout (250 ms of silence) is retried, the second (500 ms) is not; on a loaded
    // machine the first may already come after 500 ms of silence. Never the full retry budget.
    expect(server.requests.length - before).toBeGreaterThanOrEqual(1);
    expect(server.requests.length - before).toBeLessThanOrEqual(2);
  });

  it('a server failing every call with 503 is given up after one call spent its retries', async () => {
    const { client, policy } = setup(server.baseUrl, { maxRetries: 2 });
    server.failRequest = () => 503;
    try {
      await expect(ask(client, policy, 'a')).rejects.toThrow(/^HTTP 503 \(after 3 tries\)$/);
      const before = server.requests.length;
      await expect(ask(client, policy, 'b')).rejects.toBeInstanceOf(LlmUnavailableError);
      expect(server.requests.length).toBe(before);
    } finally {
      server.unscript();
    }
  });
});

describe('backoff', () => {
  it('has jitter: between half and all of base × 2^n; Retry-After is taken as sent', async () => {
    const { client, policy } = setup(server.baseUrl, { random: (() => { const r = [0, 0.5, 0.999]; return () => r.shift() ?? 0; })() });
    server.script(
      ...[500, 502, 503].map((status) => ({ answer: { kind: 'status' as const, status }, match: 'j1' })),
      { answer: { kind: 'status', status: 429, headers: { 'retry-after': '3' } }, match: 'j1' },
    );
    const { attempts } = await ask(client, { ...policy, maxRetries: 4 }, 'j1');
    expect(attempts).toBe(5);
    expect(policy.slept).toEqual([500, 1500, 3998, 3000]);
  });
});

describe('response_format', () => {
  const formats = (from: number) => server.requests.slice(from).map((r) => r.body.response_format?.type);

  it.each<[StructuredOutputMode, boolean, string[]]>([
    ['auto', false, ['json_schema', 'json_schema']],
    ['auto', true, ['json_schema', 'json_object', 'json_object']],
    ['json_object', true, ['json_object', 'json_object']],
  ])('%s (endpoint refuses json_schema: %s) sends %j', async (mode, refuse, expected) => {
    const { client, policy } = setup(server.baseUrl);
    const format = new ResponseFormatChoice(mode);
    server.refuseJsonSchema = refuse;
    const before = server.requests.length;
    try {
      for (const match of ['f1', 'f2']) expect((await ask(client, policy, match, format)).attempts).toBe(1);
    } finally {
      server.unscript();
    }
    expect(formats(before)).toEqual(expected);
    const schema = server.requests.at(-1)!.body as { response_format?: { json_schema?: { strict?: boolean; schema?: { additionalProperties?: boolean } } } };
    if (expected.at(-1) === 'json_schema') expect(schema.response_format?.json_schema).toMatchObject({ strict: true, schema: { additionalProperties: false } });
  });

  it('json_schema: an endpoint that refuses it fails the call (HTTP 400), no fallback', async () => {
    const { client, policy } = setup(server.baseUrl);
    server.refuseJsonSchema = true;
    try {
      await expect(ask(client, policy, 'f3', new ResponseFormatChoice('json_schema'))).rejects.toThrow(/^HTTP 400: .*json_schema/);
    } finally {
      server.unscript();
    }
  });
});

describe('answers as models give them', () => {
  const valid = { title: 'T', description: 'About quays.', keyPoints: ['Quays hold ships.'], concepts: [{ name: 'quay', importance: 7, statement: 'A quay.' }], entities: [{ name: 'Port Authority', type: 'organization', statement: 'It runs the port.' }] };
  const md = '# Quay Rules\n\nShips moor at the quay in order of arrival. The quay master assigns berths to every ship.\n';
  const offline = analyzeDocument({ title: 'Quay Rules', markdown: md, sections: sectionsFromMarkdown(md), metadata: {} }, { longDocPages: 20, longDocChars: 50_000 });
  const analyse = async (match: string) => {
    const { client, policy } = setup(server.baseUrl);
    const engine: LlmEngine = { client, model: 'm', language: 'en', budget: { contextTokens: 4000 }, policy, format: new ResponseFormatChoice('json_object'), logger: silentLogger(), readAgents: () => '' };
    const before = server.requests.length;
    const result = await analyzeWithLlm(engine, { doc: 'quay', fileName: `${match}.md`, body: md, sections: sectionsFromMarkdown(md), offline });
    return { ...result, calls: server.requests.length - before };
  };
  const content = (text: string, match: string) => ({ answer: { kind: 'malformed' as const, content: text }, match });

  it('takes JSON fenced in ```json (after a sentence, too) and ignores extra keys, without a warning', async () => {
    server.script(content(`Here is the analysis:\n\`\`\`json\n${JSON.stringify({ ...valid, mood: 'sunny', extra: [1] })}\n\`\`\``, 'fenced'));
    const { analysis, warnings, calls } = await analyse('fenced');
    expect(calls).toBe(1);
    expect(warnings).toEqual([]);
    expect(analysis.keyPoints).toEqual(['Quays hold ships.']);
    expect(analysis.entities.map((e) => e.type)).toEqual(['organisation']);
  });

  it('fills lists that are missing or of the wrong type from the offline engine, and says so', async () => {
    server.script({ answer: { kind: 'ok', json: { ...valid, title: 42, keyPoints: 'Quays hold ships.', concepts: undefined, entities: [{ name: 7 }, { name: 'Harbour Master', type: 'person' }] } }, match: 'wrongtypes' });
    const { analysis, warnings, calls } = await analyse('wrongtypes');
    expect(calls).toBe(1);
    expect(warnings).toEqual(['LLM answer incomplete (title not a string, keyPoints not a list, concepts missing, entities: 1 of 2 item(s) invalid): title, keyPoints, concepts filled from the offline engine']);
    expect(analysis.title).toBe(offline.title);
    expect(analysis.keyPoints).toEqual(offline.keyPoints);
    expect(analysis.concepts).toEqual(offline.concepts);
    expect(analysis.entities.map((e) => e.name)).toEqual(['Harbour Master']);
  });

  it.each([
    ['truncated', '{"title": "T", "description": "About qu', /cut off/],
    ['empty', '', /empty/],
    ['prose', 'I cannot help with that.', /not JSON/],
  ])('retries a %s answer, then uses the next one', async (name, text, problem) => {
    server.script(content(text, name));
    const logged: string[] = [];
    const { client, policy } = setup(server.baseUrl);
    const logger = { ...silentLogger(), info: (fields: { problem?: string }) => void (fields.problem && logged.push(fields.problem)) } as never;
    const { attempts } = await callJson({ client, model: 'm', messages: messages(name), label: {} }, llmAnswerSchema, policy, logger);
    expect(attempts).toBe(2);
    expect(logged.join()).toMatch(problem);
  });
});
