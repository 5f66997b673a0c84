/** What the CLI may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where confirmations are read from, when it is a terminal. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on the first Ctrl-C. */
  signal?: AbortSignal;
}

export interface GlobalOptions {
  kb?: string;
  json: boolean;
  verbose: boolean;
  debug: boolean;
  quiet: boolean;
  /** Forces the offline engine for this command, whatever llm.provider says. */
  offline: boolean;
  /** Seconds to wait for the KB lock (overrides config lock.wait_s). */
  wait?: number;
}

export function printLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(line + '\n');
}

export function printJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(JSON.stringify(value, null, 2) + '\n');
}
