import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import type { Logger, Level } from 'pino';
import { openLogFileSink } from './log-file-sink.js';

// pino is loaded when the first record is logged, not at start-up: a search or a status logs
// nothing, and loading and setting up pino was about 30 ms of a 300 ms `kb search` (measured
// at 100,000 documents, 15 calls each way). Required lazily for that reason.
const requireLazily = createRequire(import.meta.url);
const loadPino = (): typeof import('pino') => requireLazily('pino') as typeof import('pino');

export type { Logger };

export interface LoggerOptions {
  /** Level shown on stderr: warn by default, info with -v, debug with --debug, error with --quiet. */
  stderrLevel: Level;
  /** Where JSON lines go (.kb/logs/kb.log); none before a KB exists. */
  file?: { path: string; level: Level };
  stderr?: NodeJS.WritableStream;
}

/** Keys that may hold secrets anywhere in a log record. */
const REDACT_PATHS = ['apiKey', 'api_key', '*.apiKey', '*.api_key', 'headers.authorization', '*.headers.authorization', 'authorization', '*.authorization'];

/**
 * Warnings to stderr, JSON lines to `.kb/logs/kb.log`. A log file that cannot be opened (a
 * read-only KB) or written (a full disk) leaves stderr only: never a reason to fail a command.
 * The logger is made on first use (see loadPino): until then nothing is opened.
 */
export function createLogger(options: LoggerOptions): Logger {
  let logger: Logger | undefined;
  const made = (): Logger => (logger ??= createPinoLogger(options));
  // Every read and write goes to the real logger (made then): `logger.level = 'debug'` must
  // change pino's level, not a property of this stand-in.
  return new Proxy({} as Logger, {
    get(_target, property) {
      const real = made();
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
    set: (_target, property, value) => Reflect.set(made(), property, value),
    has: (_target, property) => Reflect.has(made(), property),
  });
}

function createPinoLogger(options: LoggerOptions): Logger {
  const { pino, multistream, levels } = loadPino();
  const stderr = options.stderr ?? process.stderr;
  const streams: { level: Level; stream: NodeJS.WritableStream }[] = [{ level: options.stderrLevel, stream: humanStderr(stderr) }];
  const file = options.file && openLogFileSink(options.file.path, (message) => stderr.write(`kb: ${message}\n`));
  if (options.file && file) streams.push({ level: options.file.level, stream: file });
  const lowest = streams.map((s) => levels.values[s.level] ?? 30).reduce((a, b) => Math.min(a, b));
  const logger = pino(
    { level: levels.labels[lowest] ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid } },
    multistream(streams),
  );
  if (options.file && !file) logger.info({ event: 'log.unwritable' }, `cannot open ${options.file.path}: logging to stderr only`);
  return logger;
}

/** A logger that drops everything: for library use and tests that do not look at logs. */
export function silentLogger(): Logger {
  return loadPino().pino({ level: 'silent' });
}

/** stderr is for people: `kb: message`, not JSON. */
function humanStderr(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const record = JSON.parse(line) as { level: number; msg?: string; hint?: string };
          const prefix = record.level >= 50 ? 'kb: error: ' : 'kb: ';
          out.write(`${prefix}${record.msg ?? ''}\n`);
          if (record.hint) out.write(`  hint: ${record.hint}\n`);
        } catch {
          out.write(line + '\n');
        }
      }
      done();
    },
  });
}
