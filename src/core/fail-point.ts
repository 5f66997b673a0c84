/**
 * Test-only fault injection for failing disks, next to crash-point.ts: the write steps of a
 * commit call `failPoint(step, path)`, which does nothing unless a test armed that step (the
 * CLI arms it from KB_TEST_FAIL_AT, e.g. `temp-write:ENOSPC`). An armed step throws the error
 * the OS (or SQLite, for `db-commit`) would throw, so a test sees exactly what a full disk, a
 * read-only mount or a dying drive does. Each listed code fires once, in turn, then the step
 * passes: `<step>:<code>,<code>…`; entries joined by `;` are armed together. A failed commit
 * stops at its first fault, so one `kb add` of many files can fail each file's commit at the
 * next step and code of a list written in protocol order — a whole matrix for one run's price.
 * Real failures (an unprivileged user, a full tmpfs) are tested too; this reaches every step.
 */
let armed: { step: string; codes: string[] }[] = [];

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
  armed = (spec ?? '').split(';').flatMap((entry) => {
    const match = /^([a-z-]+):([A-Z,]+)$/.exec(entry.trim());
    return match?.[1] && match[2] ? [{ step: match[1], codes: match[2].split(',') }] : [];
  });
}

/** Faults armed and not fired yet, as `<step>:<code>`: tests check that every one was reached. */
export function pendingFailPoints(): string[] {
  return armed.flatMap((entry) => entry.codes.map((code) => `${entry.step}:${code}`));
}

export function failPoint(step: string, file: string): void {
  const entry = armed.find((e) => e.step === step && e.codes.length > 0);
  const code = entry?.codes.shift();
  if (code === undefined) return;
  const sqlite = step === 'db-commit' ? SQLITE_CODES[code] : undefined;
  if (sqlite) throw Object.assign(new Error(`injected ${sqlite} at ${step}`), { name: 'SqliteError', code: sqlite });
  throw Object.assign(new Error(`${code}: ${MESSAGES[code] ?? 'injected failure'}, ${step} '${file}'`), { code, syscall: step, path: file });
}
