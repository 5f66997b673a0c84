import fs from 'node:fs';
import { sha256 } from '../core/hash-file.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import type { KbContext } from '../store/kb-context.js';
import type { PagesRepository } from '../store/pages-repository.js';
import type { StoreReader } from '../store/store-reader.js';
import type { PageRecord } from '../model/registry.js';
import { withoutUserKeys } from './user-frontmatter.js';

/**
 * Where kb keeps a copy of the user's words before it rewrites or deletes a page they
 * changed. The user's alone: kb writes each copy once and never records, checks or touches it.
 */
export const KEPT_COPIES_FOLDER = 'wiki/conflicts';

/**
 * Pages whose bytes kb records and guards: everything it writes under wiki/, except the kept
 * copies and AGENTS.md, which kb writes once at init for the user to edit.
 */
export function isGuardedPage(relPath: string): boolean {
  return relPath.startsWith('wiki/') && !relPath.startsWith(`${KEPT_COPIES_FOLDER}/`) && relPath !== 'wiki/AGENTS.md';
}

/**
 * A live page as kb's record of it tells it apart:
 * - `clean`: the bytes kb last wrote (its text, then any notes it carried over);
 * - `notes`: kb's text unchanged, the user's additions changed: notes after it, frontmatter keys;
 * - `edited`: the user changed kb's own text; `kbText` is that text as they left it and `notes`
 *   what they wrote after it, when the end of kb's text can still be found (editedKbTextEnd),
 *   else the whole page and '';
 * - `user`: a page kb never wrote.
 */
export type LivePage =
  | { state: 'absent' }
  | { state: 'clean' | 'notes'; bytes: Buffer; kbText: string; notes: string; record?: PageRecord }
  | { state: 'edited'; bytes: Buffer; kbText: string; notes: string; record: PageRecord }
  | { state: 'user'; bytes: Buffer };

export function readLivePageState(root: string, store: StoreReader, relPath: string): LivePage {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(resolveInKb(root, relPath));
  } catch {
    return { state: 'absent' };
  }
  return classifyPage(relPath, bytes, store.pages);
}

/** Where classifyPage finds kb's records: kb.db's page_records, or all of them read at once (lint). */
export type PageRecordLookup = Pick<PagesRepository, 'record' | 'recordsComplete'>;

/** A page's bytes judged against kb's record of it (see LivePage). */
export function classifyPage(relPath: string, bytes: Buffer, records: PageRecordLookup): Exclude<LivePage, { state: 'absent' }> {
  const record = records.record(relPath);
  if (!record) {
    // A KB from before records: what is there now is taken for what kb wrote.
    if (!records.recordsComplete() && isGuardedPage(relPath)) return { state: 'clean', bytes, kbText: bytes.toString('utf8'), notes: '' };
    return { state: 'user', bytes };
  }
  const own = ownBytes(bytes, record);
  if (!own) return { state: 'edited', bytes, record, ...editedParts(bytes, record) };
  const kbPart = own.subarray(0, record.body_bytes);
  const notes = splitNotes(own.subarray(record.body_bytes).toString('utf8'));
  const state = sha256(bytes) === record.sha256 || (notes === '' && own === bytes) ? 'clean' : 'notes';
  return { state, bytes, kbText: kbPart.toString('utf8'), notes, record };
}

/**
 * The page as kb wrote it, then the notes: the bytes themselves, or with the frontmatter keys
 * the user added taken out (kb records its text without them). Undefined when the user
 * changed kb's text itself.
 */
function ownBytes(bytes: Buffer, record: PageRecord): Buffer | undefined {
  if (isKbTextIntact(bytes, record)) return bytes;
  const text = bytes.toString('utf8');
  const stripped = withoutUserKeys(text, record.kb_keys.split(' '));
  if (stripped === text) return undefined;
  const own = Buffer.from(stripped, 'utf8');
  return isKbTextIntact(own, record) ? own : undefined;
}

/** kb's text as the user left it and the notes after it; the whole page when its end is lost. */
function editedParts(bytes: Buffer, record: PageRecord): { kbText: string; notes: string } {
  const end = editedKbTextEnd(bytes, record);
  if (end === undefined) return { kbText: bytes.toString('utf8'), notes: '' };
  return { kbText: bytes.subarray(0, end).toString('utf8'), notes: splitNotes(bytes.subarray(end).toString('utf8')) };
}

/**
 * Where kb's text ends in a page whose text the user edited: after the line whose sha256 the
 * record keeps as kb's last line, the one nearest to where kb's text ended when written (an
 * edit moves it a little). Undefined when no line is (the user changed that line too, or the
 * record is from before schema 12).
 */
function editedKbTextEnd(bytes: Buffer, record: PageRecord): number | undefined {
  if (!record.body_tail_sha256) return undefined;
  let best: number | undefined;
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline + 1;
    const line = bytes.subarray(start, newline === -1 ? end : newline);
    if (sha256(line) === record.body_tail_sha256 && (best === undefined || Math.abs(end - record.body_bytes) < Math.abs(best - record.body_bytes))) best = end;
    start = end;
  }
  return best;
}

/** The last line of kb's text (without its line end): the record keeps its sha256 to find where that text ends once the user edits it. */
export function lastLineOf(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1]!;
}

/** True when a page still starts with the text kb wrote there (whatever notes follow it). */
function isKbTextIntact(bytes: Buffer, record: PageRecord): boolean {
  return bytes.length >= record.body_bytes && sha256(bytes.subarray(0, record.body_bytes)) === record.body_sha256;
}

/**
 * Whether the page still holds kb's text as kb wrote it, the user's frontmatter keys (tags,
 * aliases) and notes after it aside: what lint asks before calling a source page edited.
 */
export function isKbTextKept(bytes: Buffer, record: PageRecord): boolean {
  return ownBytes(bytes, record) !== undefined;
}

/** What compilation reads of a live page: kb's own text when the user's notes follow it. */
export function kbTextOf(page: LivePage): string | undefined {
  if (page.state === 'absent') return undefined;
  if (page.state === 'user') return page.bytes.toString('utf8');
  return page.kbText;
}

/**
 * The user's notes as kb lays them out after its own text: under a `## Notes` heading it adds
 * unless they start with a heading of their own. splitNotes undoes exactly this.
 */
export function joinNotes(kbText: string, notes: string): string {
  if (notes === '') return kbText;
  return /^#{1,6} /.test(notes) ? `${kbText}\n${notes}` : `${kbText}\n${NOTES_HEADING}\n\n${notes}`;
}

const NOTES_HEADING = '## Notes';

/** The notes that follow kb's text, without the separator joinNotes put there; '' when blank. */
function splitNotes(rest: string): string {
  const notes = rest.startsWith(`\n${NOTES_HEADING}\n\n`) ? rest.slice(NOTES_HEADING.length + 3) : rest.startsWith('\n') ? rest.slice(1) : rest;
  return notes.trim() === '' ? '' : notes;
}

/**
 * A live page (KB-relative path) as compilation reads it: kb's own text, without the notes a
 * user added after it (the commit carries those over: guard-user-words.ts); undefined when it
 * does not exist.
 */
export function readLivePage(ctx: KbContext, relPath: string): string | undefined {
  return kbTextOf(readLivePageState(ctx.paths.root, ctx.store, relPath));
}
