import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KB_BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/bin/kb.js');

/**
 * The built `kb` in a child process, asynchronously: a bench that serves the fake OpenAI
 * server in its own process must keep its event loop free while kb runs. stderr goes to the
 * bench's; stdout is returned, with the exit code and the wall time.
 */
export function spawnKb(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [KB_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: Date.now() - started, stdout }));
  });
}
