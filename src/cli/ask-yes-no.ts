import { createInterface } from 'node:readline/promises';
import { ExitCode, KbError } from '../core/errors.js';
import type { CliIo } from './cli-io.js';

export interface YesNoQuestion {
  /** The prompt, e.g. "remove notes? [y/N] ". */
  question: string;
  /** Thrown (exit 2) when stdin is not a terminal: the caller's way to say --yes is needed. */
  noTerminal: KbError;
  /** What exit 130 says on Ctrl-C. */
  interrupted: string;
}

/** A yes/no confirmation on the terminal: y or yes is a yes, anything else and Ctrl-D a no, Ctrl-C exits 130. */
export async function askYesNo(io: CliIo, ask: YesNoQuestion): Promise<boolean> {
  if (!io.stdin?.isTTY) throw ask.noTerminal;
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      // A terminal in raw mode turns Ctrl-C into this event, not a signal; without a
      // listener readline would just pause, and the command end quietly with exit 0.
      rl.on('SIGINT', () => reject(new KbError('INTERRUPTED', ExitCode.interrupted, ask.interrupted)));
      rl.on('close', () => resolve('')); // Ctrl-D: no answer is a no
      rl.question(ask.question).then(resolve, reject);
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
