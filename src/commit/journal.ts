import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, renameIntoPlace, writeFileAtomic, writeTempFile } from '../core/atomic-write.js';
import { durableFs } from '../core/durable-fs.js';
import type { ProcessOwner } from '../core/process-owner.js';

export interface JournalTarget {
  path: string;
  /** Whether the target existed before; if so its backup is `.kb/backup/<id>/<path>`. */
  existed: boolean;
}

export interface Journal {
  version: 1;
  id: string;
  op: string;
  detail: string;
  createdAt: string;
  owner: ProcessOwner;
  targets: JournalTarget[];
  /** Rollbacks tried and failed so far, by any process. */
  failedRollbacks?: number;
  lastError?: string;
}

export type JournalRead = { ok: true; journal: Journal } | { ok: false; id: string; reason: string };

const JOURNAL_SUFFIX = '.json';

export function journalFile(journalDir: string, id: string): string {
  return path.join(journalDir, id + JOURNAL_SUFFIX);
}

export function writeJournal(journalDir: string, journal: Journal): void {
  writeFileAtomic(journalFile(journalDir, journal.id), serializeJournal(journal));
}

/**
 * A commit's journal in two halves: its bytes go to a temp file (not fsynced: the caller
 * syncs it together with the backups), then `publish` renames it into place and fsyncs the
 * folder. Until then no journal exists; a temp left by a crash is swept by recovery.
 */
export function stageJournal(journalDir: string, journal: Journal): { temp: string; publish: () => void } {
  const file = journalFile(journalDir, journal.id);
  const temp = writeTempFile(file, serializeJournal(journal), { durable: false });
  return {
    temp,
    publish: () => {
      renameIntoPlace(temp, file);
      fsyncDir(journalDir);
    },
  };
}

function serializeJournal(journal: Journal): string {
  return JSON.stringify(journal, null, 1) + '\n';
}

/**
 * No fsync: a journal that comes back after a power cut is harmless. Committed, recovery
 * discards it; rolled back already, rolling it back again restores the same bytes.
 */
export function dropJournal(journalDir: string, id: string): void {
  durableFs().unlink(journalFile(journalDir, id));
}

/** Journal ids present, oldest first (ids sort by creation time). Temp files are not journals. */
export function listJournalIds(journalDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(journalDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith(JOURNAL_SUFFIX) && !n.startsWith('.'))
    .map((n) => n.slice(0, -JOURNAL_SUFFIX.length))
    .sort();
}

/** Reads a journal defensively: an empty, truncated or ill-formed file is reported, not thrown. */
export function readJournal(journalDir: string, id: string): JournalRead {
  let text: string;
  try {
    text = fs.readFileSync(journalFile(journalDir, id), 'utf8');
  } catch (error) {
    return { ok: false, id, reason: `unreadable: ${(error as Error).message}` };
  }
  if (text.trim() === '') return { ok: false, id, reason: 'empty file' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, id, reason: `not valid JSON (${(error as Error).message})` };
  }
  const problem = checkJournalShape(value, id);
  return problem ? { ok: false, id, reason: problem } : { ok: true, journal: value as Journal };
}

function checkJournalShape(value: unknown, id: string): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const j = value as Partial<Journal>;
  if (j.version !== 1) return `unknown journal version ${JSON.stringify(j.version)}`;
  if (j.id !== id) return `id ${JSON.stringify(j.id)} does not match the file name`;
  if (!Array.isArray(j.targets)) return 'no target list';
  for (const t of j.targets) {
    if (typeof t !== 'object' || t === null || typeof t.path !== 'string' || typeof t.existed !== 'boolean') {
      return 'ill-formed target entry';
    }
  }
  return undefined;
}
