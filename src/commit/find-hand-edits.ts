import fs from 'node:fs';
import { listFiles } from '../core/kb-files.js';
import type { KbContext } from '../store/kb-context.js';
import { KEPT_COPIES_FOLDER, readLivePageState } from './live-page.js';

/** What users wrote in the wiki, as `kb status` and `kb doctor` list it. */
export interface HandEdits {
  /** Pages kb wrote whose own text was changed by hand: the next rewrite copies them first. */
  edited: string[];
  /** Pages with the user's notes after kb's text: carried over by every rewrite. */
  notes: string[];
  /** Pages kb wrote that were deleted by hand: the next change that needs them writes them again. */
  deleted: string[];
  /** Copies kb made of edited pages before rewriting or deleting them (wiki/conflicts/). */
  kept_copies: string[];
}

/**
 * Compares each page with kb's record of what it wrote. A page whose size and mtime are as
 * recorded is taken as unchanged without being read, so this costs a stat per page; a page
 * whose record says kb carried notes after its text (body_bytes < size) is listed with notes
 * from the record alone. Only a page whose stat differs is read and judged.
 *
 * At 100,000 documents (206,935 records, 2-core VM) that is most of kb status's second: about
 * 0.55 s of stats, mostly in the kernel, and 0.15-0.2 s to read the records in batches (see
 * stampBatches). Stats through libuv's thread pool (fs.promises.stat, 16 in flight) took 3 s
 * instead of 0.65 s for the same 206,935 pages: each round trip costs more than the stat.
 * A worker thread statting the second half on its own connection saved 0.24 s when the other
 * core was free, and cost 0.07-0.17 s on a host busy with other work (docs/benchmarks.md).
 *
 * Known limit, as for every command that trusts size and mtime: an edit that keeps the size
 * and puts the old mtime back (touch -r, some sync tools) is not seen here; commands that
 * rewrite a page read it whole and hash it, so they still keep the user's words.
 */
export function findHandEdits(ctx: KbContext): HandEdits {
  const found: HandEdits = { edited: [], notes: [], deleted: [], kept_copies: listFiles(ctx.paths.root, KEPT_COPIES_FOLDER) };
  const root = ctx.paths.root;
  for (const batch of ctx.store.pages.stampBatches()) {
    for (const [page, size, mtimeMs, bodyBytes] of batch) {
      // Record paths were checked when kb wrote them, and a stat writes nothing: joined plainly,
      // as resolveInKb's checks cost as much as the stat itself at 200,000 pages.
      const stat = statOrUndefined(`${root}/${page}`);
      if (!stat) {
        found.deleted.push(page);
        continue;
      }
      const carried = bodyBytes < size;
      if (stat.size === size && stat.mtimeMs === mtimeMs) {
        if (carried) found.notes.push(page);
        continue;
      }
      const live = readLivePageState(root, ctx.store, page);
      if (live.state === 'edited') found.edited.push(page);
      else if (live.state === 'notes' || carried) found.notes.push(page);
    }
  }
  return found;
}

/** A page's stat; undefined when it cannot be had (gone, or unreadable): without an exception for a missing page, which costs more than the stat. */
function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
