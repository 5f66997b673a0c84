// The LLM engine in process, against the fake OpenAI server (real HTTP on 127.0.0.1): the
// retry policy with an injected sleep and clock, chunking, and the prompt budget.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDocument } from '../src/analyze/analyze-document.js';
import { analyzeWithLlm, type LlmEngine } from '../src/llm/analyze-with-llm.js';
import { promptLimit } from '../src/llm/build-prompts.js';
import { callJson, LlmCallError, type RetryPolicy } from '../src/llm/call-json.js';
import { chunkDocument } from '../src/llm/chunk-document.js';
import { llmAnswerSchema } from '../src/llm/llm-answer.js';
import { ResponseFormatChoice } from '../src/llm/structured-output.js';
import { conceptKey } from '../src/analyze/concept-key.js';
import { silentLogger } from '../src/core/logger.js';
import { sectionsFromMarkdown } from '../src/prepare/converters/sections-from-markdown.js';
import { longMarkdown } from './support/compiler-corpus.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './support/fake-openai-server.js';
import { testRetryPolicy } from './support/test-retry-policy.js';

let server: FakeOpenAiServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
  client = new OpenAI({ apiKey: 'sk-unit', baseURL: server.baseUrl, maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});

const policy = (overrides: Partial<RetryPolicy> = {}) => testRetryPolicy(server.baseUrl, overrides);

const call = (match: string) => ({ client, model: 'm', messages: [{ role: 'user' as const, content: `Analyse "${match}"` }], label: {} });

describe('callJson retries', () => {
  it('honours Retry-After (seconds and retry-after-ms), else backs off exponentially', async () => {
    server.script(
      { answer: { kind: 'status', status: 429, headers: { 'retry-after': '7' } }, match: 'r1' },
      { answer: { kind: 'status', status: 503, headers: { 'retry-after-ms': '250' } }, match: 'r1' },
      { answer: { kind: 'status', status: 500 }, match: 'r1' },
    );
    const p = policy();
    const { value, attempts } = await callJson(call('r1'), llmAnswerSchema, p, silentLogger());
    expect(attempts).toBe(4);
    expect(p.slept).toEqual([7000, 250, 4000]);
    expect(value.description).toBe('A whole analysis of r1.');
  });

  it('gives up after max_retries + 1 tries with the last problem', async () => {
    server.script(...Array.from({ length: 3 }, () => ({ answer: { kind: 'status' as const, status: 502 }, match: 'r2' })));
    const p = policy({ maxRetries: 2 });
    await expect(callJson(call('r2'), llmAnswerSchema, p, silentLogger())).rejects.toThrow(/HTTP 502 \(after 3 tries\)/);
    expect(p.slept).toEqual([1000, 2000]);
  });

  it('does not retry what a retry cannot fix (401, 400)', async () => {
    server.script({ answer: { kind: 'status', status: 401 }, match: 'r3' });
    const p = policy();
    const error = await callJson(call('r3'), llmAnswerSchema, p, silentLogger()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmCallError);
    expect((error as Error).message).toMatch(/^HTTP 401/);
    expect(p.slept).toEqual([]);
  });

  it('retries a hung call once the timeout fires, and malformed answers, once the server has answered', async () => {
    const p = policy({ timeoutMs: 300 });
    await callJson(call('r4 first'), llmAnswerSchema, p, silentLogger());
    server.script({ answer: { kind: 'hang' }, match: 'r4' }, { answer: { kind: 'malformed', content: 'not json' }, match: 'r4' });
    const { attempts } = await callJson(call('r4'), llmAnswerSchema, p, silentLogger());
    expect(attempts).toBe(3);
  });

});

describe('chunkDocument', () => {
  it('cuts at section starts, keeps every character once and never exceeds the budget', () => {
    const md = longMarkdown(12);
    const sections = sectionsFromMarkdown(md);
    for (const max of [300, 1000, 4000]) {
      const chunks = chunkDocument(md, sections, max);
      expect(chunks.map((c) => c.text).join('')).toBe(md);
      for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(max);
    }
    // Each chunk starts where a section starts, unless it continues a section too long for one.
    const starts = new Set(sections.map((s) => s.start));
    let offset = 0;
    for (const c of chunkDocument(md, sections, 1000)) {
      if (offset > 0 && !c.sectionTitles[0]?.endsWith('(continued)')) expect(starts.has(offset), `chunk at ${offset}`).toBe(true);
      offset += c.text.length;
    }
  });
});

