import fs from 'node:fs';
import { sha256 } from '../core/hash-file.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import type { RegistryOp } from '../model/registry.js';
import { emptyChangeset, type Changeset } from '../model/changeset.js';
import type { KbContext } from '../store/kb-context.js';
import { classifyPage, isGuardedPage, joinNotes, KEPT_COPIES_FOLDER, lastLineOf, readLivePageState, type LivePage } from './live-page.js';
import { carryUserKeys, correctedValues, frontmatterKeys, shownValues, withBodyCopies, withBodyCorrectionsInKeys, withKbValues, yieldUserKeys } from './user-frontmatter.js';

/** What a change did to keep words a user wrote, said to them by the command. */
export interface KeptWords {
  page: string;
  /**
   * notes: carried over below kb's new text · keys: the user's values of `keys` kept in kb's
   * new text · copy: the user's page copied to `copy` · left: a page kb never wrote, not deleted.
   */
  how: 'notes' | 'keys' | 'copy' | 'left';
  copy?: string;
  keys?: string[];
}

/** A page this change writes, as the commit records it (pageRecordOps). */
export interface PageToRecord {
  path: string;
  sha256: string;
  /** kb's own text: the first kbBytes bytes; the rest is the user's notes. */
  kbBytes: number;
  kbSha256: string;
  /** sha256 of the last line of kb's own text. */
  kbTailSha256: string;
  kbKeys: string[];
}

export interface GuardedChangeset {
  changeset: Changeset;
  kept: KeptWords[];
  records: PageToRecord[];
  forgotten: string[];
}

/**
 * Rewrites a changeset so that it destroys no word a user wrote (DESIGN.md: the user's words
 * are never lost). For each page it writes or deletes, the live bytes are compared with kb's
 * record of what it wrote there:
 * - notes the user put after kb's text are carried over, verbatim, below the new text;
 * - frontmatter keys the user added (tags, aliases…) are carried over into the new frontmatter;
 * - any other edit makes kb copy the page first, whole, to `wiki/conflicts/<page>.<time>.md`,
 *   in the same changeset;
 * - a page kb never wrote is never deleted, and is copied before kb writes in its place.
 * Runs under the lock, right before the changeset is applied: the bytes it judges are the
 * bytes the commit replaces.
 */
export function guardUserWords(ctx: KbContext, changeset: Changeset): GuardedChangeset {
  const out: GuardedChangeset = { changeset: { ...changeset, writes: [], publishes: [], deletes: [] }, kept: [], records: [], forgotten: [] };
  const copies = keptCopyNamer(ctx, changeset);
  const keepCopy = (page: string, live: Buffer): void => {
    const copy = copies(page);
    out.changeset.writes.push({ path: copy, content: live });
    out.kept.push({ page, how: 'copy', copy });
  };
  const write = (path: string, generated: string, live: LivePage): void => {
    const correction = live.state === 'edited' ? valueCorrection(path, live, generated) : undefined;
    const judged = correction?.judged ?? live;
    // The keys kb wrote last time, less those now the user's (user-frontmatter.ts).
    const record = judged.state !== 'absent' && judged.state !== 'user' ? judged.record : undefined;
    const kbKeys = record ? record.kb_keys.split(' ').filter((key) => !correction?.keys.includes(key)) : [];
    // The page as the user left it; a heading they corrected alone is their title: key from now on.
    const liveText = correction?.page ?? (live.state === 'absent' ? '' : live.bytes.toString('utf8'));
    const content = record && live.state !== 'absent' ? yieldUserKeys(liveText, generated, kbKeys) : generated;
    const guarded = guardedContent(path, generated, live, liveText, judged, kbKeys, keepCopy);
    // A title or description of the user's is the page's heading and opening line too; kb
    // records them as its own text, so the page reads as kb's until the user edits it again.
    const [kbValues, theirs] = [shownValues(generated), correctedValues(guarded, generated)];
    const text = withBodyCopies(guarded, kbValues, theirs);
    if (correction) out.kept.push({ page: path, how: 'keys', keys: correction.keys });
    else if (live.state === 'notes' || (live.state === 'edited' && live.notes !== '')) out.kept.push({ page: path, how: 'notes' });
    out.changeset.writes.push({ path, content: text });
    out.records.push(recordOf(path, text, withBodyCopies(content, kbValues, theirs)));
  };

  for (const w of changeset.writes) {
    if (!isGuardedPage(w.path)) out.changeset.writes.push(w);
    else write(w.path, textOf(w.content), readLivePageState(ctx.paths.root, ctx.store, w.path));
  }
  for (const p of changeset.publishes) {
    if (!isGuardedPage(p.path)) {
      out.changeset.publishes.push(p);
      continue;
    }
    const live = readLivePageState(ctx.paths.root, ctx.store, p.path);
    const staged = fs.readFileSync(p.from, 'utf8');
    // The common case stays a rename; a page with the user's words is written instead.
    if (!holdsUserWords(live)) {
      out.changeset.publishes.push(p);
      out.records.push(recordOf(p.path, staged, staged));
    } else write(p.path, staged, live);
  }
  for (const path of changeset.deletes) {
    if (!isGuardedPage(path)) {
      out.changeset.deletes.push(path);
      continue;
    }
    const live = readLivePageState(ctx.paths.root, ctx.store, path);
    if (live.state === 'user') {
      out.kept.push({ page: path, how: 'left' });
      continue;
    }
    if (holdsUserWords(live)) keepCopy(path, live.bytes);
    out.changeset.deletes.push(path);
    out.forgotten.push(path);
  }
  return out;
}

