// `kb chat` with an LLM (the scripted fake OpenAI server: real HTTP, real SDK) and on a
// pseudo-terminal: the agent sees the session's earlier turns, bounded by the budget; a
// failing model costs one error line, not the session; Ctrl-C during a slow answer returns
// to the prompt with nothing stored, Ctrl-C at the prompt only hints, Ctrl-D exits 0, and
// the up arrow recalls a resumed session's questions.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { ChatSummary } from '../src/store/chat-sessions.js';
import type { ScriptEntry } from './support/fake-openai-server.js';
import { useKbWithDocs } from './support/kb-with-docs.js';
import { useFakeOpenAiServer } from './support/use-fake-openai-server.js';
import { startKb, startKbOnTerminal } from './support/interactive-kb.js';
import { wikiSnapshot } from './support/kb-state.js';
import { HAS_SCRIPT } from './support/run-on-terminal.js';
import { runKb } from './support/run-kb.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-chat-llm-');
const KEY_ENV = 'KB_TEST_CHAT_KEY';
const env = { [KEY_ENV]: 'sk-test-chat' };
const CONTEXT_TOKENS = 2400;

const server = useFakeOpenAiServer();

/** A KB compiled offline once; each test gets a copy. */
const base = useKbWithDocs('kb-chat-llm-template-', {
  'tug-manual.md': '# Tug Manual\n\n## Engine room\n\nThe bilge pump runs on a float switch and empties the bilge every hour.\n',
  'lighthouse.md': '# Lighthouse Keeping\n\nKeepers trimmed the lamp wick every evening.\n',
});

function kbWithLlm(): string {
  const root = base.copy(fs.realpathSync(tempDir()));
  const llm = { provider: 'openai', model: 'fake-model', base_url: server().baseUrl, api_key_env: KEY_ENV, timeout_s: 20, max_retries: 0, context_tokens: CONTEXT_TOKENS };
  fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), yaml.dump({ llm }));
  return root;
}

describe('kb chat with an LLM but no API key', () => {
  it('exits 6 with a hint before the first prompt, asking nothing', async () => {
    const root = kbWithLlm();
    const config = path.join(root, '.kb', 'config.yaml');
    const { llm } = yaml.load(fs.readFileSync(config, 'utf8')) as { llm: Record<string, unknown> };
    fs.writeFileSync(config, yaml.dump({ llm: { ...llm, base_url: null } }));
    const run = await runKb(['--kb', root, 'chat']);
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toContain(`${KEY_ENV} is not set`);
    expect(server().requests).toHaveLength(0);
  });
});

const tools = (...calls: { name: string; arguments: unknown }[]): ScriptEntry => ({ answer: { kind: 'tools', calls } });
const text = (content: string): ScriptEntry => ({ answer: { kind: 'text', content } });

