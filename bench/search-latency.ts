/**
 * `npm run bench -- --only=search`: `kb search` latency at 1,000 and 10,000 pages, measured
 * in one run. The indexes are filled directly through store.sections.rebuildIndex (what
 * `kb doctor --repair` does) with generated rows shaped like the PostgreSQL corpus's: per
 * document a summary row of ~800 characters and a source page cut into 4 sections of ~1,400
 * characters, plus title-only concept pages; word frequencies follow Zipf's law, so common
 * words match thousands of rows and rare ones a handful. Committing 10,000 pages with
 * `kb add` would take most of an hour and measure add, not search. The pages' files are not
 * written: search reads only kb.db. Queries run through searchKnowledgeBase, the function
 * `kb search` calls (shared lock, AND-then-OR, snippets), in-process and warm, alternating
 * between the two KBs so that drift on a shared machine hits both alike. Then the same KBs are
 * searched from the command line (search-cli-latency.ts): a KB made by `kb init` whose kb.db
 * holds the index is all `kb search` opens; only `kb doctor` would miss the page files.
 */
import path from 'node:path';
import { openContext } from '../src/cli/open-context.js';
import { initKb } from '../src/commands/init.js';
import { searchKnowledgeBase } from '../src/commands/search.js';
import type { KbContext } from '../src/store/kb-context.js';
import { findPassages } from '../src/search/find-passages.js';
import type { SearchRow } from '../src/model/registry.js';
import { prng } from './generate-corpus.js';
import { benchMcpSearch } from './mcp-latency.js';
import { benchSearchCli } from './search-cli-latency.js';
import { fmt, percentile } from './stats.js';

const VOCABULARY = 30_000;
const SECTIONS_PER_SOURCE = 4;
/** Of every 5 pages: 2 documents (summary + source page) and 1 concept page. */
const DOCS_PER_5_PAGES = 2;
const QUERIES = 300;
/** Per CLI series: 4 rounds of the 9 kinds of query (1–3 words × the three bands); ~1 minute in all on an idle machine. */
/** Calls of the MCP search tool: cheap once the server runs. */
const MCP_QUERIES = 100;
const CLI_QUERIES = 36;
const SYLLABLES = 'ka to mi re su na lo pe ti vo da ge ri mu sa ne bo lu fi ze ra po ki te'.split(' ');

interface Words {
  word(rank: number): string;
  /** A word drawn by Zipf's law (rank r with weight 1/r). */
  draw(rand: () => number): string;
}

export async function benchSearchLatency(work: string): Promise<void> {
  console.log('\n## kb search latency, in-process and warm (searchKnowledgeBase, --limit 10)');
  const words = zipfWords();
  const started = performance.now();
  const small = await buildIndex(work, 'search-1k', 1_000, words);
  const large = await buildIndex(work, 'search-10k', 10_000, words);
  console.log(`  indexes built in ${fmt((performance.now() - started) / 1000, 1)} s: ${small.rows} rows for 1,000 pages, ${large.rows} rows for 10,000 pages`);
  try {
    const queries = chooseQueries(words);
    for (const q of queries) {
      await searchKnowledgeBase(small.ctx, q, 10);
      await searchKnowledgeBase(large.ctx, q, 10);
    }
    const times = { small: [] as number[], large: [] as number[] };
    const queryOnly = { small: [] as number[], large: [] as number[] };
    for (const q of queries) {
      times.small.push(await timeSearch(small.ctx, q));
      times.large.push(await timeSearch(large.ctx, q));
      queryOnly.small.push(timeQuery(small.ctx, q));
      queryOnly.large.push(timeQuery(large.ctx, q));
    }
    const line = (label: string, ms: number[]): string => `  ${label.padEnd(13)} p50 ${fmt(percentile(ms, 50)).padStart(6)} ms   p95 ${fmt(percentile(ms, 95)).padStart(6)} ms   max ${fmt(Math.max(...ms)).padStart(6)} ms`;
    console.log(`  ${queries.length} queries of 1–3 words (common, middling and rare words, and mixes), each once on each KB:`);
    console.log(line('1,000 pages', times.small));
    console.log(line('10,000 pages', times.large));
    const share = (ms: number[], all: number[]): string => `${fmt(percentile(ms, 50))} ms (${fmt((100 * percentile(ms, 50)) / percentile(all, 50), 0)}% of p50)`;
    console.log(`  the FTS5 queries alone (findPassages, no lock): p50 ${share(queryOnly.small, times.small)} at 1,000 pages, ${share(queryOnly.large, times.large)} at 10,000`);
    console.log(`  ratio 10,000/1,000: p50 ${fmt(percentile(times.large, 50) / percentile(times.small, 50))}, p95 ${fmt(percentile(times.large, 95) / percentile(times.small, 95))}`);
  } finally {
    small.ctx.store.close();
    large.ctx.store.close();
  }
  benchSearchCli({ label: '1,000 pages', root: small.root }, { label: '10,000 pages', root: large.root }, chooseQueries(words).slice(0, CLI_QUERIES));
  await benchMcpSearch({ label: '10,000 pages', root: large.root }, chooseQueries(words).slice(0, MCP_QUERIES));
}

