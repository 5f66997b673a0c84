import type { StoreReader } from '../store/store-reader.js';
import type { RegistryOp } from '../model/registry.js';
import { inlineText, splitFrontmatter } from '../model/render-page.js';
import { WIKILINK } from './resolve-links.js';

/**
 * Text an LLM wrote may link any page of the wiki: another document's summary, a concept page
 * other documents contribute to. Removing that document, or the last document of that concept,
 * deletes the page, and the link would dangle. So the links of such free text are recorded
 * (RegistryOp setPageLinks), and a changeset that deletes pages also rewrites the pages that
 * link them, the links turned into their plain label. Links kb writes itself (a summary's own
 * concepts, a concept page's documents) are not recorded: those pages are rewritten anyway
 * whenever their targets go.
 */

/** KB-relative path of a wikilink target: `concepts/x` → `wiki/concepts/x.md`. */
export function linkTargetPath(target: string): string {
  // `[[sources/doc#Section]]` (an offline answer's citation) links the page `sources/doc`.
  return `wiki/${target.replace(/#.*$/s, '')}.md`;
}

/** The pages a page's text links (KB-relative, sorted, distinct), except those in `own`. */
export function freeLinkTargets(content: string, own: ReadonlySet<string>): string[] {
  const targets = new Set<string>();
  for (const match of content.matchAll(WIKILINK)) {
    const target = linkTargetPath((match[1] ?? '').trim());
    if (!own.has(target)) targets.add(target);
  }
  return [...targets].sort();
}

/**
 * The text with links to `gone` pages replaced by their label (or the target's last segment).
 * A saved answer lists both `[[sources/x]]` and `[[summaries/x]]`: both become `x`, so a
 * frontmatter list keeps only the first of equal entries.
 */
export function unlinkTargets(content: string, gone: ReadonlySet<string>): string {
  const unlinked = content.replace(WIKILINK, (link, target: string, label?: string) => {
    if (!gone.has(linkTargetPath(target.trim()))) return link;
    return inlineText(label ?? target.slice(target.lastIndexOf('/') + 1), 200);
  });
  return unlinked === content ? content : withDistinctFrontmatterLists(unlinked);
}

/** Drops a frontmatter list item equal to an earlier item of the same list; the rest stays as written. */
function withDistinctFrontmatterLists(page: string): string {
  const { frontmatter, body } = splitFrontmatter(page);
  if (frontmatter === '') return page;
  let seen = new Set<string>();
  const lines = frontmatter.split('\n').filter((line) => {
    if (!/^\s*- /.test(line)) {
      seen = new Set();
      return true;
    }
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

/**
 * Rewrites for the pages whose recorded links point at pages this changeset deletes, and their
 * new link records. Pages the changeset deletes or writes itself are left to it.
 */
export function unlinkDeletedPages(
  inputs: { store: StoreReader; readPage: (relPath: string) => string | undefined },
  deleted: readonly string[],
  handled: ReadonlySet<string>,
): { writes: { path: string; content: string }[]; registry: RegistryOp[] } {
  const gone = new Set(deleted);
  const writes: { path: string; content: string }[] = [];
  const registry: RegistryOp[] = [];
  for (const page of inputs.store.pages.linkingTo(deleted)) {
    if (gone.has(page) || handled.has(page)) continue;
    const live = inputs.readPage(page);
    if (live === undefined) continue;
    const content = unlinkTargets(live, gone);
    writes.push({ path: page, content });
    registry.push({ kind: 'setPageLinks', page, targets: inputs.store.pages.linksOf(page).filter((t) => !gone.has(t)) });
  }
  return { writes, registry };
}
