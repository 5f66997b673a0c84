/**
 * What a user runs on a KB once it is built, timed through the real CLI: status, search,
 * list --json and doctor `rounds` times each (the median is the figure), lint and recompile
 * --all once. Given two KBs (the smallest point's and the current one) the calls alternate
 * between them, round by round, so that drift on a shared machine hits both alike and their
 * ratio holds even when the absolute times do not.
 */
import { runKb, type CliRun } from './scale-cli.js';
import { percentile } from './stats.js';

export interface TimedCall {
  medianMs: number;
  runsMs: number[];
  /** Exit status of the last call (doctor and lint exit 1 when they find problems). */
  status: number | null;
  stdoutBytes: number;
}

export interface OnceRun {
  ms: number;
  status: number | null;
  maxRssKb: number;
  detail: string;
}

export interface Reads {
  docs: number;
  /** `kb --version`: Node's start-up and the CLI's imports, the floor under every call. */
  startup: TimedCall;
  status: TimedCall;
  /** `kb status --no-edits`: counts and journals, without the stat of every page for hand edits. Absent in results from before it. */
  statusNoEdits?: TimedCall;
  search: Array<{ query: string; medianMs: number; hits: number }>;
  searchP50: number;
  list: TimedCall;
  doctor: TimedCall;
  lint?: OnceRun;
  recompile?: OnceRun;
}

export interface ReadOptions {
  rounds: number;
  queries: readonly string[];
  skip: ReadonlySet<string>;
}

export function measureReads(kbs: ReadonlyArray<{ root: string; docs: number }>, options: ReadOptions): Reads[] {
  const calls: Array<{ key: string; args: string[]; rounds: number }> = [
    { key: 'startup', args: ['--version'], rounds: options.rounds },
    { key: 'status', args: ['--json', 'status'], rounds: options.rounds },
    { key: 'statusNoEdits', args: ['--json', 'status', '--no-edits'], rounds: options.rounds },
    ...options.queries.map((query, i) => ({ key: `search${i}`, args: ['--json', 'search', query], rounds: options.rounds })),
    { key: 'list', args: ['--json', 'list'], rounds: options.rounds },
    { key: 'doctor', args: ['doctor'], rounds: Math.min(options.rounds, 3) },
  ];
  const runs = kbs.map(() => new Map<string, CliRun[]>());
  for (const call of calls) {
    for (let round = 0; round < call.rounds; round++) {
      kbs.forEach((kb, k) => {
        const run = runKb(kb.root, call.args);
        if (run.status !== 0 && run.status !== 1) throw new Error(`kb ${call.args.join(' ')} exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
        runs[k]!.set(call.key, [...(runs[k]!.get(call.key) ?? []), run]);
      });
    }
  }
  const once = (args: string[], describe: (run: CliRun) => string): Array<OnceRun | undefined> => kbs.map((kb) => runOnce(kb.root, args, describe));
  const lint = options.skip.has('lint') ? [] : once(['--json', 'lint'], lintDetail);
  const recompile = options.skip.has('recompile') ? [] : once(['recompile', '--all', '--yes'], (run) => run.stdout.trim().split('\n').at(-1) ?? '');
  return kbs.map((kb, k) => {
    const timed = (key: string): TimedCall => summarise(runs[k]!.get(key) ?? []);
    const search = options.queries.map((query, i) => {
      const list = runs[k]!.get(`search${i}`) ?? [];
      return { query, medianMs: timed(`search${i}`).medianMs, hits: (JSON.parse(list.at(-1)?.stdout || '[]') as unknown[]).length, runsMs: list.map((r) => r.wallMs) };
    });
    return {
      docs: kb.docs,
      startup: timed('startup'),
      status: timed('status'),
      statusNoEdits: timed('statusNoEdits'),
      search: search.map(({ query, medianMs, hits }) => ({ query, medianMs, hits })),
      searchP50: percentile(search.flatMap((s) => s.runsMs), 50),
      list: timed('list'),
      doctor: timed('doctor'),
      ...(lint[k] ? { lint: lint[k] } : {}),
      ...(recompile[k] ? { recompile: recompile[k] } : {}),
    };
  });
}

function summarise(runs: CliRun[]): TimedCall {
  const runsMs = runs.map((r) => r.wallMs);
  return { medianMs: percentile(runsMs, 50), runsMs, status: runs.at(-1)?.status ?? null, stdoutBytes: Buffer.byteLength(runs.at(-1)?.stdout ?? '') };
}

function runOnce(root: string, args: string[], describe: (run: CliRun) => string): OnceRun {
  const run = runKb(root, args, { withUsage: true });
  if (run.status !== 0 && run.status !== 1) throw new Error(`kb ${args.join(' ')} exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  return { ms: run.wallMs, status: run.status, maxRssKb: run.maxRssKb ?? NaN, detail: describe(run) };
}

function lintDetail(run: CliRun): string {
  const report = JSON.parse(run.stdout) as { errors: number; warnings: number; issues: Array<{ kind: string }> };
  const kinds = new Map<string, number>();
  for (const issue of report.issues) kinds.set(issue.kind, (kinds.get(issue.kind) ?? 0) + 1);
  const byKind = [...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ');
  return `${report.errors} error(s), ${report.warnings} warning(s)${byKind ? `: ${byKind}` : ''}`;
}
