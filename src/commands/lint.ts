import { applyChangeset } from '../commit/apply-changeset.js';
import type { KbContext } from '../store/kb-context.js';
import { readLivePage } from '../commit/live-page.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { compileLintFix } from '../lint/compile-lint-fix.js';
import type { LintIssue } from '../lint/lint-issue.js';
import { compileLintReport, lintReportPath } from '../lint/lint-report.js';
import { findContradictionsAndGaps } from '../lint/llm-checks.js';
import { runLintChecks, type LintChecks } from '../lint/run-lint-checks.js';
import { isKbError } from '../core/errors.js';
import { kbFiles } from '../core/kb-files.js';
import { openLlmEngine, type LlmChoice } from './open-llm-engine.js';

export interface LintOptions {
  fix: boolean;
  /** Set when an LLM is configured and not --offline: contradictions and gaps are checked too. */
  llm?: LlmChoice;
  /** Told each step as it starts (the CLI's progress line). */
  onStep?: (step: string) => void;
}

export interface LintResult {
  issues: LintIssue[];
  errors: number;
  warnings: number;
  /** What --fix repaired, one line each (empty without --fix or when nothing was mechanical). */
  fixed: string[];
  /** KB-relative path of the report page written; null when it could not be (a read-only KB, a full disk). */
  report: string | null;
}

/**
 * `kb lint [--fix]`. The checks run under the shared lock; with --fix, checks, repair (one
 * changeset) and the second lint all run under one exclusive lock, so nothing changes in
 * between. LLM checks run after the lock is released (calls take seconds), on the pages the
 * last lint read. The report is written last, as its own changeset.
 */
export async function runLint(ctx: KbContext, options: LintOptions): Promise<LintResult> {
  const engine = options.llm ? openLlmEngine(ctx, options.llm) : undefined;
  // The checks read every page: 20 s at 100,000 documents, so the CLI shows what runs.
  const step = options.onStep ?? ((): void => undefined);
  const check = (): Promise<LintChecks> => {
    step(`checking the pages of ${ctx.store.documents.count().toLocaleString('en-US')} documents`);
    return runLintChecks(ctx.store, kbFiles(ctx.paths.root), { maxPageKb: ctx.config.lint.max_page_kb, maxSections: ctx.config.compile.max_sections_per_concept, withLlm: engine !== undefined && ctx.config.llm.max_synthesis_calls > 0 });
  };
  let fixed: string[] = [];
  const checks = options.fix
    ? await withKbLock(ctx, 'exclusive', async () => {
        const first = await check();
        const repair = compileLintFix({
          store: ctx.store,
          kbText: first.kbText,
          exists: kbFiles(ctx.paths.root).exists,
          duplicates: first.duplicates,
          now: ctx.clock.now(),
          maxSections: ctx.config.compile.max_sections_per_concept,
        });
        if (!repair.changeset) return first;
        step('fixing');
        applyChangeset(ctx, repair.changeset);
        fixed = repair.fixed;
        return check();
      })
    : await withKbLock(ctx, 'shared', check);
  const askModel = engine !== undefined && ctx.config.lint.llm_max_calls > 0;
  if (askModel) step('asking the model about contradictions and gaps');
  const llmIssues = askModel ? await findContradictionsAndGaps(engine, checks.pages, ctx.config.lint.llm_max_calls) : [];
  const issues = [...checks.issues, ...llmIssues];
  step('writing the report');
  const report = await saveReport(ctx, issues, fixed, options.fix);
  const errors = issues.filter((i) => i.severity === 'error').length;
  return { issues, errors, warnings: issues.length - errors, fixed, report };
}

/**
 * The report page, as its own changeset. Without --fix, lint is a reader: on a KB it cannot
 * write, or when writing fails for want of space or permission, the report is printed only.
 */
async function saveReport(ctx: KbContext, issues: LintIssue[], fixed: string[], fix: boolean): Promise<string | null> {
  if (ctx.readOnly) {
    ctx.logger.warn({ event: 'lint.report_skipped' }, 'the knowledge base is read-only here: the report is printed, not saved');
    return null;
  }
  try {
    return await withKbLock(ctx, 'exclusive', () => {
      const now = ctx.clock.now();
      const path = lintReportPath(now, kbFiles(ctx.paths.root).exists);
      applyChangeset(ctx, compileLintReport({ issues, fixed, now }, path, readLivePage(ctx, 'wiki/log.md') ?? ''));
      return path;
    });
  } catch (error) {
    if (fix || !isKbError(error) || error.code !== 'DISK_WRITE_FAILED') throw error;
    ctx.logger.warn({ event: 'lint.report_failed', err: error }, `the report is printed, not saved: ${error.message}`);
    return null;
  }
}

export function renderLint(result: LintResult): string {
  const lines = result.fixed.map((f) => `fixed: ${f}`);
  for (const i of result.issues) lines.push(`${i.severity.padEnd(7)} ${i.kind.padEnd(24)} ${i.page}  ${i.detail}${i.hint ? `  (${i.hint})` : ''}`);
  lines.push(`${result.errors} error(s), ${result.warnings} warning(s); ${result.report ? `report: ${result.report}` : 'report not saved'}`);
  return lines.join('\n');
}
