import type { KbContext } from '../store/kb-context.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { findHandEdits, type HandEdits } from '../commit/find-hand-edits.js';
import { repairKb } from './doctor-repair.js';
import { checkDatabase, checkLeftovers, checkRegistry, checkSameContent, checkSearchIndex, checkWikiLinks, type Violation } from './doctor-checks.js';

export interface DoctorResult {
  ok: boolean;
  violations: Violation[];
  /** With --repair: what the repair did. */
  repaired: string[];
  /** What users wrote in the wiki: not problems, listed so they know kb sees and keeps it. */
  hand_edits: HandEdits;
}

/**
 * Checks the invariants every command relies on. Recovery has already run by the time the
 * checks look (every lock acquisition drains first), so a leftover here means recovery
 * itself could not finish. `--repair` takes the exclusive lock, which retries recovery —
 * including journals whose rollback failed before — sweeps what dead processes left, and
 * rebuilds the search index from the pages on disk.
 */
export async function runDoctor(ctx: KbContext, options: { repair: boolean; onStep?: (step: string) => void }): Promise<DoctorResult> {
  // Each check reads all of something (kb.db, every file, every page): at 100,000 documents
  // the whole takes 20 s to a minute, so the CLI shows which check runs.
  const step = options.onStep ?? ((): void => undefined);
  if (options.repair) step('repairing');
  const repaired = options.repair ? await repairKb(ctx) : [];
  return withKbLock(ctx, 'shared', async () => {
    const documents = ctx.store.documents.count().toLocaleString('en-US');
    step('checking kb.db');
    const violations = [...checkDatabase(ctx)];
    step('looking for leftovers of interrupted changes');
    violations.push(...checkLeftovers(ctx));
    step(`hashing the files of ${documents} documents`);
    violations.push(...(await checkRegistry(ctx)), ...checkSameContent(ctx));
    step('checking every wikilink');
    violations.push(...checkWikiLinks(ctx));
    step('checking the search index');
    violations.push(...checkSearchIndex(ctx));
    step('looking for hand edits');
    const handEdits = await findHandEdits(ctx);
    return { ok: violations.length === 0, violations, repaired, hand_edits: handEdits };
  });
}

export function renderDoctor(result: DoctorResult): string {
  const lines = result.repaired.map((r) => `repaired: ${r}`);
  if (result.ok) lines.push('ok: no problems found');
  for (const v of result.violations) lines.push(`${v.kind.padEnd(18)} ${v.path}  ${v.detail}`);
  if (!result.ok) lines.push(`${result.violations.length} problem(s) found`);
  const { edited, notes, kept_copies: kept } = result.hand_edits;
  for (const page of edited) lines.push(`hand-edited        ${page}  kb keeps your edits: a corrected title:, author: or description: stays, other edits are copied to wiki/conflicts/ before a rewrite`);
  for (const page of notes) lines.push(`notes              ${page}  your notes after kb's text, and frontmatter keys you added or corrected, are kept on every rewrite`);
  for (const copy of kept) lines.push(`kept-copy          ${copy}  your words from a page kb rewrote or deleted`);
  return lines.join('\n');
}
