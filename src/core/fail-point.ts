/**
 * Test-only fault injection for failing disks, next to crash-point.ts: the write steps of a
 * commit call `failPoint(step, path)`, which does nothing unless a test armed that step (the
 * CLI arms it from KB_TEST_FAIL_AT=<step>:<code>, e.g. `temp-write:ENOSPC`). An armed step
 * throws the error the OS (or SQLite, for `db-commit`) would throw, every time it is reached,
 * so a test sees exactly what a full disk, a read-only mount or a dying drive does.
 * `<step>:<code>,<code>…` throws the codes in turn (the last one repeats): one `kb add` of four
 * files then fails each file's commit with another error, for the price of one run.
 * Real failures (an unprivileged user, a full tmpfs) are tested too; this reaches every step.
 */
let armed: { step: string; codes: string[]; hits: number } | undefined;

const MESSAGES: Record<string, string> = {
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EIO: 'i/o error',
  EDQUOT: 'disk quota exceeded',
  EPERM: 'operation not permitted',
};

/** What SQLite reports for the same condition when it writes kb.db. */
const SQLITE_CODES: Record<string, string> = {
  EACCES: 'SQLITE_READONLY',
  EROFS: 'SQLITE_READONLY',
  ENOSPC: 'SQLITE_FULL',
  EIO: 'SQLITE_IOERR_WRITE',
};

export function armFailPoint(spec: string | undefined): void {
  const match = /^([a-z0-9:-]+):([A-Z,]+)$/.exec(spec ?? '');
  armed = match?.[1] && match[2] ? { step: match[1], codes: match[2].split(','), hits: 0 } : undefined;
}

export function failPoint(step: string, file: string): void {
  if (armed === undefined || armed.step !== step) return;
  const code = armed.codes[Math.min(armed.hits++, armed.codes.length - 1)] ?? 'EIO';
  const sqlite = step === 'db-commit' ? SQLITE_CODES[code] : undefined;
  if (sqlite) throw Object.assign(new Error(`injected ${sqlite} at ${step}`), { name: 'SqliteError', code: sqlite });
  throw Object.assign(new Error(`${code}: ${MESSAGES[code] ?? 'injected failure'}, ${step} '${file}'`), { code, syscall: step, path: file });
}
