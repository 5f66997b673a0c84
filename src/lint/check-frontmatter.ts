import type { LintIssue } from './lint-issue.js';
import { parseFrontmatter, type WikiSnapshot } from './wiki-snapshot.js';

/** Every page opens with YAML frontmatter that parses and names its `title` and `type`; not a user's own notes (usersOwnNotes). */
export function checkFrontmatter(pages: WikiSnapshot, ownNotes: ReadonlySet<string> = new Set()): LintIssue[] {
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
    if (problem) out.push({ kind: 'frontmatter', page, detail: problem, severity: 'error', hint: 'restore the frontmatter (title, type) by hand; kb lint --fix does not guess it' });
  }
  return out;
}

/** `title: 2024` parses as a number and still names the page. */
function isText(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}
