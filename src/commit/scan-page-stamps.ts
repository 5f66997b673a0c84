import fs from 'node:fs';
import type { PageStamp } from '../store/pages-repository.js';

/** A page that find-hand-edits lists or reads: changed since kb wrote it, or carrying notes by kb's record. */
export type ListedPage = [page: string, carried: boolean, changed: boolean];

/** What a stat of every page in a run of records found, in path order. */
export interface StampScan {
  /** Pages kb recorded that are gone. */
  deleted: string[];
  /** Pages whose stat differs from the record (to be read and judged), and unchanged pages whose record says kb carried notes. */
  listed: ListedPage[];
}

/**
 * Stats each recorded page and compares its size and mtime with the record. Reads nothing and
 * queries nothing, so it runs as well in a worker thread on its own connection (page-stamps-worker.ts).
 */
export function scanPageStamps(root: string, batches: Iterable<PageStamp[]>): StampScan {
  const scan: StampScan = { deleted: [], listed: [] };
  for (const batch of batches) {
    for (const [page, size, mtimeMs, bodyBytes] of batch) {
      // Record paths were checked when kb wrote them, and a stat writes nothing: joined plainly,
      // as resolveInKb's checks cost as much as the stat itself at 200,000 pages.
      const stat = statOrUndefined(`${root}/${page}`);
      if (!stat) {
        scan.deleted.push(page);
        continue;
      }
      const carried = bodyBytes < size;
      const changed = stat.size !== size || stat.mtimeMs !== mtimeMs;
      if (changed || carried) scan.listed.push([page, carried, changed]);
    }
  }
  return scan;
}

/** A page's stat; undefined when it cannot be had (gone, or unreadable): without an exception for a missing page, which costs more than the stat. */
function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
