/**
 * `search` through `kb mcp`, as an agent calls it: one server process started once (its
 * start-up timed to the first answer), then one tool call per query over stdio with the SDK's
 * client. Issue 21's target: p50 under 50 ms per call at 10,000 pages, once started.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CliKb } from './search-cli-latency.js';
import { fmt, percentile } from './stats.js';

const KB_BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin', 'kb.js');
const TARGET_P50_MS = 50;

export async function benchMcpSearch(kb: CliKb, queries: readonly string[]): Promise<void> {
  console.log(`\n## search through kb mcp (the SDK's stdio client, one server for all calls), ${kb.label}`);
  const started = performance.now();
  const transport = new StdioClientTransport({ command: process.execPath, args: [KB_BIN, '--kb', kb.root, 'mcp'], stderr: 'ignore' });
  const client = new Client({ name: 'kb-bench', version: '1.0.0' });
  try {
    await client.connect(transport);
    await client.callTool({ name: 'search', arguments: { query: queries[0] ?? 'x' } });
    const startUp = performance.now() - started;
    const ms: number[] = [];
    let found = 0;
    for (const query of queries) {
      const t = performance.now();
      const result = await client.callTool({ name: 'search', arguments: { query, limit: 10 } });
      ms.push(performance.now() - t);
      if (result.isError) throw new Error(`search ${query}: ${JSON.stringify(result.content)}`);
      if ((result.content as { text: string }[])[0]!.text !== '[]') found++;
    }
    const p50 = percentile(ms, 50);
    console.log(`  start-up to the first answer ${fmt(startUp)} ms; ${queries.length} calls (${found} found something): p50 ${fmt(p50)} ms, p95 ${fmt(percentile(ms, 95))} ms, max ${fmt(Math.max(...ms))} ms (target p50 < ${TARGET_P50_MS} ms: ${p50 < TARGET_P50_MS ? 'met' : 'NOT met'})`);
  } finally {
    await client.close();
  }
}
