import path from 'node:path';

/** A path as the user would type it from `cwd`: relative when inside it, else absolute. */
export function displayPath(cwd: string, target: string): string {
  const rel = path.relative(cwd, target);
  return rel === '' ? '.' : !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : target;
}
