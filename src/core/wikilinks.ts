/** A `[[target]]`, `[[target|label]]` or `[[target#heading]]` link found in a page. */
export interface WikiLink {
  target: string;
  line: number;
}

// Groups: target, label.
const LINK = /\[\[([^\]|#\n]+)(?:#[^\]|\n]*)?(?:\|([^\]\n]*))?\]\]/g;

/** Links in a Markdown page, outside fenced and inline code (where `[[x]]` is just text). */
export function extractWikiLinks(markdown: string): WikiLink[] {
  const links: WikiLink[] = [];
  let inFence = false;
  markdown.split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const text = line.replace(/`[^`]*`/g, '');
    for (const match of text.matchAll(LINK)) {
      const target = match[1]?.trim();
      if (target) links.push({ target, line: index + 1 });
    }
  });
  return links;
}

/** The wiki-relative file a link points at: `concepts/mvcc` → `concepts/mvcc.md`. */
export function linkTargetFile(target: string): string {
  return target.endsWith('.md') ? target : `${target}.md`;
}

/**
 * Whether a link resolves: its target file (`wiki/<target>.md`) exists and stays inside
 * wiki/. `exists` answers for KB-relative paths.
 */
export function linkResolves(target: string, exists: (relPath: string) => boolean): boolean {
  const file = linkTargetFile(target);
  if (file.split('/').includes('..') || file.startsWith('/')) return false;
  return exists(`wiki/${file}`);
}

/**
 * Rewrites the links of a page where `replace` returns a string (the new link or plain
 * text); others stay as written. Links in fenced or inline code are text and are left alone,
 * exactly the links extractWikiLinks finds.
 */
export function rewriteWikiLinks(markdown: string, replace: (link: { target: string; label: string | undefined; text: string }) => string | undefined): string {
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return line;
      }
      if (inFence) return line;
      // Odd pieces are inline code spans.
      return line
        .split(/(`[^`]*`)/)
        .map((piece, i) =>
          i % 2 === 1
            ? piece
            : piece.replace(LINK, (text: string, target: string, label: string | undefined) => replace({ target: target.trim(), label, text }) ?? text),
        )
        .join('');
    })
    .join('\n');
}
