import yaml from 'js-yaml';
import { inlineText, parseFrontmatter, splitFrontmatter } from '../model/render-page.js';

/**
 * Frontmatter keys people add in Obsidian (tags, aliases, cssclasses, their own properties)
 * while kb owns the keys it writes (title, type, sources, …). Keys are read as text, a chunk
 * per top-level key with its indented lines, so the user's YAML is carried over byte for byte,
 * in whatever style they wrote it.
 */
interface Chunk {
  key: string;
  text: string;
}

/** The top-level keys of a page's frontmatter, in order. */
export function frontmatterKeys(page: string): string[] {
  return (frontmatterParts(page)?.chunks ?? []).map((c) => c.key);
}

/**
 * Keys whose value a user may correct on a page kb wrote, and kb then leaves as they wrote it:
 * words about the document that kb shows but never reads back as structure (a wrong author
 * from a PDF's metadata, a poor description). `type`, `doc`, `sources`… stay kb's: a change
 * there is an edit of kb's text, copied to wiki/conflicts/ before a rewrite.
 */
const CORRECTABLE_KEYS: ReadonlySet<string> = new Set(['title', 'author', 'description']);

/**
 * `page` (kb's new text) with the frontmatter keys of `live` that kb did not write last time
 * (`kbKeys`) laid in as the user wrote them: in the place of kb's own value when kb writes that
 * key now, else after kb's keys. A record from before kb listed its keys (`kbKeys` empty)
 * leaves every key kb writes now to kb.
 */
export function carryUserKeys(live: string, page: string, kbKeys: readonly string[]): string {
  const liveParts = frontmatterParts(live);
  const pageParts = frontmatterParts(page);
  if (!liveParts || !pageParts) return page;
  const known = new Set(kbKeys.filter((key) => key !== ''));
  const kbWritesNow = new Set(pageParts.chunks.map((c) => c.key));
  const theirs = new Map(liveParts.chunks.filter((c) => !known.has(c.key) && (known.size > 0 || !kbWritesNow.has(c.key))).map((c) => [c.key, c]));
  if (theirs.size === 0) return page;
  const inPlace = pageParts.chunks.map((c) => theirs.get(c.key) ?? c);
  const after = [...theirs.values()].filter((c) => !kbWritesNow.has(c.key));
  return joinParts([...inPlace, ...after], pageParts.body);
}

/**
 * `live` with kb's values (from `page`, kb's new text) back in the correctable keys whose value
 * the user changed, and those keys; undefined when the user changed none. Whether that was the
 * user's only edit is for the caller to judge, against kb's record of its text.
 */
export function withKbValues(live: string, page: string, kbKeys: readonly string[]): { text: string; keys: string[] } | undefined {
  const liveParts = frontmatterParts(live);
  const pageParts = frontmatterParts(page);
  if (!liveParts || !pageParts) return undefined;
  const kbWrote = new Set(kbKeys);
  const kbChunks = new Map(pageParts.chunks.map((c) => [c.key, c]));
  const keys: string[] = [];
  const chunks = liveParts.chunks.map((c) => {
    const kbChunk = kbChunks.get(c.key);
    if (!kbChunk || kbChunk.text === c.text || !kbWrote.has(c.key) || !CORRECTABLE_KEYS.has(c.key)) return c;
    keys.push(c.key);
    return kbChunk;
  });
  if (keys.length === 0) return undefined;
  return { text: joinParts(chunks, liveParts.body), keys };
}

/**
 * `page` (kb's new text) without the keys the user wrote on `live` that kb did not write there
 * last time (`kbKeys`, known only from a record that lists them): a key kb starts writing
 * (`author:` on source pages) stays the user's where the user had written it, and kb's text and
 * record leave it out, so that every later rewrite keeps it too.
 */
export function yieldUserKeys(live: string, page: string, kbKeys: readonly string[]): string {
  const previous = new Set(kbKeys.filter((key) => key !== ''));
  const liveParts = frontmatterParts(live);
  const pageParts = frontmatterParts(page);
  if (previous.size === 0 || !liveParts || !pageParts) return page;
  const theirs = new Set(liveParts.chunks.map((c) => c.key).filter((key) => !previous.has(key)));
  if (!pageParts.chunks.some((c) => theirs.has(c.key))) return page;
  return joinParts(pageParts.chunks.filter((c) => !theirs.has(c.key)), pageParts.body);
}

/** `page` without the frontmatter keys that are not in `kbKeys`: kb's own text, when the user only added keys. */
export function withoutUserKeys(page: string, kbKeys: readonly string[]): string {
  const parts = frontmatterParts(page);
  if (!parts) return page;
  const ours = new Set(kbKeys);
  return joinParts(parts.chunks.filter((c) => ours.has(c.key)), parts.body);
}

