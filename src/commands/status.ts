import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../store/kb-context.js';
import { listJournalIds, readJournal } from '../commit/journal.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { findHandEdits, type HandEdits } from '../commit/find-hand-edits.js';

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
  /** Pages whose kb-written text was changed by hand (kept by every command: see docs/safety.md). */
  hand_edited: string[];
  /** Pages carrying the user's notes after kb's text. */
  pages_with_notes: string[];
  /** Copies kb kept of edited pages before it rewrote or deleted them. */
  kept_copies: string[];
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
      docs: ctx.store.documents.count(),
      concepts: countPages(ctx.paths.wiki, 'concepts'),
      entities: countPages(ctx.paths.wiki, 'entities'),
      explorations: countPages(ctx.paths.wiki, 'explorations'),
      pending_journals: journals.length,
      journals_needing_repair: needingRepair.length,
      schema_version: ctx.store.schemaVersion(),
      ...handEditFields(findHandEdits(ctx)),
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
  const table = rows.map(([label, value]) => `${label.padEnd(width)}${value}`);
  return [...table, ...listed('hand-edited', status.hand_edited, width), ...listed('with notes', status.pages_with_notes, width), ...listed('kept copies', status.kept_copies, width)].join('\n');
}

function handEditFields(edits: HandEdits): Pick<StatusResult, 'hand_edited' | 'pages_with_notes' | 'kept_copies'> {
  return { hand_edited: edits.edited, pages_with_notes: edits.notes, kept_copies: edits.kept_copies };
}

/** A count line and the first few paths; the rest are in --json. */
function listed(label: string, paths: readonly string[], width: number, shown = 10): string[] {
  if (paths.length === 0) return [];
  const more = paths.length > shown ? [`  … and ${paths.length - shown} more (kb status --json lists them all)`] : [];
  return [`${label.padEnd(width)}${paths.length}`, ...paths.slice(0, shown).map((p) => `  ${p}`), ...more];
}

function countPages(wiki: string, folder: string): number {
  try {
    return fs.readdirSync(path.join(wiki, folder), { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.')).length;
  } catch {
    return 0;
  }
}
