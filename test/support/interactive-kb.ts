import { spawn, type ChildProcess } from 'node:child_process';
import { childEnv, KB_BIN } from './run-kb.js';

/** A `kb` process the test talks to while it runs: lines in, output watched as it comes. */
export interface InteractiveKb {
  child: ChildProcess;
  /** Everything printed so far (on a terminal: stdout and stderr together, CRLF made LF). */
  stdout: () => string;
  stderr: () => string;
  /** Writes raw input (a line needs its own "\n", a terminal's Enter is "\r"). */
  type: (text: string) => void;
  /** Resolves once stdout, from `from` on, matches; fails after 20 s with what was printed. */
  waitFor: (pattern: RegExp, from?: number) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `kb <args>` with its stdin a pipe (not a terminal): how a script drives `kb chat`. */
export function startKb(args: readonly string[], env: Record<string, string | undefined> = {}): InteractiveKb {
  return watch(spawn(process.execPath, [KB_BIN, ...args], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] }));
}

/** `kb <args>` on a pseudo-terminal (util-linux `script`): prompts, raw keys, Ctrl-C as a key. */
export function startKbOnTerminal(args: readonly string[], env: Record<string, string | undefined> = {}): InteractiveKb {
  const command = [process.execPath, KB_BIN, ...args].map((a) => `'${a}'`).join(' ');
  return watch(spawn('script', ['-qec', command, '/dev/null'], { env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] }));
}

function watch(child: ChildProcess): InteractiveKb {
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    stdout += s.replace(/\r\n/g, '\n');
    for (const check of waiters) check();
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const check of waiters) check();
      resolve({ code, signal });
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    type: (text) => void child.stdin!.write(text),
    waitFor: (pattern, from = 0) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} in stdout after 20 s:\n${stdout.slice(from)}\nstderr:\n${stderr}`));
        }, 20_000);
        const check = (): void => {
          if (pattern.test(stdout.slice(from))) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`kb exited before ${pattern}:\n${stdout.slice(from)}\nstderr:\n${stderr}`));
          }
        };
        waiters.add(check);
        check();
      }),
    exited,
  };
}
