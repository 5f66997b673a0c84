/**
 * What the LLM overviews of concept and entity pages (issue 22) cost as a knowledge base grows:
 * synthesis calls per added document at 1,000 and at 5,000 documents, against the scripted
 * fake OpenAI server on 127.0.0.1. The bound to show: an overview is asked for only when a
 * page's top sections change, so calls per added document must not grow with the KB.
 *
 * The fake model gives each generated document 6 concepts and 2 entities drawn from pools of
 * 400 and 150 with a Zipf-like skew (a few topics in most documents, most in a few) and an
 * importance from 1 to 10, all seeded by the title: the same answers on every run. The KB is
 * built in batches of BUILD_BATCH documents; at each size, PROBE_BATCHES batches of
 * PROBE_BATCH new documents are added and their synthesis calls counted.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { initKb } from '../src/commands/init.js';
import { OVERVIEW_PROMPT_OPENING } from '../src/llm/synthesize-overview.js';
import { defaultAnswer, startFakeOpenAiServer, type RecordedRequest } from '../test/support/fake-openai-server.js';
import { ZipfSampler } from './scale-corpus.js';
import { seededRandom, stringSeed } from './seeded-random.js';
import { spawnKb } from './spawn-kb.js';

const SIZES = [1000, 5000];
const BUILD_BATCH = 500;
const PROBE_BATCH = 10;
const PROBE_BATCHES = 10;
/** Topic k of a pool is drawn with weight 1/(k+1): a few topics in most documents, most in a few. */
const CONCEPTS = new ZipfSampler(400);
const ENTITIES = new ZipfSampler(150);

export async function benchSynthesisCost(work: string): Promise<void> {
  console.log(`\nLLM overviews (issue 22): synthesis calls per added document, fake server, batches of ${PROBE_BATCH}`);
  const server = await startFakeOpenAiServer();
  server.fallback = (request) => (request.system.startsWith(OVERVIEW_PROMPT_OPENING) ? defaultAnswer(request) : generatedAnalysis(request));
  const root = path.join(work, 'synthesis-kb');
  initKb(root, new Date());
  fs.writeFileSync(path.join(root, '.kb/config.yaml'), yaml.dump({ llm: { provider: 'openai', model: 'fake', base_url: server.baseUrl, api_key_env: 'KB_BENCH_KEY', concurrency: 8, max_synthesis_calls: 100_000 } }));
  const inputs = path.join(work, 'synthesis-inputs');
  let next = 0;
  const batch = (count: number): string => {
    const dir = path.join(inputs, `batch-${next}`);
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < count; i++, next++) fs.writeFileSync(path.join(dir, `note-${String(next).padStart(5, '0')}.md`), `# Harbour note ${next}\n\nThe harbour master wrote note ${next} on the works of the season.\n`);
    return dir;
  };
  const perDoc: number[] = [];
  try {
    for (const size of SIZES) {
      while (next < size) await add(root, batch(Math.min(BUILD_BATCH, size - next)));
      const pages = pageCount(root);
      const before = server.requests.length;
      let written = 0;
      const started = Date.now();
      for (let b = 0; b < PROBE_BATCHES; b++) written += (await add(root, batch(PROBE_BATCH))).written;
      const calls = server.requests.slice(before).filter(isSynthesis).length;
      const docs = PROBE_BATCH * PROBE_BATCHES;
      perDoc.push(calls / docs);
      console.log(
        `  at ${size} documents (${pages.concepts} concept and ${pages.entities} entity pages): ${docs} documents added → ${calls} synthesis calls (${written} overviews written), ${(calls / docs).toFixed(2)} per document; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const [small, large] = perDoc as [number, number];
    console.log(`  ratio ${SIZES[1]} / ${SIZES[0]} documents: ${small > 0 ? (large / small).toFixed(2) : 'n/a'} (target: not above 1 — calls do not grow with the KB)`);
  } finally {
    await server.close();
  }
}

const isSynthesis = (r: RecordedRequest): boolean => r.system.startsWith(OVERVIEW_PROMPT_OPENING);

/** A document's analysis as the fake model gives it: seeded by its title, so the same on every run. */
function generatedAnalysis(request: RecordedRequest): unknown {
  const title = /"([^"]*)"/.exec(request.user)?.[1] ?? 'note';
  const random = seededRandom(stringSeed(title));
  const pick = (pool: ZipfSampler, count: number): number[] => {
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(pool.draw(random));
    return [...chosen];
  };
  return {
    title,
    description: `A note of the harbour master: ${title}.`,
    keyPoints: [`${title} records the season's works.`],
    concepts: pick(CONCEPTS, 6).map((k) => ({ name: `harbour topic ${k}`, importance: 1 + Math.floor(random() * 10), statement: `${title} says how harbour topic ${k} went this season.` })),
    entities: pick(ENTITIES, 2).map((k) => ({ name: `Harbour Board ${k}`, type: 'organization', statement: `${title} names Harbour Board ${k}.` })),
  };
}

async function add(root: string, dir: string): Promise<{ written: number }> {
  const { code, stdout } = await spawnKb(['--kb', root, '--json', 'add', dir, '--jobs', '2'], { KB_BENCH_KEY: 'sk-bench' });
  const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { failed?: number; synthesis?: { written: number } };
  if (code !== 0 || summary.failed) throw new Error(`kb add ${dir} exited ${code}: ${stdout.slice(-500)}`);
  return { written: summary.synthesis?.written ?? 0 };
}

function pageCount(root: string): { concepts: number; entities: number } {
  const count = (folder: string): number => fs.readdirSync(path.join(root, 'wiki', folder)).filter((f) => f.endsWith('.md')).length;
  return { concepts: count('concepts'), entities: count('entities') };
}
