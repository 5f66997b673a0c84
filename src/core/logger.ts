import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, destination, multistream, levels, type Logger, type Level } from 'pino';

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

export function createLogger(options: LoggerOptions): Logger {
  const streams: { level: Level; stream: NodeJS.WritableStream }[] = [
    { level: options.stderrLevel, stream: humanStderr(options.stderr ?? process.stderr) },
  ];
  if (options.file) {
    fs.mkdirSync(path.dirname(options.file.path), { recursive: true });
    // sync: a crash (or kill -9) must not eat the lines that explain it.
    streams.push({ level: options.file.level, stream: destination({ dest: options.file.path, sync: true }) as unknown as NodeJS.WritableStream });
  }
  const lowest = streams.map((s) => levels.values[s.level] ?? 30).reduce((a, b) => Math.min(a, b));
  return pino(
    { level: levels.labels[lowest] ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid } },
    multistream(streams),
  );
}

/** A logger that drops everything: for library use and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
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
