import type { Changeset } from '../model/changeset.js';
import { logEntry } from '../core/wiki-skeleton.js';
import type { StoreReader } from '../store/store-reader.js';
import { linkTargetPath } from '../compile/backlinks.js';
import { appendLogEntry } from '../compile/log-page.js';
import type { DuplicateGroup } from './duplicate-concepts.js';
import { canonicalPageFinder, describeLinkChange, dropRepeatedLinkItems, fixPageLinks, type LinkChange } from './fix-links.js';
import { mergeDuplicateConcepts } from './merge-duplicate-concepts.js';
import { expectedNavigationPages, isNavigationPageInSync } from './navigation-pages.js';
import type { KbTextView } from './wiki-snapshot.js';

export interface LintFixInputs {
  store: StoreReader;
  /** kb's text of the pages it wrote: --fix repairs nothing else (run-lint-checks.ts). */
  kbText: KbTextView;
  /** Whether a KB-relative path exists now (any file, not only pages). */
  exists: (relPath: string) => boolean;
  duplicates: readonly DuplicateGroup[];
  now: Date;
  maxSections: number;
}

export interface LintFix {
  /** Undefined when there is nothing mechanical to repair. */
  changeset?: Changeset;
  fixed: string[];
}

/**
 * The mechanical repairs of `kb lint --fix`, as one changeset (op `fix`, with its log entry):
 * duplicate concepts merged, links that do not resolve rewritten or turned into text, index.md
 * and the catalogue pages rewritten from the registry (as it will be after the merges).
 * Unregistered, missing and stale files are not touched: they need the user's decision, and
 * so does every word a user wrote: only kb's own text is repaired (LintFixInputs.kbText).
 */
export function compileLintFix(inputs: LintFixInputs): LintFix {
  const { store } = inputs;
  const pages = inputs.kbText.pages;
  const merge = mergeDuplicateConcepts(store, pages, inputs.duplicates, inputs.maxSections);
  const fixed = [...merge.done];
  const registry = [...merge.registry];
  const deleted = new Set(merge.deletes);
  const next = new Map([...pages].filter(([path]) => !deleted.has(path)));
  for (const [path, content] of merge.writes) next.set(path, content);
  const exists = (rel: string): boolean => next.has(rel) || (!deleted.has(rel) && inputs.exists(rel));
  const canonical = canonicalPageFinder(next);
  for (const [path, text] of [...next]) {
    // index.md and catalogue pages are rewritten from the registry below.
    if (path === 'wiki/index.md' || path.startsWith('wiki/catalog/')) continue;
    // Links a user wrote are theirs to fix: lint reports them.
    if (inputs.kbText.edited.has(path)) continue;
    const result = fixPageLinks(text, { exists, redirects: merge.redirects }, canonical);
    if (result.changes.length === 0) continue;
    next.set(path, result.redirected ? dropRepeatedLinkItems(result.text) : result.text);
    fixed.push(...result.changes.map((c) => `${path}: ${describeLinkChange(c)}`));
    const recorded = store.pages.linksOf(path);
    if (recorded.length > 0) registry.push({ kind: 'setPageLinks', page: path, targets: relinkedTargets(recorded, result.changes) });
  }
  const existing = [...next.keys()].filter((p) => p.startsWith('wiki/catalog/'));
  for (const [path, expected] of expectedNavigationPages(store, existing, merge.overlay)) {
    if (isNavigationPageInSync(next.get(path), expected)) continue;
    if (expected === null) {
      next.delete(path);
      deleted.add(path);
    } else next.set(path, expected);
    fixed.push(`${path}: ${expected === null ? 'deleted (lists no document)' : 'rewritten from the registry'}`);
  }
  const writes = [...next].filter(([path, content]) => pages.get(path) !== content && path !== 'wiki/log.md').map(([path, content]) => ({ path, content }));
  if (writes.length === 0 && deleted.size === 0 && next.get('wiki/log.md') === pages.get('wiki/log.md')) return { fixed: [] };
  const detail = `${fixed.length} repair${fixed.length === 1 ? '' : 's'}`;
  // log.md's own links may have been repaired above; the entry goes onto that text.
  const log = appendLogEntry(next.get('wiki/log.md') ?? '', logEntry(inputs.now, 'fix', detail));
  return {
    fixed,
    changeset: {
      op: 'fix',
      detail,
      writes: [...writes, { path: 'wiki/log.md', content: log.logPage }, ...(log.archive ? [log.archive] : [])],
      publishes: [],
      deletes: [...deleted].sort(),
      registry,
    },
  };
}

/**
 * The recorded free links of a page (backlinks.ts) after its links were rewritten, so that a
 * later commit deleting a page still finds every page that links it.
 */
function relinkedTargets(recorded: readonly string[], changes: readonly LinkChange[]): string[] {
  const moved = new Map(changes.map((c) => [linkTargetPath(c.from), c.to === undefined ? undefined : linkTargetPath(c.to)]));
  const targets = recorded.flatMap((t) => (moved.has(t) ? (moved.get(t) === undefined ? [] : [moved.get(t) as string]) : [t]));
  return [...new Set(targets)].sort();
}
