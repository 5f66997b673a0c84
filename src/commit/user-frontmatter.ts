import { splitFrontmatter } from '../model/render-page.js';

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
 * `page` (kb's new text) with the frontmatter keys of `live` that neither kb wrote last time
 * (`kbKeys`) nor writes now, appended to its frontmatter as the user wrote them.
 */
export function carryUserKeys(live: string, page: string, kbKeys: readonly string[]): string {
  const liveParts = frontmatterParts(live);
  const pageParts = frontmatterParts(page);
  if (!liveParts || !pageParts) return page;
  const ours = new Set([...kbKeys, ...pageParts.chunks.map((c) => c.key)]);
  const theirs = liveParts.chunks.filter((c) => !ours.has(c.key));
  if (theirs.length === 0) return page;
  return `---\n${[...pageParts.chunks, ...theirs].map((c) => c.text).join('')}---\n${pageParts.body}`;
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
  return `---\n${pageParts.chunks.filter((c) => !theirs.has(c.key)).map((c) => c.text).join('')}---\n${pageParts.body}`;
}

/** `page` without the frontmatter keys that are not in `kbKeys`: kb's own text, when the user only added keys. */
export function withoutUserKeys(page: string, kbKeys: readonly string[]): string {
  const parts = frontmatterParts(page);
  if (!parts) return page;
  const ours = new Set(kbKeys);
  return `---\n${parts.chunks.filter((c) => ours.has(c.key)).map((c) => c.text).join('')}---\n${parts.body}`;
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
