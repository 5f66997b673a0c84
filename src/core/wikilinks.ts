/** A `[[target]]`, `[[target|label]]` or `[[target#heading]]` link found in a page. */
export interface WikiLink {
  target: string;
  line: number;
}

// Groups: target, label.
const LINK = /\[\[([^\]|#\n]+)(?:#[^\]|\n]*)?(?:\|([^\]\n]*))?\]\]/g;

/**
 * A line that opens or closes a fenced code block: three or more backticks or tildes, then an
 * info string (a backtick fence's holds no backtick). ``` ``f(x)`` ``` on one line is inline
 * code, not a fence: taken for one, it would turn the rest of the page into code.
 */
export function isFenceLine(line: string): boolean {
  return /^\s*(?:`{3,}[^`]*|~{3,}.*)$/.test(line);
}

/** Links in a Markdown page, outside fenced and inline code (where `[[x]]` is just text). */
export function extractWikiLinks(markdown: string): WikiLink[] {
  const links: WikiLink[] = [];
  let inFence = false;
  // The regular expressions run only on lines that can hold a fence or a link: most lines of a
  // source page hold neither, and doctor and lint read every page. A line without `[[` can
  // still hold one once its inline code is taken out (`[`x`[a]]`), so backticks count too.
  const mayLink = (text: string): boolean => text.includes('[[') || text.includes('`');
  if (!mayLink(markdown)) return links;
  markdown.split('\n').forEach((line, index) => {
    if ((line.includes('```') || line.includes('~~~')) && isFenceLine(line)) {
      inFence = !inFence;
      return;
    }
    if (inFence || !mayLink(line)) return;
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
 * `exists` asked once per path: a check that reads every page asks for the same concept and
 * summary pages thousands of times, and nothing is written while it runs.
 */
export function rememberAnswers(exists: (relPath: string) => boolean): (relPath: string) => boolean {
  const answers = new Map<string, boolean>();
  return (relPath) => {
    let answer = answers.get(relPath);
    if (answer === undefined) {
      answer = exists(relPath);
      answers.set(relPath, answer);
    }
    return answer;
  };
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
  return mapOutsideCode(markdown, (text) => text.replace(LINK, (link: string, target: string, label: string | undefined) => replace({ target: target.trim(), label, text: link }) ?? link));
}

/**
 * `change` applied to the text of a page outside fenced code blocks (a line opening with
 * ``` or ~~~ toggles one) and inline code spans, where `[[x]]` is just text: what
 * extractWikiLinks reads as links, and nothing else, is what `change` sees.
 */
export function mapOutsideCode(markdown: string, change: (text: string) => string): string {
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (isFenceLine(line)) {
        inFence = !inFence;
        return line;
      }
      if (inFence) return line;
      // Odd pieces are inline code spans.
      return line
        .split(/(`[^`]*`)/)
        .map((piece, i) => (i % 2 === 1 ? piece : change(piece)))
        .join('');
    })
    .join('\n');
}