describe('analyzeWithLlm', () => {
  const engine = (contextTokens: number, agents: string): LlmEngine => ({
    client,
    model: 'm',
    language: 'fr',
    budget: { contextTokens },
    policy: policy(),
    format: new ResponseFormatChoice('auto'),
    logger: silentLogger(),
    readAgents: () => agents,
  });

  it('keeps every prompt of a long document within the budget, merging in rounds when needed', async () => {
    const md = longMarkdown(40);
    const doc = { title: 'The Harbour Handbook', markdown: md, sections: sectionsFromMarkdown(md), metadata: {} };
    const offline = analyzeDocument(doc, { longDocPages: 20, longDocChars: 5000 });
    const before = server.requests.length;
    // A huge AGENTS.md is cut to a quarter of the budget instead of crowding out the text.
    const { analysis } = await analyzeWithLlm(engine(2000, `# Conventions\n${'Write plainly. '.repeat(2000)}`), { doc: 'handbook', fileName: 'handbook.md', body: md, sections: doc.sections, offline });
    const sent = server.requests.slice(before);
    const merges = sent.filter((r) => r.user.startsWith('Below are analyses'));
    expect(sent.filter((r) => r.user.startsWith('This is part')).length).toBeGreaterThan(10);
    expect(merges.length).toBeGreaterThan(1);
    for (const r of sent) {
      expect(Math.ceil(r.chars / 4) + 8).toBeLessThanOrEqual(promptLimit({ contextTokens: 2000 }));
      expect(r.system).toContain('in this language: fr');
      expect(r.system).toContain('[…conventions cut to fit the prompt budget]');
    }
    expect(analysis.engine).toBe('llm');
    expect(analysis.title).toBe('The Harbour Handbook (merge)');
    expect(analysis.outline).toEqual(offline.outline);
    expect(analysis.concepts.map((c) => c.key)).toEqual(['harbour pilot', 'tide table']);
    expect(analysis.concepts[0]).toMatchObject({ key: conceptKey('Harbour Pilots'), name: 'Harbour Pilots', weight: 8 });
    expect(analysis.concepts[0]!.mentions).toBeGreaterThan(10);
    expect(analysis.entities).toEqual([{ key: 'port authority', name: 'Port Authority', type: 'organisation', mentions: 1, sentences: ['The Port Authority runs the harbour.'] }]);
  });

  it('stays within the budget when a part starts many sections with long titles', async () => {
    // Found on the shared corpus (a Git manual page): the titles of a part overran the room kept for them.
    const md = Array.from({ length: 300 }, (_, i) => `## Step ${i}: ${'configure the remote tracking branch '.repeat(3)}\n\nRun it.\n`).join('\n');
    const sections = sectionsFromMarkdown(md);
    const offline = analyzeDocument({ title: 'Steps', markdown: md, sections, metadata: {} }, { longDocPages: 20, longDocChars: 5000 });
    const before = server.requests.length;
    await analyzeWithLlm(engine(2000, 'conventions'), { doc: 'steps', fileName: 'steps.md', body: md, sections, offline });
    const sent = server.requests.slice(before);
    expect(sent.filter((r) => r.user.startsWith('This is part')).length).toBeGreaterThan(3);
    for (const r of sent) expect(Math.ceil(r.chars / 4) + 8).toBeLessThanOrEqual(promptLimit({ contextTokens: 2000 }));
  });

  it('refuses a budget that leaves no room for the text, before sending anything', async () => {
    const before = server.requests.length;
    const md = longMarkdown(5);
    const offline = analyzeDocument({ title: 'T', markdown: md, sections: [], metadata: {} }, { longDocPages: 20, longDocChars: 5000 });
    await expect(analyzeWithLlm(engine(1000, 'x'.repeat(4000)), { doc: 't', fileName: 't.md', body: md, sections: [], offline })).rejects.toThrow(/leaves no room/);
    expect(server.requests.length).toBe(before);
  });
});

describe('assertWithinBudget', () => {
  it('throws for a prompt over the budget, so it is never sent', async () => {
    const { assertWithinBudget } = await import('../src/llm/build-prompts.js');
    const budget = { contextTokens: 2000 };
    expect(() => assertWithinBudget([{ role: 'user', content: 'x'.repeat(4 * 1400) }], budget)).not.toThrow();
    expect(() => assertWithinBudget([{ role: 'user', content: 'x'.repeat(4 * 1500) }], budget)).toThrow(/exceeds the budget of 1500/);
  });
});
