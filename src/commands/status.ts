import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../commit/kb-context.js';
import { listJournalIds, readJournal } from '../commit/journal.js';
import { withKbLock } from '../commit/with-kb-lock.js';

export interface StatusResult {
  kb: string;
  docs: number;
  concepts: number;
  entities: number;
  explorations: number;
  pending_journals: number;
  /** Journals whose rollback failed; mutations exit 5 until `kb doctor --repair`. */
  journals_needing_repair: number;
  schema_version: number;
}

export async function getStatus(ctx: KbContext): Promise<StatusResult> {
  return withKbLock(ctx, 'shared', () => {
    const journals = listJournalIds(ctx.paths.journal);
    const needingRepair = journals.filter((id) => {
      const read = readJournal(ctx.paths.journal, id);
      return read.ok && (read.journal.failedRollbacks ?? 0) > 0;
    });
    return {
      kb: ctx.paths.root,
      docs: ctx.store.countDocuments(),
      concepts: countPages(ctx.paths.wiki, 'concepts'),
      entities: countPages(ctx.paths.wiki, 'entities'),
      explorations: countPages(ctx.paths.wiki, 'explorations'),
      pending_journals: journals.length,
      journals_needing_repair: needingRepair.length,
      schema_version: ctx.store.schemaVersion(),
    };
  });
}

export function renderStatus(status: StatusResult): string {
  const lines = [
    `knowledge base  ${status.kb}`,
    `documents       ${status.docs}`,
    `concepts        ${status.concepts}`,
    `entities        ${status.entities}`,
    `explorations    ${status.explorations}`,
    `pending journals ${status.pending_journals}`,
  ];
  if (status.journals_needing_repair > 0) lines.push(`needs repair    ${status.journals_needing_repair} journal(s): run \`kb doctor --repair\``);
  return lines.join('\n');
}

function countPages(wiki: string, folder: string): number {
  try {
    return fs.readdirSync(path.join(wiki, folder), { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.')).length;
  } catch {
    return 0;
  }
}
