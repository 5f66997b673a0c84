import { spawn, spawnSync } from 'node:child_process';
import { childEnv, KB_BIN } from './run-kb.js';

// util-linux `script` gives the child a real terminal, so confirmation prompts are asked.
export const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

/** Runs `kb <args>` on a pseudo-terminal and types `keys` once a `[y/N]` prompt shows. */
export function runKbOnTerminal(args: readonly string[], keys: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, KB_BIN, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let typed = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      output += s;
      if (!typed && output.includes('[y/N]')) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
