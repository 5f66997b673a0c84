/**
 * The scale bench talks to kb only as a user does: the built `kb` binary in child processes.
 * Each call is timed from spawn to exit (Node's start-up included: that is what a user
 * waits for); `withUsage` also gets the child's own CPU time and peak RSS (usage-on-exit.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const KB_BIN = path.join(here, '..', 'src', 'bin', 'kb.js');
const USAGE_PRELOAD = path.join(here, 'usage-on-exit.js');

export interface CliRun {
  wallMs: number;
  status: number | null;
  stdout: string;
  stderr: string;
  userMs?: number;
  sysMs?: number;
  maxRssKb?: number;
}

/** Runs `kb --kb <root> --offline <args…>` and waits for it. */
export function runKb(root: string, args: readonly string[], options: { withUsage?: boolean } = {}): CliRun {
  const usageFile = options.withUsage ? path.join(os.tmpdir(), `kb-scale-usage-${process.pid}-${Date.now()}.json`) : undefined;
  const nodeArgs = usageFile ? ['--import', USAGE_PRELOAD] : [];
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [...nodeArgs, KB_BIN, '--kb', root, '--offline', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, ...(usageFile ? { KB_BENCH_USAGE_FILE: usageFile } : {}) },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.error) throw child.error;
  const run: CliRun = { wallMs, status: child.status, stdout: child.stdout, stderr: child.stderr };
  if (usageFile && fs.existsSync(usageFile)) {
    Object.assign(run, JSON.parse(fs.readFileSync(usageFile, 'utf8')) as Pick<CliRun, 'userMs' | 'sysMs' | 'maxRssKb'>);
    fs.rmSync(usageFile, { force: true });
  }
  return run;
}

export interface CommitTiming {
  doc: string;
  commitMs: number;
  lockWaitMs: number;
  compileMs: number;
  applyMs: number;
}

/**
 * kb add's own per-commit timings. It prints none (`--json` gives only the batch's total
 * ms), but logs an `add.committed` record per document at debug level, with the time from
 * asking for the lock to the end of the commit, split into lock wait, compile and apply. The
 * bench sets `logs.level: debug` in the KB's config and reads the log from where it ended
 * before the `kb add` it measures.
 */
export function readCommitTimings(logFile: string, fromOffset: number): CommitTiming[] {
  if (!fs.existsSync(logFile)) return [];
  const timings: CommitTiming[] = [];
  let rest = '';
  const fd = fs.openSync(logFile, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let offset = fromOffset; ; ) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, offset);
      if (read === 0) break;
      offset += read;
      const lines = (rest + chunk.subarray(0, read).toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) collectCommit(line, timings);
    }
    collectCommit(rest, timings);
  } finally {
    fs.closeSync(fd);
  }
  return timings;
}

function collectCommit(line: string, into: CommitTiming[]): void {
  if (!line.includes('"add.committed"')) return;
  const e = JSON.parse(line) as CommitTiming & { event: string };
  if (e.event === 'add.committed') into.push({ doc: e.doc, commitMs: e.commitMs, lockWaitMs: e.lockWaitMs, compileMs: e.compileMs, applyMs: e.applyMs });
}

export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
