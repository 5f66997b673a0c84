/**
 * One measured `kb add` run in a process of its own, so its CPU time (all threads) and peak
 * RSS are its own: `node dist/bench/add-child.js <kb> <jobs> <inputs…>`. Prints one JSON line.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { addFiles } from '../src/commands/add.js';
import type { KbContext } from '../src/store/kb-context.js';
import { loadConfig } from '../src/config/load-config.js';
import { kbPaths } from '../src/core/kb-paths.js';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { searchIndexer } from '../src/search/search-rows.js';
import { Store } from '../src/store/store.js';

const [root, jobsArg, ...inputs] = process.argv.slice(2);
if (!root || !jobsArg || inputs.length === 0) throw new Error('usage: add-child <kb> <jobs> <inputs…>');
const paths = kbPaths(root);
const commitMs: number[] = [];
/** The two halves of commitMs that can grow with the knowledge base: building the changeset, and applying it. */
const compileMs: number[] = [];
const applyMs: number[] = [];
// The commit loop logs each commit's timings at debug level; collect them from the log stream.
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n')) {
      if (!line.includes('"add.committed"')) continue;
      const e = JSON.parse(line) as { lockWaitMs: number; compileMs: number; applyMs: number };
      commitMs.push(e.lockWaitMs + e.compileMs + e.applyMs);
      compileMs.push(e.compileMs);
      applyMs.push(e.applyMs);
    }
    done();
  },
});
const config = loadConfig(paths.config).config;
if (!config) throw new Error('bad config');
const ctx: KbContext = {
  paths,
  config,
  store: Store.open(paths.db),
  searchIndex: searchIndexer,
  logger: pino({ level: 'debug' }, sink),
  clock: { now: () => new Date() },
  ids: { journalId: () => `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`, chatId: () => randomBytes(4).toString('hex') },
  command: 'kb bench',
  lockWaitMs: 60_000,
};

let maxFds = 0;
const countFds = (): void => {
  try {
    maxFds = Math.max(maxFds, fs.readdirSync('/proc/self/fd').length);
  } catch {
    // Not Linux: no figure.
  }
};
const fdTimer = setInterval(countFds, 50);
countFds();
const fdsAtStart = maxFds;
const started = process.hrtime.bigint();
const summary = await addFiles(ctx, { inputs, jobs: Number(jobsArg), cwd: process.cwd() });
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
clearInterval(fdTimer);
const usage = process.resourceUsage();
ctx.store.close();
process.stdout.write(
  JSON.stringify({ wallMs, userMs: usage.userCPUTime / 1000, sysMs: usage.systemCPUTime / 1000, maxRssKb: usage.maxRSS, fdsAtStart, maxFds, commitMs, compileMs, applyMs, ...summary }) + '\n',
);
