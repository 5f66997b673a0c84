import yaml from 'js-yaml';
import type { KbFiles } from '../../core/kb-files.js';
import { splitFrontmatter } from '../render-page.js';
import { isReportPage } from './lint-issue.js';

/**
 * Every Markdown page of wiki/ (KB-relative path → text), read once per lint: the checks
 * all look at the same bytes. Lint reports are left out; they are exempt from the checks.
 */
export type WikiSnapshot = ReadonlyMap<string, string>;

export function readWikiSnapshot(files: KbFiles): WikiSnapshot {
  const pages = new Map<string, string>();
  for (const rel of files.list('wiki')) {
    if (!rel.endsWith('.md') || isReportPage(rel)) continue;
    const text = files.read(rel);
    if (text !== undefined) pages.set(rel, text);
  }
  return pages;
}

export type ParsedFrontmatter = { ok: true; data: Record<string, unknown> } | { ok: false; problem: string };

/** A page's frontmatter as an object, or why it has none that kb can read. */
export function parseFrontmatter(page: string): ParsedFrontmatter {
  if (!page.startsWith('---\n')) return { ok: false, problem: 'no frontmatter' };
  const { frontmatter, body } = splitFrontmatter(page);
  if (body === page) return { ok: false, problem: 'frontmatter is not closed by ---' };
  let data: unknown;
  try {
    data = yaml.load(frontmatter, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    return { ok: false, problem: `frontmatter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: 'frontmatter is not a mapping' };
  return { ok: true, data: data as Record<string, unknown> };
}

/** The `title` of a page's frontmatter, when it has a usable one. */
export function pageTitle(page: string): string | undefined {
  const parsed = parseFrontmatter(page);
  const title = parsed.ok ? parsed.data.title : undefined;
  return typeof title === 'string' && title.trim() !== '' ? title : undefined;
}
