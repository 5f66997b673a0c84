/*
 * lint/: `kb lint`. Reads the wiki as it is on disk (wiki-snapshot.ts), checks it (broken
 * links, orphans, frontmatter, stale sources, oversized and navigation pages, duplicate
 * concepts, optional LLM checks), and for --fix builds a changeset that repairs kb's own text
 * only: words a user wrote are reported, never rewritten. Entry: runLintChecks (this file);
 * compile-lint-fix.ts and lint-report.ts plan the changesets.
 */
import type { KbFiles } from '../core/kb-files.js';
import type { StoreReader } from '../store/store-reader.js';
import { checkBrokenLinks } from './check-broken-links.js';
import { checkFrontmatter } from './check-frontmatter.js';
import { checkNavigationPages } from './check-navigation-pages.js';
import { checkOrphanPages } from './check-orphan-pages.js';
import { checkOversizedPages } from './check-oversized-pages.js';
import { checkDuplicateConcepts, findDuplicateConcepts, type DuplicateGroup } from './duplicate-concepts.js';
import { sortIssues, type LintIssue } from './lint-issue.js';
import { checkRegistryFiles } from './registry-files.js';
import { checkStaleSources } from './check-stale-sources.js';
import { checkStaleOverviews } from './check-stale-overviews.js';
import { kbTextView, readWikiSnapshot, usersOwnNotes, type KbTextView, type WikiSnapshot } from './wiki-snapshot.js';

export interface LintChecks {
  issues: LintIssue[];
  /** The pages the checks read, for --fix and the LLM checks. */
  pages: WikiSnapshot;
  /** What --fix may repair: kb's text of each page kb wrote (see kbTextView). */
  kbText: KbTextView;
  duplicates: DuplicateGroup[];
}

/** Every content check of `kb lint` over the live KB (the caller holds the lock). */
export async function runLintChecks(store: StoreReader, files: KbFiles, options: { maxPageKb: number; maxSections: number; withLlm: boolean }): Promise<LintChecks> {
  const pages = readWikiSnapshot(files);
  const kbText = kbTextView(store, pages);
  const ownNotes = usersOwnNotes(pages, kbText);
  const duplicates = findDuplicateConcepts(store, pages);
  const docs = store.documents.list();
  const issues = [
    ...checkBrokenLinks(pages, files.exists),
    ...checkOrphanPages(pages, ownNotes),
    ...checkNavigationPages(store, kbText.pages),
    ...checkFrontmatter(pages, ownNotes, kbText.pages),
    ...(await checkRegistryFiles(docs, files)),
    ...checkStaleSources(store, docs, pages),
    ...checkDuplicateConcepts(duplicates),
    ...checkOversizedPages(pages, options.maxPageKb),
    ...checkStaleOverviews(store, options.maxSections, options.withLlm),
  ];
  return { issues: sortIssues(issues), pages, kbText, duplicates };
}