/** Whether the live page has anything a user wrote: edits, notes, frontmatter keys kb carried. */
export function holdsUserWords(live: LivePage): live is Exclude<LivePage, { state: 'absent' }> {
  if (live.state === 'absent') return false;
  if (live.state === 'clean') return live.notes !== '' || (live.record !== undefined && live.record.sha256 !== live.record.body_sha256);
  return true;
}

/**
 * kb's new page (`generated`) with the user's words of the live one laid in: their frontmatter
 * keys (those not in `kbKeys`) and notes. `judged` is how the live page counts: itself, or, when
 * the user only corrected values (valueCorrection), the page as if kb had written those values.
 * What kb records as its own text is `generated` less the user's keys: the user's keys and
 * notes are told apart from it by the record (live-page.ts).
 */
function guardedContent(
  path: string,
  generated: string,
  live: LivePage,
  liveText: string,
  judged: LivePage,
  kbKeys: readonly string[],
  keepCopy: (page: string, live: Buffer) => void,
): string {
  if (live.state === 'absent' || judged.state === 'absent') return generated;
  const withKeys = (): string => carryUserKeys(liveText, generated, kbKeys);
  switch (judged.state) {
    case 'clean':
    case 'notes':
      return joinNotes(judged.record ? withKeys() : generated, judged.notes);
    case 'edited':
      // Copied even when the new page still holds the edit (another document's section of a
      // concept page is kept as it stands on disk): from now on the page counts as kb's text,
      // and a later rewrite that renders that section anew would drop the edit unseen.
      // The notes after the edited text, when its end could be found, stay in the page too.
      keepCopy(path, live.bytes);
      return joinNotes(withKeys(), judged.notes);
    case 'user':
      keepCopy(path, live.bytes);
      return generated;
  }
}

/**
 * When the user's only edit of kb's text is the value of keys they may correct (a wrong
 * `author:`), or the heading or opening line that shows a title or description: those keys,
 * the page as the user left it with such a heading's words as its `title:` (`page`), and the
 * page judged as if kb had written the values it writes now. The check is exact: with kb's
 * values back, the page must be kb's recorded text. When kb's own value has changed since (a
 * better reading of the file), it cannot be, and the edit is copied as any other.
 */
function valueCorrection(
  path: string,
  live: Extract<LivePage, { state: 'edited' }>,
  generated: string,
): { keys: string[]; page: string; judged: LivePage } | undefined {
  const page = withBodyCorrectionsInKeys(live.bytes.toString('utf8'), generated);
  const restored = withKbValues(page, generated, live.record.kb_keys.split(' '));
  if (!restored) return undefined;
  // The heading or opening line the user corrected, alone or with the key: kb's values back there too.
  const kbText = withBodyCopies(restored.text, correctedValues(page, generated), shownValues(generated));
  const judged = classifyPage(path, Buffer.from(kbText, 'utf8'), { record: () => live.record, recordsComplete: () => true });
  return judged.state === 'clean' || judged.state === 'notes' ? { keys: restored.keys, page, judged } : undefined;
}