/** The values of a page's `title:` and `description:`, where the frontmatter gives them as text. */
export interface ShownValues {
  title?: string;
  description?: string;
}

export function shownValues(page: string): ShownValues {
  const parsed = parseFrontmatter(page);
  if (!parsed.ok) return {};
  const { title, description } = parsed.data;
  return { ...(typeof title === 'string' ? { title } : {}), ...(typeof description === 'string' ? { description } : {}) };
}

/**
 * The values of `page` (the page as it will be written, the user's keys in it) that differ from
 * those of `kbPage` (kb's new text): the title or description the user corrected, if any.
 */
export function correctedValues(page: string, kbPage: string): ShownValues {
  const [theirs, ours] = [shownValues(page), shownValues(kbPage)];
  return {
    ...(theirs.title !== undefined && ours.title !== undefined && theirs.title !== ours.title ? { title: theirs.title } : {}),
    ...(theirs.description !== undefined && ours.description !== undefined && theirs.description !== ours.description ? { description: theirs.description } : {}),
  };
}

/**
 * `page` with the body's copies of its title and description — the `# heading` that opens the
 * body, and right below it a summary's first paragraph — showing `to` where they show `from`:
 * a corrected title is the page's heading too, a corrected description its opening line. A copy
 * that does not show the `from` value (the user rewrote the heading) is left as it is.
 */
export function withBodyCopies(page: string, from: ShownValues, to: ShownValues): string {
  const { body } = splitFrontmatter(page);
  const lines = body.split('\n');
  const heading = (title: string): string => `# ${inlineText(title, 200)}`;
  if (from.title !== undefined && to.title !== undefined && lines[0] === heading(from.title)) lines[0] = heading(to.title);
  if (from.description !== undefined && to.description !== undefined && lines[0]?.startsWith('# ') && lines[1] === '' && lines[2] === from.description) lines[2] = to.description;
  const changed = lines.join('\n');
  return changed === body ? page : `${page.slice(0, page.length - body.length)}${changed}`;
}

/**
 * `page` with the words of a heading or opening line the user corrected while leaving the key
 * as kb wrote it (`# Urban Bees` over `title: Bees`) put in that key: the heading is where
 * a reader sees the title, so that is where they fix it. Told by kb's new text (`kbPage`): its
 * key holds the same value, its heading or opening line another one. `page` itself otherwise.
 */
export function withBodyCorrectionsInKeys(page: string, kbPage: string): string {
  const parts = frontmatterParts(page);
  if (!parts) return page;
  const [theirs, ours] = [shownValues(page), shownValues(kbPage)];
  const [lines, kbLines] = [parts.body.split('\n'), splitFrontmatter(kbPage).body.split('\n')];
  const opens = (l: readonly string[]): boolean => l[0]?.startsWith('# ') === true && l[1] === '';
  if (!opens(lines) || !opens(kbLines)) return page;
  const values: Record<string, string> = {};
  const heading = lines[0]!.slice(2).trim();
  if (theirs.title !== undefined && theirs.title === ours.title && lines[0] !== kbLines[0] && heading !== '') values.title = heading;
  const opening = lines[2]?.trim() ?? '';
  if (theirs.description !== undefined && theirs.description === ours.description && lines[2] !== kbLines[2] && opening !== '' && !opening.startsWith('#')) {
    values.description = opening;
  }
  if (Object.keys(values).length === 0) return page;
  const chunks = parts.chunks.map((c) => (values[c.key] === undefined ? c : { key: c.key, text: yaml.dump({ [c.key]: values[c.key] }, { lineWidth: -1, schema: yaml.CORE_SCHEMA }) }));
  return joinParts(chunks, parts.body);
}

/** The frontmatter as one chunk per key (a key's line and the lines that continue it), and the body. */
function frontmatterParts(page: string): { chunks: Chunk[]; body: string } | undefined {
  const { frontmatter, body } = splitFrontmatter(page);
  if (frontmatter === '') return undefined;
  const chunks: Chunk[] = [];
  for (const line of `${frontmatter}\n`.split(/(?<=\n)/)) {
    const key = /^([^\s#:-][^:]*):(?:\s|$)/.exec(line)?.[1];
    const last = chunks[chunks.length - 1];
    if (key !== undefined) chunks.push({ key: key.trim(), text: line });
    else if (last) last.text += line;
  }
  return { chunks, body };
}

/** A page from its frontmatter chunks and body: frontmatterParts undone. */
function joinParts(chunks: readonly Chunk[], body: string): string {
  return `---\n${chunks.map((c) => c.text).join('')}---\n${body}`;
}
