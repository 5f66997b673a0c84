import type { StoreReader } from '../store/store-reader.js';
import type { TopicRow } from '../model/registry.js';
import { conceptKey } from '../analyze/concept-key.js';
import type { LintIssue } from './lint-issue.js';
import { pageTitle, type WikiSnapshot } from './wiki-snapshot.js';

export interface ConceptPage {
  path: string;
  slug: string;
  name: string;
  /** Its registry row; undefined for a page kb did not write (a copy, a user's page). */
  row?: TopicRow;
}

/** Concept pages that name one concept: the page the others merge into, and the others. */
export interface DuplicateGroup {
  keeper: ConceptPage;
  duplicates: ConceptPage[];
}

/**
 * Concept pages whose names normalise alike (conceptKey: case, hyphens, plurals), e.g. a
 * registry made by an older normalisation, a page a user copied or renamed. The name is the
 * page's frontmatter title, as the user sees it. The keeper is a registered page first, then
 * the one with most documents, then the shorter slug.
 */
export function findDuplicateConcepts(store: StoreReader, pages: WikiSnapshot): DuplicateGroup[] {
  const byKey = new Map<string, ConceptPage[]>();
  for (const [path, text] of pages) {
    const slug = /^wiki\/concepts\/([^/]+)\.md$/.exec(path)?.[1];
    if (slug === undefined) continue;
    const row = store.topics.bySlug('concept', slug);
    const name = pageTitle(text) ?? row?.name ?? slug.replace(/-/g, ' ');
    const key = conceptKey(name);
    if (key === '') continue;
    byKey.set(key, [...(byKey.get(key) ?? []), { path, slug, name, ...(row ? { row } : {}) }]);
  }
  const rank = (a: ConceptPage, b: ConceptPage): number =>
    Number(b.row !== undefined) - Number(a.row !== undefined) || (b.row?.docs ?? 0) - (a.row?.docs ?? 0) || a.slug.length - b.slug.length || (a.slug < b.slug ? -1 : 1);
  return [...byKey.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const [keeper, ...duplicates] = [...group].sort(rank);
      return { keeper: keeper as ConceptPage, duplicates };
    })
    .sort((a, b) => (a.keeper.path < b.keeper.path ? -1 : 1));
}

export function checkDuplicateConcepts(groups: readonly DuplicateGroup[]): LintIssue[] {
  return groups.flatMap((g) =>
    g.duplicates.map((d) => ({
      kind: 'duplicate-concept',
      page: d.path,
      detail: `same concept as ${g.keeper.path} ("${d.name}" / "${g.keeper.name}")`,
      severity: 'warning' as const,
      hint: d.row && g.keeper.row
        ? 'kb lint --fix merges it into that page'
        : `kb did not write ${d.path}, so kb lint --fix leaves it: move its text into ${g.keeper.path} (below kb's text, it is kept) or give it another title`,
    })),
  );
}
