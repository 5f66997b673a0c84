import fs from 'node:fs';
import path from 'node:path';
import { applyChangeset } from '../commit/apply-changeset.js';
import type { Changeset } from '../model/changeset.js';
import type { KbContext } from '../store/kb-context.js';
import { findRegistryFileProblems } from '../lint/registry-files.js';
import { kbFiles } from '../core/kb-files.js';
import { KEPT_RAW_DIR } from '../core/kb-paths.js';
import { resolveInKb } from '../core/kb-relative-path.js';

export interface KeptRawMove {
  from: string;
  to: string;
}

/** Where a raw file moves in raw/kept/: its own name, or with -2, -3… so an earlier kept original is never overwritten. */
export function chooseKeptPath(root: string, rawPath: string): KeptRawMove {
  const ext = path.posix.extname(rawPath);
  const stem = path.posix.basename(rawPath, ext);
  let to = `${KEPT_RAW_DIR}/${stem}${ext}`;
  for (let n = 2; fs.existsSync(resolveInKb(root, to)); n++) to = `${KEPT_RAW_DIR}/${stem}-${n}${ext}`;
  return { from: rawPath, to };
}

/**
 * The move as changeset entries: its bytes written at the new path and the old path deleted,
 * so it is journaled like any change (a crash leaves the file where it was).
 */
export function keepRawChanges(root: string, move: KeptRawMove): Pick<Changeset, 'writes' | 'deletes'> {
  return { writes: [{ path: move.to, content: fs.readFileSync(resolveInKb(root, move.from)) }], deletes: [move.from] };
}

/**
 * `kb doctor --repair`: raw files no document owns (an older kb's --keep-raw left them in
 * raw/, where doctor and lint flag them for good) move to raw/kept/, one changeset each.
 * Moved, not deleted: they may be the only copy of a user's original. Runs under the
 * exclusive lock; returns one line per file moved.
 */
export async function keepUnregisteredRawFiles(ctx: KbContext): Promise<string[]> {
  const problems = await findRegistryFileProblems(ctx.store.documents.list(), kbFiles(ctx.paths.root));
  const moved: string[] = [];
  for (const problem of problems) {
    if (problem.kind !== 'unregistered' || !problem.path.startsWith('raw/')) continue;
    const move = chooseKeptPath(ctx.paths.root, problem.path);
    applyChangeset(ctx, { op: 'repair', detail: `kept ${move.from} as ${move.to}`, publishes: [], registry: [], ...keepRawChanges(ctx.paths.root, move) });
    moved.push(`moved ${move.from} to ${move.to} (no document owns it)`);
  }
  return moved;
}
