import type { DocumentAnalysis } from '../analyze/analyze-document.js';
import { conceptKey } from '../analyze/concept-key.js';
import { escapeWikiLinks } from '../model/render-page.js';
import { resolveLinks, WIKILINK } from './resolve-links.js';

export interface PageTextSources {
  /** Reads a live page (KB-relative path); undefined when it does not exist. */
  readPage: (relPath: string) => string | undefined;
  /** Wiki-relative targets (`summaries/<doc>`, `concepts/<slug>`) this changeset creates. */
  created: readonly string[];
  /** The page of a registered concept or entity by canonical key (`concepts/<slug>`), if any. */
  topicPage?: (key: string) => string | undefined;
}

/**
 * How a document's analysis text becomes page text. Offline text is the document's own and
 * is escaped, so a `[[` in it links nothing. LLM text may carry links: they are resolved
 * against the pages that exist or that this changeset creates (by normalised name too), or
 * demoted to plain text, so every link kb writes resolves. Apply it to every analysis
 * string rendered into a page (description, key points, concept and entity sentences).
 */
export function pageTextFor(analysis: Pick<DocumentAnalysis, 'engine'>, sources: PageTextSources): (text: string) => string {
  if (analysis.engine !== 'llm') return escapeWikiLinks;
  const created = new Set(sources.created);
  const exists = (target: string): boolean => created.has(target) || sources.readPage(`wiki/${target}.md`) !== undefined;
  const byKey = new Map<string, string>();
  for (const target of created) byKey.set(conceptKey(target.slice(target.lastIndexOf('/') + 1)), target);
  return (text) =>
    resolveLinks(text, {
      exists,
      // A page this changeset writes, then a registered concept or entity (slugs are allocated,
      // so they are looked up, not guessed), then a document named like the key.
      canonical: (key) => byKey.get(key) ?? [sources.topicPage?.(key)].find((t): t is string => t !== undefined && exists(t)) ?? [`summaries/${key.replace(/\s+/g, '-')}`].find(exists),
    });
}

/** The link text of a string for places that show no links (catalogue lines, the registry). */
export function plainLinkText(text: string): string {
  return text.replace(WIKILINK, (_, target: string, label?: string) => label ?? target.slice(target.lastIndexOf('/') + 1));
}
