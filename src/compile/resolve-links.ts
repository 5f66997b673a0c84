import { conceptKey } from '../analyze/concept-key.js';
import { escapeWikiLinks, inlineText } from '../model/render-page.js';

export interface LinkTargets {
  /** True when `wiki/<target>.md` exists or is written by the changeset being compiled. */
  exists: (target: string) => boolean;
  /** The canonical page (e.g. `concepts/write-ahead-log`) for a normalised name, if any. */
  canonical: (key: string) => string | undefined;
}

/** A link as a model writes it: `[[target]]` or `[[target|label]]` (groups: target, label). */
export const WIKILINK = /\[\[([^[\]|\n]*?)(?:\|([^\]\n]*))?\]\]/g;

/**
 * Text written by an LLM may link pages with `[[target]]` or `[[target|label]]`, and models
 * invent targets ("ghost links"). Only links that resolve survive: a target that exists is
 * kept; one whose normalised name (conceptKey) matches a page is rewritten to that page; the
 * rest become their label as plain text. Everything outside the links is escaped as offline
 * text is, so no stray `[[` can turn into a link later.
 */
export function resolveLinks(text: string, targets: LinkTargets): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(WIKILINK)) {
    const index = match.index ?? 0;
    out += escapeWikiLinks(text.slice(last, index));
    last = index + match[0].length;
    const rawTarget = (match[1] ?? '').split('#')[0]!.trim().replace(/\.md$/, '').replace(/^\/+|\/+$/g, '').replace(/^wiki\//, '');
    const label = match[2] !== undefined ? inlineText(match[2], 200) : '';
    const target = canonicalTarget(rawTarget, targets);
    const shown = label || inlineText(lastSegment(rawTarget), 200);
    if (target === undefined) out += escapeWikiLinks(shown);
    else out += label || target !== rawTarget ? `[[${target}|${shown || lastSegment(target)}]]` : `[[${target}]]`;
  }
  return out + escapeWikiLinks(text.slice(last));
}

function canonicalTarget(target: string, targets: LinkTargets): string | undefined {
  if (target === '' || target.includes('..')) return undefined;
  if (targets.exists(target)) return target;
  const key = conceptKey(lastSegment(target));
  return key ? targets.canonical(key) : undefined;
}

function lastSegment(target: string): string {
  const slash = target.lastIndexOf('/');
  return slash < 0 ? target : target.slice(slash + 1);
}
