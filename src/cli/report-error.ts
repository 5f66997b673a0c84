import { CommanderError } from 'commander';
import { toDiskError } from '../core/disk-error.js';
import { ExitCode, isKbError } from '../core/errors.js';

/** The one place that turns whatever was thrown into a message on stderr and an exit code. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version are not failures.
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return ExitCode.ok;
    return ExitCode.usage;
  }
  // A full disk or a folder kb may not write, met outside a commit: the user's to fix, not a bug.
  const diskError = isKbError(error) ? undefined : toDiskError(error);
  if (diskError) error = diskError;
  if (isKbError(error)) {
    stderr.write(`kb: error: ${error.message}\n`);
    if (error.hint) stderr.write(`  hint: ${error.hint}\n`);
    if (debug && error.cause) stderr.write(`  cause: ${stackOf(error.cause)}\n`);
    return error.exitCode;
  }
  stderr.write(`kb: error: internal error: ${(error as Error)?.message ?? String(error)}\n`);
  stderr.write(debug ? `${stackOf(error)}\n` : '  hint: this is a bug in kb; rerun with --debug to see the stack trace\n');
  return ExitCode.internal;
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
