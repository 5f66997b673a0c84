#!/usr/bin/env node
import { runCli } from '../cli/run-cli.js';

// The first Ctrl-C asks the running command to stop at a safe point (a commit in flight
// finishes or rolls back); a second one exits at once — recovery cleans up next time.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

// `kb list | head -1`: the reader has what it wanted and closed the pipe. Further output is
// dropped and the command runs to its end (a commit in flight must not stop half-way), as
// if everything had been read; any other output error is still an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
process.exitCode = interrupt.signal.aborted && code === 0 ? 130 : code;
