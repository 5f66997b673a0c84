/**
 * Issue 19: `kb --offline add` of one long generated HTML page with `--jobs 2` against
 * `--jobs 1`, whose conversion is split into chunks of sections (src/prepare/converters/html-chunks.ts).
 * Interleaved rounds, medians; the host's load average is printed with them, since on a shared
 * machine a second worker gets a core only when no one else takes it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { longHtml } from '../test/support/fixtures/long-html.js';
import { fmt, percentile } from './stats.js';

const KB_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin', 'kb.js');
const JOBS = [2, 1] as const;

interface AddRun {
  wallMs: number;
  convertMs: number;
  prepareMs: number;
  helpedConvertChunks: number;
  /** Peak RSS in MB and user + system CPU seconds, from /usr/bin/time; NaN without it. */
  rssMb: number;
  cpuS: number;
}

/** One `kb --offline --debug add --jobs N` into a fresh KB, with prepare's own timings from its log. */
function addOnce(file: string, jobs: number, root: string): AddRun {
  const usage = `${root}.usage`;
  const args = [KB_CLI, '--kb', root, '--offline', '--debug', 'add', '--jobs', String(jobs), file];
  const timeTool = fs.existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const run = timeTool
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', usage, process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    : spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`kb add --jobs ${jobs} ${file} failed: ${run.stderr}`);
  const committed = fs
    .readFileSync(path.join(root, '.kb', 'logs', 'kb.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((event) => event.event === 'add.committed') as { convertMs: number; prepareMs: number; helpedConvertChunks: number };
  const [rssKb, user, sys] = timeTool ? fs.readFileSync(usage, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) : [Number.NaN, Number.NaN, Number.NaN];
  return { wallMs, convertMs: committed.convertMs, prepareMs: committed.prepareMs, helpedConvertChunks: committed.helpedConvertChunks, rssMb: rssKb! / 1024, cpuS: user! + sys! };
}

export function benchLongHtml(reps: number, work: string, freshKb: (name: string) => string): void {
  const rounds = Math.max(3, reps);
  for (const sections of [830, 200]) {
    const file = path.join(work, `manual-${sections}.html`);
    fs.writeFileSync(file, longHtml({ sections }));
    const mb = fs.statSync(file).size / 1e6;
    const runs = new Map<number, AddRun[]>(JOBS.map((jobs) => [jobs, []]));
    const loads: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const jobs of JOBS) runs.get(jobs)!.push(addOnce(file, jobs, freshKb(`long-html-${sections}-${jobs}-${round}`)));
      loads.push(os.loadavg()[0]!);
    }
    console.log(`\n## kb --offline add of one generated ${fmt(mb, 1)} MB HTML page (${sections} sections), medians of ${rounds} interleaved rounds`);
    console.log(`load average (1 min) after each round: ${loads.map((l) => fmt(l, 1)).join(', ')} on ${os.cpus().length} cores`);
    const median = (jobs: number, pick: (run: AddRun) => number) => percentile(runs.get(jobs)!.map(pick), 50);
    for (const jobs of JOBS) {
      const list = runs.get(jobs)!;
      console.log(
        `--jobs ${jobs}: wall ${fmt(median(jobs, (r) => r.wallMs) / 1000)} s (rounds: ${list.map((r) => fmt(r.wallMs / 1000)).join(', ')}); ` +
          `conversion ${fmt(median(jobs, (r) => r.convertMs) / 1000)} s (rounds: ${list.map((r) => fmt(r.convertMs / 1000)).join(', ')}) of prepare ${fmt(median(jobs, (r) => r.prepareMs) / 1000)} s; ` +
          `CPU ${fmt(median(jobs, (r) => r.cpuS))} s; chunks a helper converted ${list.map((r) => r.helpedConvertChunks).join(', ')}; peak RSS ${fmt(Math.max(...list.map((r) => r.rssMb)), 0)} MB (max of rounds)`,
      );
    }
    console.log(
      `--jobs 1 / --jobs 2: wall ${fmt(median(1, (r) => r.wallMs) / median(2, (r) => r.wallMs))}×, conversion ${fmt(median(1, (r) => r.convertMs) / median(2, (r) => r.convertMs))}×`,
    );
  }
}
