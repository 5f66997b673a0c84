import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../commit/kb-context.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { rebuildSearchIndex } from '../search/rebuild-search-index.js';
import { keepUnregisteredRawFiles } from './keep-raw-file.js';
import { checkDatabase, checkLeftovers, checkRegistry, checkSearchIndex, checkWikiLinks, type Violation } from './doctor-checks.js';

export interface DoctorResult {
  ok: boolean;
  violations: Violation[];
  /** With --repair: what the repair did. */
  repaired: string[];
}

/**
 * Checks the invariants every command relies on. Recovery has already run by the time the
 * checks look (every lock acquisition drains first), so a leftover here means recovery
 * itself could not finish. `--repair` takes the exclusive lock, which retries recovery —
 * including journals whose rollback failed before — sweeps what dead processes left, and
 * rebuilds the search index from the pages on disk.
 */
export async function runDoctor(ctx: KbContext, options: { repair: boolean }): Promise<DoctorResult> {
  const repaired: string[] = [];
  if (options.repair) {
    await withKbLock(ctx, 'exclusive', async () => {
      repaired.push('recovered interrupted changes and swept leftovers of dead processes');
      // Temp files of writes killed outside any journal's targets (none should exist, but a
      // crashed older kb or a copied-in tree can leave them).
      for (const temp of checkLeftovers(ctx).filter((v) => v.kind === 'leftover-temp')) {
        fs.rmSync(path.join(ctx.paths.root, temp.path), { force: true });
        repaired.push(`removed ${temp.path}`);
      }
      repaired.push(...(await keepUnregisteredRawFiles(ctx)));
      const index = rebuildSearchIndex(ctx);
      repaired.push(`rebuilt the search index (${index.pages} pages, ${index.rows} rows)`);
    });
  }
  return withKbLock(ctx, 'shared', async () => {
    const violations = [...checkDatabase(ctx), ...checkLeftovers(ctx), ...(await checkRegistry(ctx)), ...checkWikiLinks(ctx), ...checkSearchIndex(ctx)];
    return { ok: violations.length === 0, violations, repaired };
  });
}

export function renderDoctor(result: DoctorResult): string {
  const lines = result.repaired.map((r) => `repaired: ${r}`);
  if (result.ok) lines.push('ok: no problems found');
  for (const v of result.violations) lines.push(`${v.kind.padEnd(18)} ${v.path}  ${v.detail}`);
  if (!result.ok) lines.push(`${result.violations.length} problem(s) found`);
  return lines.join('\n');
}
