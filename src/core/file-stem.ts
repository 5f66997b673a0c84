import path from 'node:path';

/** The fallback title: the file name without directory and last extension. */
export function fileStem(fileName: string): string {
  const base = path.basename(fileName);
  const ext = path.extname(base);
  return (ext ? base.slice(0, -ext.length) : base) || base;
}
