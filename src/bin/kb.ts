#!/usr/bin/env node
import { runCli } from '../cli/run-cli.js';

// The first Ctrl-C asks the running command to stop at a safe point (a commit in flight
// finishes or rolls back); a second one exits at once — recovery cleans up next time.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
process.exitCode = interrupt.signal.aborted && code === 0 ? 130 : code;