async function sessions(root: string): Promise<ChatSummary[]> {
  const run = await runKb(['--kb', root, '--json', 'chat', '--list']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ChatSummary[];
}

/** The conversation part of a request: every message but the system prompt, as role: content. */
function conversation(index: number): string[] {
  return (server().requests[index]!.body.messages ?? []).filter((m) => m.role !== 'system').map((m) => `${m.role}: ${m.content ?? ''}`);
}

describe('kb chat with an LLM', () => {
  it('the agent sees the earlier turns (the most recent that fit); a failing model prints one line and the chat goes on', async () => {
    const root = kbWithLlm();
    const long = (n: number): string => `Answer ${n}: ${'the lamp and the pump. '.repeat(70)}[[sources/lighthouse]]`;
    server().script(
      tools({ name: 'search', arguments: { query: 'bilge pump' } }),
      text('The bilge pump runs on a float switch [[sources/tug-manual]] and [[concepts/warp-drive|warp]].'),
      text('It empties the bilge every hour [[sources/tug-manual]].'),
      { answer: { kind: 'status', status: 500 } },
      text(long(3)),
      text(long(4)),
      text('Done [[sources/lighthouse]].'),
    );
    const chat = startKb(['--kb', root, 'chat'], { ...env, KB_TEST_CHAT_IDS: 'ee55ee55' });
    chat.type(['what does the bilge pump run on?', 'how often?', 'will this fail?', 'third question?', 'fourth question?', 'fifth question?', ''].join('\n'));
    chat.child.stdin!.end();
    const { code } = await chat.exited;
    expect(code, chat.stderr()).toBe(0);
    expect(chat.stdout()).toContain('The bilge pump runs on a float switch [[sources/tug-manual]] and warp.\n\nSources:\n  wiki/sources/tug-manual.md  Tug Manual\n');
    expect(chat.stdout()).toContain('It empties the bilge every hour [[sources/tug-manual]].');
    expect(chat.stderr()).toContain('error: the LLM failed to answer: HTTP 500 (after 1 tries)');
    expect(server().requests).toHaveLength(7);

    // Turn 1 called a tool; turn 2's request carries turn 1 (question and resolved answer), not its tool traffic.
    expect(server().requests[1]!.toolMessages).toHaveLength(1);
    expect(conversation(2)).toEqual([
      'user: what does the bilge pump run on?',
      'assistant: The bilge pump runs on a float switch [[sources/tug-manual]] and warp.',
      // A follow-up with no terms of its own is told what the conversation was about.
      'user: how often?\n\n(A follow-up: the earlier questions were about bilge, pump, run.)',
    ]);
    // The failed turn is not part of the session.
    expect(conversation(4).join('\n')).not.toContain('will this fail?');
    // Turn 5 (after two long answers) keeps only the most recent turns that fit the budget.
    const fifth = conversation(6);
    expect(fifth.at(-1)).toBe('user: fifth question?');
    expect(fifth).toContain(`assistant: ${long(4)}`);
    expect(fifth.join('\n')).not.toContain('what does the bilge pump run on?');
    for (const request of server().requests) expect(JSON.stringify(request.body.messages).length + JSON.stringify(request.body.tools ?? []).length).toBeLessThanOrEqual(((CONTEXT_TOKENS * 3) / 4) * 4);

    expect((await sessions(root)).map((s) => [s.id, s.messages])).toEqual([['ee55ee55', 10]]);
  });
});

describe.skipIf(!HAS_SCRIPT)('kb chat on a terminal', () => {
  it('Ctrl-C during a slow answer returns to the prompt and stores nothing; Ctrl-C at the prompt hints; Ctrl-D exits 0', async () => {
    const root = kbWithLlm();
    const before = wikiSnapshot(root);
    server().script({ answer: { kind: 'hang' } }, text('Keepers trimmed the lamp wick [[sources/lighthouse]].'));
    const chat = startKbOnTerminal(['--kb', root, 'chat'], env);
    await chat.waitFor(/kb> /);
    chat.type('what did keepers trim?\r');
    await waitUntil(() => server().requests.length === 1);
    let from = chat.stdout().length;
    chat.type('\u0003');
    await chat.waitFor(/interrupted[^\n]*\n[\s\S]*kb> /, from);
    from = chat.stdout().length;
    chat.type('\u0003');
    await chat.waitFor(/\(to leave: \/exit or Ctrl-D\)\n[\s\S]*kb> /, from);
    // Nothing of the aborted turn was stored; the next question is answered (streamed).
    expect(await sessions(root)).toEqual([]);
    // Ctrl-C on a half-typed line clears it: the question asked next is only what follows.
    from = chat.stdout().length;
    chat.type('never mind\u0003what did keepers trim?\r');
    await chat.waitFor(/Keepers trimmed the lamp wick \[\[sources\/lighthouse\]\]\.\n\nSources:[\s\S]*kb> /, from);
    chat.type('\u0004');
    const { code } = await chat.exited;
    expect(code, chat.stdout()).toBe(0);
    expect(server().requests.map((r) => r.body.stream)).toEqual([true, true]);
    expect(conversation(1)).toEqual(['user: what did keepers trim?']);
    expect((await sessions(root)).map((s) => s.messages)).toEqual([2]);
    expect(wikiSnapshot(root)).toEqual(before);
  });

  it('--resume preloads the input history: the up arrow recalls the last question', async () => {
    const root = base.copy(fs.realpathSync(tempDir()));
    const first = startKb(['--kb', root, 'chat'], { KB_TEST_CHAT_IDS: 'ff66ff66' });
    first.type('what does the bilge pump run on?\nwho trimmed the lamp wick?\n');
    first.child.stdin!.end();
    expect((await first.exited).code).toBe(0);
    const chat = startKbOnTerminal(['--kb', root, 'chat', '--resume', 'ff']);
    await chat.waitFor(/kb> /);
    // Up twice: the question before the last one.
    chat.type('\u001b[A\u001b[A\r');
    await chat.waitFor(/float switch[\s\S]*kb> /);
    chat.type('\u0004');
    expect((await chat.exited).code).toBe(0);
    const stored = await sessions(root);
    expect(stored.map((s) => s.messages)).toEqual([6]);
  });
});

async function waitUntil(condition: () => boolean, ms = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
