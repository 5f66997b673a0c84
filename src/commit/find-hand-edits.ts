import fs from 'node:fs';
import { listFiles } from '../core/kb-files.js';
import { resolveInKb } from '../core/kb-relative-path.js';
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
 * recorded is taken as unchanged without being read, so this costs a stat per page.
 */
export function findHandEdits(ctx: KbContext): HandEdits {
  const found: HandEdits = { edited: [], notes: [], deleted: [], kept_copies: listFiles(ctx.paths.root, KEPT_COPIES_FOLDER) };
  for (const record of ctx.store.pages.records()) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(resolveInKb(ctx.paths.root, record.path));
    } catch {
      found.deleted.push(record.path);
      continue;
    }
    const carried = record.body_bytes < record.size;
    if (stat.size === record.size && stat.mtimeMs === record.mtime_ms) {
      if (carried) found.notes.push(record.path);
      continue;
    }
    const live = readLivePageState(ctx.paths.root, ctx.store, record.path);
    if (live.state === 'edited') found.edited.push(record.path);
    else if (live.state === 'notes' || carried) found.notes.push(record.path);
  }
  return found;
}
