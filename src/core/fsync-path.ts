import fs from 'node:fs';

/** fsync of a file or a directory, opened read-only (enough for fsync on Linux and macOS). */
export function fsyncPath(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
