/** A `[[target]]`, `[[target|label]]` or `[[target#heading]]` link found in a page. */
export interface WikiLink {
  target: string;
  line: number;
}

const LINK = /\[\[([^\]|#\n]+)(?:#[^\]|\n]*)?(?:\|[^\]\n]*)?\]\]/g;

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
