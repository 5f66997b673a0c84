/**
 * Issue 19: `kb --offline add` of one long generated HTML page with `--jobs 2` against
 * `--jobs 1`, whose conversion is split into chunks of sections (src/prepare/converters/html-chunks.ts).
 * Interleaved rounds, medians; the host's load average is printed with them, since on a shared
 * machine a second worker gets a core only when no one else takes it, and so is the CPU time of
 * the busiest thread, which that load does not change.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { longHtml } from '../test/support/fixtures/long-html.js';
import { fmt, percentile } from './stats.js';

const KB_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin', 'kb.js');
const JOBS = [2, 1] as const;
/** Linux's USER_HZ: /proc counts CPU time in these. */
const CLOCK_TICKS = 100;

interface AddRun {
  wallMs: number;
  convertMs: number;
  prepareMs: number;
  helpedConvertChunks: number;
  /** Peak RSS in MB (VmHWM), user + system CPU of the process and of its busiest thread, in s. */
  rssMb: number;
  cpuS: number;
  busiestThreadS: number;
}

/**
 * One `kb --offline --debug add --jobs N` into a fresh KB, with prepare's own timings from its
 * log. Each thread's CPU time is read from /proc while it runs: the busiest thread's is what
 * the run would take with a core for each thread, which the load of a shared host hides.
 */
async function addOnce(file: string, jobs: number, root: string): Promise<AddRun> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [KB_CLI, '--kb', root, '--offline', '--debug', 'add', '--jobs', String(jobs), file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const threadMs = new Map<string, number>();
  let rssKb = 0;
  const sample = (): void => {
    try {
      for (const tid of fs.readdirSync(`/proc/${child.pid}/task`)) {
        const stat = fs.readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        threadMs.set(tid, (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS));
      }
      rssKb = Math.max(rssKb, Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // The process or a thread ended between two reads.
    }
  };
  const timer = setInterval(sample, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`kb add --jobs ${jobs} ${file} failed: ${stderr}`);
  const committed = fs
    .readFileSync(path.join(root, '.kb', 'logs', 'kb.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((event) => event.event === 'add.committed') as { convertMs: number; prepareMs: number; helpedConvertChunks: number };
  const threads = [...threadMs.values()];
  return {
    wallMs,
    convertMs: committed.convertMs,
    prepareMs: committed.prepareMs,
    helpedConvertChunks: committed.helpedConvertChunks,
    rssMb: rssKb / 1024,
    cpuS: threads.reduce((sum, ms) => sum + ms, 0) / 1000,
    busiestThreadS: Math.max(0, ...threads) / 1000,
  };
}

export async function benchLongHtml(reps: number, work: string, freshKb: (name: string) => string): Promise<void> {
  const rounds = Math.max(3, reps);
  for (const sections of [830, 200]) {
    const file = path.join(work, `manual-${sections}.html`);
    fs.writeFileSync(file, longHtml({ sections }));
    const mb = fs.statSync(file).size / 1e6;
    const runs = new Map<number, AddRun[]>(JOBS.map((jobs) => [jobs, []]));
    const loads: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const jobs of JOBS) runs.get(jobs)!.push(await addOnce(file, jobs, freshKb(`long-html-${sections}-${jobs}-${round}`)));
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
          `CPU ${fmt(median(jobs, (r) => r.cpuS))} s, busiest thread ${fmt(median(jobs, (r) => r.busiestThreadS))} s; chunks a helper converted ${list.map((r) => r.helpedConvertChunks).join(', ')}; peak RSS ${fmt(Math.max(...list.map((r) => r.rssMb)), 0)} MB (max of rounds)`,
      );
    }
    console.log(
      `--jobs 1 / --jobs 2: wall ${fmt(median(1, (r) => r.wallMs) / median(2, (r) => r.wallMs))}×, conversion ${fmt(median(1, (r) => r.convertMs) / median(2, (r) => r.convertMs))}×, ` +
        `busiest thread ${fmt(median(1, (r) => r.busiestThreadS) / median(2, (r) => r.busiestThreadS))}× (its CPU bounds the wall time from below when each thread has a core)`,
    );
  }
}
