// kb's entry points set V8 flags for the whole process, worker threads included
// (src/core/tune-v8.ts). Checked from outside, on a real process: V8's own trace of the
// optimising compiler's inlining decisions, in a worker thread, with and without the module.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/core/package-root.js';
import { useTempDirs } from './support/temp-dirs.js';

const tempDir = useTempDirs('kb-tune-v8-');

/** Lines of --trace-turbo-inlining from a hot call in a worker thread; the script imports the module first when `tuned`. */
function inliningTraceLines(tuned: boolean): number {
  const script = path.join(tempDir(), 'hot-call.mjs');
  const tuneUrl = pathToFileURL(path.join(packageRoot(), 'dist/src/core/tune-v8.js')).href;
  fs.writeFileSync(
    script,
    `${tuned ? `import ${JSON.stringify(tuneUrl)};\n` : ''}import { Worker } from 'node:worker_threads';
const source = \`
function add(a, b) { return a + b; }
function hot(n) { let s = 0; for (let i = 0; i < n; i++) s = add(s, i); return s; }
let t = 0;
for (let k = 0; k < 2000; k++) t += hot(10000);
require('node:worker_threads').parentPort.postMessage(t);
\`;
new Worker(source, { eval: true }).on('message', (total) => console.log('total', total));
`,
  );
  const run = spawnSync(process.execPath, ['--trace-turbo-inlining', script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain('total 99990000000');
  return run.stdout.split('\n').filter((line) => /inlining/i.test(line)).length;
}

describe('V8 settings of kb processes', () => {
  it('turn the optimising compiler\'s inlining off, in worker threads too', () => {
    // The control: the same hot call is inlined when the module is not imported.
    expect(inliningTraceLines(false)).toBeGreaterThan(0);
    expect(inliningTraceLines(true)).toBe(0);
  });
});
