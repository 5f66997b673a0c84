/**
 * Test-only fault injection. Crash tests must kill a real process at an exact step of the
 * commit protocol; production code calls `crashPoint(name)` at each step, which does nothing
 * unless a test armed that name (the CLI arms it from KB_TEST_CRASH_AT).
 *
 * A point is armed as `<name>` (the process SIGKILLs itself, like a power cut: no finally
 * blocks, no exit handlers) or `<name>@throw` (an unexpected exception, to test exit 70).
 */
let armed: { name: string; mode: 'kill' | 'throw' } | undefined;

export function armCrashPoint(spec: string | undefined): void {
  if (!spec) {
    armed = undefined;
    return;
  }
  const [name, mode] = spec.split('@');
  armed = { name: name ?? spec, mode: mode === 'throw' ? 'throw' : 'kill' };
}

export function crashPoint(name: string): void {
  if (armed === undefined || armed.name !== name) return;
  if (armed.mode === 'throw') throw new Error(`injected fault at ${name}`);
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL to self is delivered before kill() returns on Linux; never continue past it.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}
