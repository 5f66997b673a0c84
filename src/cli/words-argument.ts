import { ExitCode, KbError } from '../core/errors.js';

/**
 * The words of a `<words...>` argument as one text; blank text (`kb query ""`) is a usage
 * error, not a search for nothing.
 */
export function wordsArgument(words: readonly string[], what: string): string {
  const text = words.join(' ');
  if (text.trim() === '') throw new KbError('EMPTY_ARGUMENT', ExitCode.usage, `the ${what} is empty`, { hint: `give the ${what} as words after the command` });
  return text;
}
