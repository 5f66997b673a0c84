import type { Changeset } from '../model/changeset.js';
import { logEntry } from '../core/wiki-skeleton.js';
import { appendLogEntry } from '../compile/log-page.js';
import { escapeWikiLinks, renderPage } from '../model/render-page.js';
import type { LintIssue } from './lint-issue.js';

export interface LintReport {
  issues: readonly LintIssue[];
  fixed: readonly string[];
  now: Date;
}

/** `wiki/reports/lint-2026-12-02T05-37-31Z.md` (UTC; `-2`, `-3` … when one exists already). */
export function lintReportPath(now: Date, exists: (relPath: string) => boolean): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const base = `wiki/reports/lint-${stamp}`;
  if (!exists(`${base}.md`)) return `${base}.md`;
  for (let n = 2; ; n++) if (!exists(`${base}-${n}.md`)) return `${base}-${n}.md`;
}

/**
 * The report page. It quotes defects (broken links among them), so everything it shows is
 * escaped and page paths are code: a report links nothing, and no check has to skip its text.
 */
export function renderLintReport(report: LintReport): string {
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.length - errors;
  const lines = [`# Lint report, ${report.now.toISOString()}`, '', `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`];
  if (report.fixed.length > 0) lines.push('', '## Fixed', '', ...report.fixed.map((f) => `- ${code(f)}`));
  lines.push('', '## Issues', '');
  if (report.issues.length === 0) lines.push('_None._');
  for (const issue of report.issues) {
    lines.push(`- **${issue.severity}** ${issue.kind} ${code(issue.page)}: ${escapeWikiLinks(issue.detail).replace(/<!--/g, '&lt;!--')}${issue.hint ? ` (${escapeWikiLinks(issue.hint)})` : ''}`);
  }
  return renderPage({ title: `Lint report ${report.now.toISOString()}`, type: 'report', errors, warnings, fixed: report.fixed.length }, lines.join('\n'));
}

/** Writing the report is a KB write like any other: one changeset with its log entry. */
export function compileLintReport(report: LintReport, path: string, logPage: string): Changeset {
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const detail = `${errors} error${errors === 1 ? '' : 's'}, ${report.issues.length - errors} warning${report.issues.length - errors === 1 ? '' : 's'}; ${path.replace(/^wiki\//, '')}`;
  const log = appendLogEntry(logPage, logEntry(report.now, 'lint', detail));
  return {
    op: 'lint',
    detail,
    writes: [{ path, content: renderLintReport(report) }, { path: 'wiki/log.md', content: log.logPage }, ...(log.archive ? [log.archive] : [])],
    publishes: [],
    deletes: [],
    registry: [],
  };
}

/** Inline code that no backtick in the text can close early. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}