async function timeSearch(ctx: KbContext, query: string): Promise<number> {
  const t = process.hrtime.bigint();
  await searchKnowledgeBase(ctx, query, 10);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** The same queries without the lock: findPassages, what searchKnowledgeBase runs under it. */
function timeQuery(ctx: KbContext, query: string): number {
  const t = process.hrtime.bigint();
  findPassages(ctx.store, query, 10);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function buildIndex(work: string, name: string, pages: number, words: Words): Promise<{ ctx: KbContext; rows: number; root: string }> {
  const root = path.join(work, name);
  initKb(root, new Date());
  const ctx = openContext({ stdout: process.stdout, stderr: process.stderr, env: {}, cwd: work }, { kb: root, json: false, verbose: false, debug: false, quiet: true, offline: true }, 'search');
  const rows = ctx.store.sections.rebuildIndex(generateRows(pages, words));
  return { ctx, rows, root };
}

/** Pages in groups of five: two documents' summary and source pages, and one concept page. */
function* generateRows(pages: number, words: Words): Generator<SearchRow> {
  const rand = prng(7);
  const text = (chars: number): string => {
    const out: string[] = [];
    let length = 0;
    while (length < chars) {
      const sentence = Array.from({ length: 8 + Math.floor(rand() * 12) }, () => words.draw(rand)).join(' ');
      out.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
      length += sentence.length + 2;
    }
    return out.join(' ');
  };
  const title = (n: number): string => Array.from({ length: n }, () => words.draw(rand)).join(' ');
  const none = { section: null, pageStart: null, pageEnd: null };
  for (let group = 0; group * 5 < pages; group++) {
    for (let d = 0; d < DOCS_PER_5_PAGES; d++) {
      const doc = `doc-${group * DOCS_PER_5_PAGES + d}`;
      const docTitle = title(3 + Math.floor(rand() * 3));
      yield { page: `wiki/summaries/${doc}.md`, ...none, title: docTitle, headings: 'Summary\nConcepts', body: text(800) };
      for (let s = 0; s < SECTIONS_PER_SOURCE; s++) {
        yield { page: `wiki/sources/${doc}.md`, section: s, pageStart: null, pageEnd: null, title: `${docTitle} › ${title(2 + Math.floor(rand() * 3))}`, headings: '', body: text(1400) };
      }
    }
    yield { page: `wiki/concepts/concept-${group}.md`, ...none, title: title(1 + Math.floor(rand() * 2)), headings: '', body: '' };
  }
}

/** A fixed mix: a third each of 1, 2 and 3 words, drawn from common (top 100), middling and rare ranks. */
function chooseQueries(words: Words): string[] {
  const rand = prng(11);
  const bands: Array<[number, number]> = [
    [1, 100],
    [100, 3_000],
    [3_000, VOCABULARY],
  ];
  return Array.from({ length: QUERIES }, (_, i) => {
    const length = 1 + (i % 3);
    return Array.from({ length }, (_, w) => {
      const [lo, hi] = bands[(Math.floor(i / 3) + w) % bands.length]!;
      return words.word(lo + Math.floor(rand() * (hi - lo)));
    }).join(' ');
  });
}

/** VOCABULARY made-up words of 2 to 4 syllables, rank 1 the most frequent. */
function zipfWords(): Words {
  const list: string[] = [];
  const seen = new Set<string>();
  const rand = prng(3);
  while (list.length < VOCABULARY) {
    const word = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join('');
    if (!seen.has(word)) list.push(word), seen.add(word);
  }
  const cumulative = new Float64Array(VOCABULARY);
  let total = 0;
  for (let r = 0; r < VOCABULARY; r++) cumulative[r] = total += 1 / (r + 1);
  return {
    word: (rank) => list[Math.min(VOCABULARY, Math.max(1, rank)) - 1]!,
    draw(rand) {
      const target = rand() * total;
      let lo = 0;
      let hi = VOCABULARY - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      return list[lo]!;
    },
  };
}
