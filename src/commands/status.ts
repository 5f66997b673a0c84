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

/** Label and value columns, the values aligned; `extra` rows (chat's /status adds its session) join the table. */
export function renderStatus(status: StatusResult, extra: readonly [string, string][] = []): string {
  const rows: [string, string][] = [
    ['knowledge base', status.kb],
    ['documents', String(status.docs)],
    ['concepts', String(status.concepts)],
    ['entities', String(status.entities)],
    ['explorations', String(status.explorations)],
    ['pending journals', String(status.pending_journals)],
  ];
  if (status.journals_needing_repair > 0) rows.push(['needs repair', `${status.journals_needing_repair} journal(s): run \`kb doctor --repair\``]);
  rows.push(...extra);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${label.padEnd(width)}${value}`).join('\n');
}

function countPages(wiki: string, folder: string): number {
  try {
    return fs.readdirSync(path.join(wiki, folder), { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.')).length;
  } catch {
    return 0;
  }
}
