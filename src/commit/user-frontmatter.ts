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
  return (frontmatterChunks(page) ?? []).map((c) => c.key);
}

/**
 * `page` (kb's new text) with the frontmatter keys of `live` that neither kb wrote last time
 * (`kbKeys`) nor writes now, appended to its frontmatter as the user wrote them.
 */
export function carryUserKeys(live: string, page: string, kbKeys: readonly string[]): string {
  const liveChunks = frontmatterChunks(live);
  const pageChunks = frontmatterChunks(page);
  if (!liveChunks || !pageChunks) return page;
  const ours = new Set([...kbKeys, ...pageChunks.map((c) => c.key)]);
  const theirs = liveChunks.filter((c) => !ours.has(c.key));
  if (theirs.length === 0) return page;
  const end = page.indexOf('\n---\n', 3);
  return `${page.slice(0, end + 1)}${theirs.map((c) => c.text).join('')}${page.slice(end + 1)}`;
}

/** `page` without the frontmatter keys that are not in `kbKeys`: kb's own text, when the user only added keys. */
export function withoutUserKeys(page: string, kbKeys: readonly string[]): string {
  const chunks = frontmatterChunks(page);
  if (!chunks) return page;
  const ours = new Set(kbKeys);
  const end = page.indexOf('\n---\n', 3);
  return `---\n${chunks.filter((c) => ours.has(c.key)).map((c) => c.text).join('')}${page.slice(end + 1)}`;
}

function frontmatterChunks(page: string): Chunk[] | undefined {
  if (!page.startsWith('---\n')) return undefined;
  const end = page.indexOf('\n---\n', 3);
  if (end < 0) return undefined;
  const chunks: Chunk[] = [];
  for (const line of page.slice(4, end + 1).split(/(?<=\n)/)) {
    const key = /^([^\s#:-][^:]*):(?:\s|$)/.exec(line)?.[1];
    const last = chunks[chunks.length - 1];
    if (key !== undefined) chunks.push({ key: key.trim(), text: line });
    else if (last) last.text += line;
  }
  return chunks;
}
