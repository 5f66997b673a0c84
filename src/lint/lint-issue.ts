/** Errors make `kb lint` exit 1; warnings are reported only. */
export type LintSeverity = 'error' | 'warning';

export interface LintIssue {
  kind: string;
  /** KB-relative path of the page or file the issue is about. */
  page: string;
  detail: string;
  severity: LintSeverity;
  /** What the user can do about it, when lint --fix cannot. */
  hint?: string;
}

/**
 * Pages that are kb's own bookkeeping rather than content: nothing has to link them, and the
 * content checks skip lint reports altogether (a report quotes the defects it found).
 */
export function isReportPage(relPath: string): boolean {
  return relPath.startsWith('wiki/reports/');
}

export function sortIssues(issues: readonly LintIssue[]): LintIssue[] {
  const rank = (i: LintIssue): number => (i.severity === 'error' ? 0 : 1);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...issues].sort((a, b) => rank(a) - rank(b) || cmp(a.kind, b.kind) || cmp(a.page, b.page) || cmp(a.detail, b.detail));
}
