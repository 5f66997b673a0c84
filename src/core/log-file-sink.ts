import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { findDiskFailure } from './disk-error.js';

/**
 * The stream behind `.kb/logs/kb.log`. Logs are diagnostics, not knowledge-base state: a KB
 * on read-only media, or one whose disk is full, must still be usable. So the file is opened
 * once to see that it can be (undefined when not: the caller logs to stderr only), and each
 * line is appended synchronously (a kill -9 must not eat the lines that explain it); when an
 * append fails, `onFail` is told once and the file is left alone from then on.
 */
export function openLogFileSink(file: string, onFail: (message: string) => void): Writable | undefined {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.closeSync(fs.openSync(file, 'a'));
  } catch {
    return undefined;
  }
  let broken = false;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (broken) return done();
      try {
        fs.appendFileSync(file, chunk);
      } catch (error) {
        broken = true;
        const cause = findDiskFailure(error)?.cause ?? (error as Error).message;
        onFail(`cannot write ${file}: ${cause}; logging to stderr only`);
      }
      done();
    },
  });
}
