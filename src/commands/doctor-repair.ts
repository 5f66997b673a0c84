import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../store/kb-context.js';
import type { RecoveryReport } from '../commit/recover-journals.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { rebuildSearchIndex } from '../search/rebuild-search-index.js';
import { checkLeftovers } from './doctor-checks.js';
import { keepUnregisteredRawFiles } from './keep-raw-file.js';

/**
 * `kb doctor --repair`: the exclusive lock retries recovery (journals whose rollback failed
 * before included) and sweeps what dead processes left; then temp files outside any journal
 * go, raw files no document owns move to raw/kept/, and the search index is rebuilt from the
 * pages on disk. Returns one line per thing it changed — none when nothing needed repair.
 */
export async function repairKb(ctx: KbContext): Promise<string[]> {
  const repaired: string[] = [];
  const onRecovered = (report: RecoveryReport, swept: readonly string[]): void => {
    repaired.push(...describeRecovery(report, swept));
  };
  await withKbLock(
    ctx,
    'exclusive',
    async () => {
      // Temp files of writes killed outside any journal's targets (none should exist, but a
      // crashed older kb or a copied-in tree can leave them).
      for (const temp of checkLeftovers(ctx).filter((v) => v.kind === 'leftover-temp')) {
        fs.rmSync(path.join(ctx.paths.root, temp.path), { force: true });
        repaired.push(`removed ${temp.path}`);
      }
      repaired.push(...(await keepUnregisteredRawFiles(ctx)));
      // Rebuilt every time (pages edited outside kb leave stale text that no check sees), but
      // reported only when the index is not what it was.
      const before = searchIndexDigest(ctx);
      const index = rebuildSearchIndex(ctx);
      if (searchIndexDigest(ctx) !== before) repaired.push(`rebuilt the search index (${index.pages} pages, ${index.rows} rows)`);
    },
    { onRecovered },
  );
  return repaired;
}

function describeRecovery(report: RecoveryReport, swept: readonly string[]): string[] {
  return [
    ...report.rolledBack.map((id) => `rolled back the interrupted change of journal ${id}`),
    ...report.discarded.map((id) => `dropped the journal of committed change ${id}`),
    ...report.malformed.map((m) => `dropped unreadable journal ${m.id} (${m.reason})`),
    ...swept.map((rel) => `removed ${rel} (left by a dead process)`),
  ];
}

/** The index's rows in a stable order, hashed: what a rebuild may have changed. */
function searchIndexDigest(ctx: KbContext): string {
  const hash = createHash('sha256');
  const rows = ctx.store.db.prepare('SELECT r.page, r.section, r.page_start, r.page_end, t.title, t.headings, t.body FROM search_rows r JOIN search_text t ON t.rowid = r.id ORDER BY r.page, r.section, r.id').raw().iterate();
  for (const row of rows) hash.update(JSON.stringify(row)).update('\n');
  return hash.digest('hex');
}
