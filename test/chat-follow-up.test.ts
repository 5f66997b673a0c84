// Follow-ups in kb chat (issue 18): a question with too few terms of its own ("and the other
// mode?") is about what the questions before it were about. Offline, their key terms join the
// search; with an LLM (a real HTTP server speaking the OpenAI API), the model is told them.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { carriedTerms } from '../src/search/question-terms.js';
import { startKb } from './support/interactive-kb.js';
import { useKbWithDocs } from './support/kb-with-docs.js';
import { useFakeOpenAiServer } from './support/use-fake-openai-server.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-chat-follow-up-');
const KEY_ENV = 'KB_TEST_FOLLOW_UP_KEY';

const base = useKbWithDocs('kb-chat-follow-up-template-', {
  'camera-guide.md': '# Camera Guide\n\n## Night mode\n\nThe camera night mode keeps the shutter open for four seconds.\n\n## Day mode\n\nThe camera day mode uses a fast shutter of one thousandth of a second.\n',
  'blender-manual.md': '# Blender Manual\n\n## Pulse\n\nThe blender has a pulse mode for crushing ice in short bursts.\n',
});

async function chatPiped(root: string, lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const chat = startKb(['--kb', root, 'chat'], env);
  chat.type(lines.map((l) => `${l}\n`).join(''));
  chat.child.stdin!.end();
  const { code } = await chat.exited;
  return { code, stdout: chat.stdout(), stderr: chat.stderr() };
}

describe('which terms a follow-up carries over', () => {
  it('takes the earlier question’s terms when the question has too few of its own, and none otherwise', () => {
    expect(carriedTerms('and the other mode?', ['What does the camera night mode do?'])).toEqual(['camera', 'night']);
    // Through a chain of follow-ups, back to the question that named the subject.
    expect(carriedTerms('how long?', ['What does the camera night mode do?', 'and the other mode?'])).toEqual(['mode', 'camera', 'night']);
    expect(carriedTerms('How does the blender crush ice?', ['What does the camera night mode do?'])).toEqual([]);
    expect(carriedTerms('and the other mode?', [])).toEqual([]);
  });
});

describe('kb chat follow-ups, offline', () => {
  it('answers "and the other mode?" from the document the conversation is about', async () => {
    const root = base.copy(fs.realpathSync(tempDir()));
    const run = await chatPiped(root, ['What does the camera night mode do?', 'and the other mode?']);
    expect(run.code, run.stderr).toBe(0);
    const answers = run.stdout.split('\n\nSources:');
    expect(answers).toHaveLength(3);
    expect(answers[1]).toContain('The camera day mode uses a fast shutter of one thousandth of a second.');
    expect(answers[1]).not.toContain('blender');
  });
});

describe('a follow-up whose own words the knowledge base never uses', () => {
  it('says plainly that nothing matches, rather than repeat the earlier answer', async () => {
    const root = base.copy(fs.realpathSync(tempDir()));
    const run = await chatPiped(root, ['What does the camera night mode do?', 'and in the rain?']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Nothing in the knowledge base matches "and in the rain?"');
    expect(run.stdout.split('The camera night mode keeps the shutter open').length).toBe(2);
  });
});

describe('kb chat follow-ups with an LLM', () => {
  const server = useFakeOpenAiServer();
  it('names the earlier questions’ terms to the model with a follow-up, and nothing with a full question', async () => {
    const root = base.copy(fs.realpathSync(tempDir()));
    const llm = { provider: 'openai', model: 'fake-model', base_url: server().baseUrl, api_key_env: KEY_ENV, timeout_s: 20, max_retries: 0 };
    fs.writeFileSync(path.join(root, '.kb', 'config.yaml'), yaml.dump({ llm }));
    const text = (content: string) => ({ answer: { kind: 'text' as const, content } });
    server().script(text('Four seconds [[sources/camera-guide]].'), text('A thousandth of a second [[sources/camera-guide]].'), text('In short bursts [[sources/blender-manual]].'));
    const run = await chatPiped(root, ['What does the camera night mode do?', 'and the other mode?', 'How does the blender crush ice?'], { [KEY_ENV]: 'sk-test' });
    expect(run.code, run.stderr).toBe(0);
    const lastUser = (i: number): string => String(server().requests[i]!.body.messages!.filter((m) => m.role === 'user').at(-1)!.content);
    expect(lastUser(0)).toBe('What does the camera night mode do?');
    expect(lastUser(1)).toBe('and the other mode?\n\n(A follow-up: the earlier questions were about camera, night.)');
    expect(lastUser(2)).toBe('How does the blender crush ice?');
  });
});
