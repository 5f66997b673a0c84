import { linkResolves, rewriteWikiLinks } from '../core/wikilinks.js';
import { conceptKey } from '../analyze/concept-key.js';
import { escapeWikiLinks, inlineText } from '../model/render-page.js';
import { pageTitle } from './wiki-snapshot.js';

export interface LinkFixes {
  /** Whether a KB-relative path exists after the fix. */
  exists: (relPath: string) => boolean;
  /** Targets of merged-away pages → the page they merged into. */
  redirects: ReadonlyMap<string, string>;
}

/**
 * Rewrites one page's links that do not resolve: to a merged page's keeper; else to the one
 * page whose normalised name (conceptKey of its slug or title) matches the target's, preferring
 * the target's own folder; else to plain text, keeping what the link displayed. Links that
 * resolve are left exactly as written. Returns the page and one line per change.
 */
/** One link rewritten: its target before, and after (undefined when it became plain text). */
export interface LinkChange {
  from: string;
  to?: string;
}

export function fixPageLinks(text: string, fixes: LinkFixes, canonical: (target: string) => string | undefined): { text: string; changes: LinkChange[]; redirected: boolean } {
  const changes: LinkChange[] = [];
  let redirected = false;
  const out = rewriteWikiLinks(text, ({ target, label }) => {
    const plain = target.replace(/\.md$/, '').replace(/^\/+|\/+$/g, '');
    const redirect = fixes.redirects.get(plain);
    if (redirect === undefined && linkResolves(target, fixes.exists)) return undefined;
    redirected ||= redirect !== undefined;
    const to = redirect ?? canonical(plain);
    const shown = label !== undefined ? label : lastSegment(plain);
    if (to !== undefined) {
      changes.push({ from: target, to });
      return `[[${to}|${inlineText(shown, 200)}]]`;
    }
    changes.push({ from: target });
    return escapeWikiLinks(shown);
  });
  return { text: out, changes, redirected };
}

/** The unique page a link target names after normalisation, among the pages after the fix. */
export function canonicalPageFinder(pages: ReadonlyMap<string, string>): (target: string) => string | undefined {
  const byKey = new Map<string, Set<string>>();
  for (const [path, text] of pages) {
    const target = path.replace(/^wiki\//, '').replace(/\.md$/, '');
    for (const name of [lastSegment(target).replace(/-/g, ' '), pageTitle(text) ?? '']) {
      const key = conceptKey(name);
      if (key) byKey.set(key, new Set([...(byKey.get(key) ?? []), target]));
    }
  }
  return (target) => {
    const key = conceptKey(lastSegment(target).replace(/[-_]/g, ' '));
    const found = [...(byKey.get(key) ?? [])];
    const folder = target.includes('/') ? target.slice(0, target.lastIndexOf('/') + 1) : undefined;
    const inFolder = folder ? found.filter((t) => t.startsWith(folder)) : [];
    const candidates = inFolder.length > 0 ? inFolder : found;
    return candidates.length === 1 ? candidates[0] : undefined;
  };
}

function lastSegment(target: string): string {
  return target.slice(target.lastIndexOf('/') + 1);
}

/**
 * After a merge redirected links, a list may name the keeper twice (a summary listing both
 * concepts, a related-concepts list): list items that only repeat an earlier item's link
 * target are dropped.
 */
export function dropRepeatedLinkItems(text: string): string {
  const seen = new Set<string>();
  return text
    .split('\n')
    .filter((line) => {
      const target = /^- \[\[([^\]|#]+)[^\]]*\]\]/.exec(line)?.[1];
      if (target === undefined) return true;
      if (seen.has(target)) return false;
      seen.add(target);
      return true;
    })
    .join('\n');
}

export function describeLinkChange(change: LinkChange): string {
  return `[[${change.from}]] → ${change.to !== undefined ? `[[${change.to}]]` : 'plain text'}`;
}
