/**
 * Exit codes are part of the CLI contract (DESIGN.md); scripts branch on them.
 */
export const ExitCode = {
  ok: 0,
  someFailed: 1,
  usage: 2,
  noKbOrBadConfig: 3,
  lockTimeout: 4,
  journalNeedsRepair: 5,
  llmFailed: 6,
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface KbErrorOptions {
  hint?: string;
  cause?: unknown;
}

/**
 * The one error type kb raises on purpose. Anything else that escapes is a bug (exit 70).
 * `code` is a stable machine-readable name; `hint` tells the user what to do next.
 */
export class KbError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(code: string, exitCode: ExitCodeValue, message: string, options: KbErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KbError';
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

export function isKbError(error: unknown): error is KbError {
  return error instanceof KbError;
}

/** Node's fs errors carry a string `code` (ENOENT, EXDEV, …). */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
