import type { LintIssue } from './lint-issue.js';
import { parseFrontmatter } from '../model/render-page.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

/**
 * Every page opens with YAML frontmatter that parses and names its `title` and `type`; not a
 * user's own notes (usersOwnNotes). `kbWrote`: the pages kb wrote, whose frontmatter is to be
 * restored; a page the user wrote in one of kb's folders is told how to become one of kb's
 * kind, or where notes go instead.
 */
export function checkFrontmatter(pages: WikiSnapshot, ownNotes: ReadonlySet<string> = new Set(), kbWrote?: { has: (page: string) => boolean }): LintIssue[] {
  const out: LintIssue[] = [];
  for (const [page, text] of pages) {
    if (ownNotes.has(page)) continue;
    const parsed = parseFrontmatter(text);
    const problem = !parsed.ok
      ? parsed.problem
      : (['title', 'type'] as const)
          .filter((key) => !isText(parsed.data[key]))
          .map((key) => `no ${key} in frontmatter`)
          .join('; ');
    if (problem) out.push({ kind: 'frontmatter', page, detail: problem, severity: 'error', hint: kbWrote === undefined || kbWrote.has(page) ? 'restore the frontmatter (title, type) by hand; kb lint --fix does not guess it' : yourPageHint(page) });
  }
  return out;
}

/** `title: 2024` parses as a number and still names the page. */
function isText(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}

/** For a page the user wrote in one of kb's folders: "wiki/entities/notes.md" → give it a title and type, or move it out of wiki/entities/. */
function yourPageHint(page: string): string {
  const folder = page.slice(0, page.lastIndexOf('/') + 1);
  return `kb reads the pages in ${folder} as its own kind: give this one frontmatter with a title and a type, or move it out of ${folder} (your notes elsewhere in wiki/ need none)`;
}
