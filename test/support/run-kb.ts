import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built binary: these tests exercise exactly what a user runs (`npm run build` first). */
export const KB_BIN = fileURLToPath(new URL('../../dist/src/bin/kb.js', import.meta.url));
export const LOCK_CHILD = fileURLToPath(new URL('./lock-child.mjs', import.meta.url));

export interface KbRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  /** Merged over a copy of process.env with KB_DIR, KB_TEST_CRASH_AT and KB_TEST_FAIL_AT removed. */
  env?: Record<string, string | undefined>;
  /** Called once the child is spawned (e.g. to send it a signal later). */
  onSpawn?: (child: ChildProcess) => void;
  /** A command that runs node for us, e.g. `['setpriv', '--reuid', …]` to run it as another user. */
  via?: readonly string[];
  /** Written to the child's stdin, which then closes; without it stdin is /dev/null (empty). */
  input?: string;
}

/** Environment for a child: nothing of the developer's shell may point it at another KB. */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.KB_DIR;
  delete env.KB_TEST_CRASH_AT;
  delete env.KB_TEST_FAIL_AT;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `kb <args>` as a real child process and collects everything it printed. */
export function runKb(args: readonly string[], options: RunOptions = {}): Promise<KbRun> {
  return runNode(KB_BIN, args, options);
}

/**
 * Runs a node script as a real child process, asynchronously. Tests must not block their
 * event loop on children (spawnSync): vitest's worker answers its runner over RPC with a
 * fixed 60 s timeout, and a file of synchronous tests that runs past a minute on a loaded
 * machine fails with "Timeout calling onTaskUpdate" although every test passed.
 */
export function runNode(script: string, args: readonly string[], options: RunOptions = {}): Promise<KbRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const [command, ...prefix] = [...(options.via ?? []), process.execPath];
    const child = spawn(command as string, [...prefix, script, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: childEnv(options.env),
      stdio: [options.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
    options.onSpawn?.(child);
  });
}

export interface LockChild {
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code (or null when killed) and stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts test/support/lock-child.mjs; never waits for anything. */
export function spawnLockChild(root: string, args: readonly string[], env: Record<string, string | undefined> = {}): LockChild & { stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [LOCK_CHILD, root, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, pid: child.pid!, exited, stdout: () => stdout, stderr: () => stderr };
}

/**
 * Starts a lock child in `hold` mode and resolves once it prints `locked`, i.e. once the
 * lock is really held — never a guess with a sleep. Fails fast if the child dies first.
 */
export async function holdLock(root: string, kind: 'shared' | 'exclusive', ms: number, env: Record<string, string | undefined> = {}): Promise<LockChild> {
  const started = spawnLockChild(root, ['hold', kind, String(ms)], env);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lock child did not lock within 10 s; stderr: ${started.stderr()}`)), 10_000);
    started.child.stdout!.on('data', () => {
      if (started.stdout().includes('locked\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void started.exited.then(({ code, stderr }) => {
      clearTimeout(timer);
      reject(new Error(`lock child exited (${code}) before locking: ${stderr}`));
    });
  });
  return started;
}

/** Kills a child we started (if still running) and waits until it is gone. */
export async function killChild(started: LockChild, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill(signal);
  await started.exited;
}

/** Resolves when the child's stderr (so far, or later) matches `pattern`. */
export function whenStderr(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (chunk: Buffer | string): void => {
      seen += String(chunk);
      if (pattern.test(seen)) {
        child.stderr!.off('data', onData);
        resolve();
      }
    };
    child.stderr!.on('data', onData);
  });
}
