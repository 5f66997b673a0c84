/**
 * `npm run bench:llm -- <corpus folder> …`: `kb add` with the offline engine and with the LLM
 * engine against the scripted fake OpenAI server (127.0.0.1, answers at once), side by side.
 * Shows what the LLM path costs kb itself (chunking, HTTP, JSON, link resolution) without a
 * model's latency, how many calls long documents take, the largest prompt against the budget,
 * and whether ghost links in every answer leave `kb doctor` clean.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { initKb } from '../src/commands/init.js';
import { defaultAnswer, startFakeOpenAiServer, type RecordedRequest } from '../test/support/fake-openai-server.js';
import { spawnKb as runKb } from './spawn-kb.js';

const CONTEXT_TOKENS = 8000;

async function main(): Promise<void> {
  const inputs = process.argv.slice(2);
  if (inputs.length === 0) throw new Error('usage: llm-fake-corpus <corpus folder> …');
  const server = await startFakeOpenAiServer();
  // Every answer carries a ghost link, a link by name and a link to a real page.
  server.fallback = (request: RecordedRequest) => {
    const answer = defaultAnswer(request) as { description: string; keyPoints: string[] };
    return { ...answer, description: `${answer.description} See [[concepts/ghost-idea]].`, keyPoints: [...answer.keyPoints, 'Compare [[Nowhere Page|nowhere]] and [[index]].'] };
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-bench-llm-'));
  try {
    const results: string[] = [];
    for (const engine of ['offline', 'llm'] as const) {
      const root = path.join(work, engine);
      initKb(root, new Date());
      if (engine === 'llm') {
        fs.writeFileSync(path.join(root, '.kb/config.yaml'), yaml.dump({ llm: { provider: 'openai', model: 'fake', base_url: server.baseUrl, api_key_env: 'KB_BENCH_KEY', concurrency: 4, context_tokens: CONTEXT_TOKENS } }));
      }
      const before = server.requests.length;
      const add = await runKb(['--kb', root, '--json', 'add', ...inputs, '--jobs', '2'], { KB_BENCH_KEY: 'sk-bench' });
      const summary = JSON.parse(add.stdout.trim().split('\n').at(-1) ?? '{}') as { added: number; failed: number };
      for (const line of add.stdout.trim().split('\n')) if (line.includes('"status":"failed"')) results.push(`  ${engine} ${line}`);
      const doctor = await runKb(['--kb', root, 'doctor']);
      const sent = server.requests.slice(before);
      const kinds = (prefix: string): number => sent.filter((r) => r.user.startsWith(prefix)).length;
      const maxTokens = Math.max(0, ...sent.map((r) => Math.ceil(r.chars / 4)));
      results.push(
        `${engine.padEnd(7)} added ${summary.added} failed ${summary.failed} in ${(add.ms / 1000).toFixed(1)} s; doctor exit ${doctor.code}` +
          (engine === 'llm' ? `; calls ${sent.length} (whole ${kinds('Analyse')}, part ${kinds('This is part')}, merge ${kinds('Below are analyses')}); largest prompt ~${maxTokens} tokens of ${CONTEXT_TOKENS - CONTEXT_TOKENS / 4} allowed` : ''),
      );
    }
    console.log(results.join('\n'));
  } finally {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
