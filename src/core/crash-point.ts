import fs from 'node:fs';

/**
 * Test-only fault injection. Crash tests must kill a real process at an exact step of the
 * commit protocol; production code calls `crashPoint(name)` at each step, which does nothing
 * unless a test armed that name (the CLI arms it from KB_TEST_CRASH_AT).
 *
 * A point is armed as `<name>` (the process SIGKILLs itself, like a power cut: no finally
 * blocks, no exit handlers) or `<name>@throw` (an unexpected exception, to test exit 70).
 * `<file>@trace` kills nothing: the name of every point passed is appended to <file>, one a
 * line, so a test learns the steps a run goes through from the run itself, not from a list
 * that can drift from the code.
 */
let armed: { name: string; mode: 'kill' | 'throw' | 'trace' } | undefined;

export function armCrashPoint(spec: string | undefined): void {
  if (!spec) {
    armed = undefined;
    return;
  }
  const at = spec.lastIndexOf('@');
  const [name, mode] = at < 0 ? [spec, ''] : [spec.slice(0, at), spec.slice(at + 1)];
  armed = { name, mode: mode === 'throw' || mode === 'trace' ? mode : 'kill' };
}

export function crashPoint(name: string): void {
  if (armed === undefined) return;
  if (armed.mode === 'trace') {
    fs.appendFileSync(armed.name, `${name}\n`);
    return;
  }
  if (armed.name !== name) return;
  if (armed.mode === 'throw') throw new Error(`injected fault at ${name}`);
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL to self is delivered before kill() returns on Linux; never continue past it.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}