/** `text` is the file as written, `generated` kb's page in it, before the user's keys and notes. */
function recordOf(path: string, text: string, generated: string): PageToRecord {
  const kb = Buffer.from(generated, 'utf8');
  const kbSha256 = sha256(kb);
  // Mostly the same text (no notes, no keys of the user's): hashed once.
  const textSha256 = text === generated ? kbSha256 : sha256(Buffer.from(text, 'utf8'));
  return { path, sha256: textSha256, kbBytes: kb.length, kbSha256, kbTailSha256: sha256(Buffer.from(lastLineOf(generated), 'utf8')), kbKeys: frontmatterKeys(generated) };
}

function textOf(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
}

/**
 * Names for kept copies: `wiki/conflicts/<page under wiki/>.<local time>.md`, with `-2`, `-3`…
 * when that name is taken on disk or earlier in this change.
 */
function keptCopyNamer(ctx: KbContext, changeset: Changeset): (page: string) => string {
  const taken = new Set(changeset.writes.map((w) => w.path));
  const stamp = timeStamp(ctx.clock.now());
  return (page) => {
    const stem = `${KEPT_COPIES_FOLDER}/${page.slice('wiki/'.length).replace(/\.md$/, '')}.${stamp}`;
    let name = `${stem}.md`;
    for (let n = 2; taken.has(name) || fs.existsSync(resolveInKb(ctx.paths.root, name)); n++) name = `${stem}-${n}.md`;
    taken.add(name);
    return name;
  };
}

/** 2026-12-04-173005: sorts by time, safe in a file name everywhere. */
function timeStamp(when: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}-${pad(when.getHours())}${pad(when.getMinutes())}${pad(when.getSeconds())}`;
}

/** Records of pages kb wrote outside a changeset (`kb init`, before there is a journal): each page as it is on disk. */
export function recordPagesAsWritten(root: string, pages: readonly string[]): RegistryOp[] {
  const records = pages.map((page) => {
    const text = fs.readFileSync(resolveInKb(root, page), 'utf8');
    return recordOf(page, text, text);
  });
  return pageRecordOps(root, { changeset: emptyChangeset('init', ''), kept: [], records, forgotten: [] });
}

/** The page records a guarded change commits: read after its targets are in place (size, mtime). */
export function pageRecordOps(root: string, guarded: GuardedChangeset): RegistryOp[] {
  const recorded: RegistryOp[] = guarded.records.map((r) => {
    const stat = fs.statSync(resolveInKb(root, r.path));
    return { kind: 'recordPage', record: { path: r.path, sha256: r.sha256, size: stat.size, mtime_ms: stat.mtimeMs, body_bytes: r.kbBytes, body_sha256: r.kbSha256, body_tail_sha256: r.kbTailSha256, kb_keys: r.kbKeys.join(' ') } };
  });
  return [...recorded, ...guarded.forgotten.map((path): RegistryOp => ({ kind: 'forgetPage', path }))];
}

/** One line for the user: what happened to their words on this page. */
export function describeKeptWords(kept: KeptWords): string {
  if (kept.how === 'notes') return `kept what you added to ${kept.page}`;
  if (kept.how === 'keys') return `kept your ${(kept.keys ?? []).map((key) => `${key}:`).join(', ')} in ${kept.page}`;
  if (kept.how === 'left') return `left ${kept.page} alone: kb did not write it`;
  return `kept your edits of ${kept.page} in ${kept.copy}`;
}

/** A plan row saying what a change will do to keep a user's words (kb remove and recompile show their plans). */
export interface KeepPlanRow {
  action: 'KEEP';
  path: string;
  /** Where the user's page will be copied; none when their additions are carried over in place. */
  copy?: string;
}

/** The KEEP rows of a change not applied yet: guardUserWords only reads, so it can preview. */
export function keepPlanRows(ctx: KbContext, changeset: Changeset): KeepPlanRow[] {
  return guardUserWords(ctx, changeset).kept.map((k) => ({ action: 'KEEP', path: k.page, ...(k.copy ? { copy: k.copy } : {}) }));
}
