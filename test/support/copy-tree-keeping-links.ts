import fs from 'node:fs';
import path from 'node:path';

/**
 * Copies a folder the way it lies on disk, hard links included: files that share an inode in
 * `from` share one in `to`. A KB killed mid-commit holds backups that are hard links to live
 * pages, and recovery treats a target still linked to its backup as never changed, so a copy
 * that split those links (fs.cpSync does) would send recovery down another path.
 */
export function copyTreeKeepingLinks(from: string, to: string): void {
  const copied = new Map<string, string>();
  const walk = (src: string, dst: string): void => {
    fs.mkdirSync(dst, { mode: fs.statSync(src).mode });
    for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
      const [s, d] = [path.join(src, entry.name), path.join(dst, entry.name)];
      if (entry.isDirectory()) {
        walk(s, d);
        continue;
      }
      if (!entry.isFile()) throw new Error(`cannot copy ${s}: neither a file nor a folder`);
      const { dev, ino } = fs.statSync(s);
      const twin = copied.get(`${dev}:${ino}`);
      if (twin) {
        fs.linkSync(twin, d);
      } else {
        fs.copyFileSync(s, d);
        copied.set(`${dev}:${ino}`, d);
      }
    }
  };
  walk(from, to);
}
