import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../store/kb-context.js';
import { listJournalIds, readJournal } from '../commit/journal.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { findHandEdits, type HandEdits } from '../commit/find-hand-edits.js';
import { KEPT_COPIES_FOLDER } from '../commit/live-page.js';
import { listFiles } from '../core/kb-files.js';

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
  /**
   * Pages whose kb-written text was changed by hand (kept by every command: see docs/safety.md);
   * null when the check was skipped (`kb status --no-edits`).
   */
  hand_edited: string[] | null;
  /** Pages carrying the user's notes after kb's text; null when the check was skipped. */
  pages_with_notes: string[] | null;
  /** Copies kb kept of edited pages before it rewrote or deleted them. */
  kept_copies: string[];
}

export interface StatusOptions {
  /**
   * Whether to look for hand edits: a stat of every page kb wrote, most of what status costs
   * in a big KB (about 0.5 s for 200,000 pages on a 2-core VM, where nothing else tells which
   * file an editor changed in place). Off, status reads only counts and journals.
   */
  handEdits?: boolean;
}

export async function getStatus(ctx: KbContext, options: StatusOptions = {}): Promise<StatusResult> {
  return withKbLock(ctx, 'shared', async () => {
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
      ...(options.handEdits === false ? handEditsNotChecked(ctx) : handEditFields(await findHandEdits(ctx))),
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
  const edits =
    status.hand_edited === null || status.pages_with_notes === null
      ? [`${'hand edits'.padEnd(width)}not checked (kb status without --no-edits checks them)`]
      : [...listed('hand-edited', status.hand_edited, width), ...listed('with notes', status.pages_with_notes, width)];
  return [...table, ...edits, ...listed('kept copies', status.kept_copies, width)].join('\n');
}

/** The kept copies are a listing of one folder, cheap at any size, so they are listed even then. */
function handEditsNotChecked(ctx: KbContext): Pick<StatusResult, 'hand_edited' | 'pages_with_notes' | 'kept_copies'> {
  return { hand_edited: null, pages_with_notes: null, kept_copies: listFiles(ctx.paths.root, KEPT_COPIES_FOLDER) };
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
