import type { StoreReader } from '../store/store-reader.js';
import { unlinkTargets } from './backlinks.js';
import { conceptsSection, withConceptsSection } from './document-pages.js';
import type { TopicChanges } from './topic-merge.js';

/**
 * The summaries of other documents whose concept links this changeset changes: a term of
 * theirs gained a page (a second document shares it now) or lost it (it is left to one). Each
 * gets its `## Concepts` section rendered again from its registered terms, as adding it now
 * would render it, the rest of the page as it stands (the commit carries the user's notes
 * over and copies a page whose text they edited: guard-user-words.ts). Links anywhere on it to
 * a concept page this changeset deletes become plain text (an LLM summary may link its own
 * concepts in its text). Bounded: a page appears or goes when a second document comes or goes,
 * so a changeset relinks a few summaries, each read once.
 */
export function relinkSummaries(inputs: { store: StoreReader; readPage: (relPath: string) => string | undefined }, concepts: TopicChanges): Map<string, string> {
  const writes = new Map<string, string>();
  const gone = new Set(concepts.deletes);
  for (const doc of concepts.relink) {
    const path = inputs.store.documents.get(doc)?.summary_path;
    const live = path === undefined ? undefined : inputs.readPage(path);
    // A summary the user deleted stays deleted: it is written again when its document is.
    if (path === undefined || live === undefined) continue;
    const terms = [...inputs.store.topics.namesOfDocument('concept', doc)].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const linked = terms.flatMap((t) => {
      const row = concepts.pageAfter(t.key);
      return row ? [{ slug: row.slug, name: t.name }] : [];
    });
    const plain = terms.filter((t) => !concepts.pageAfter(t.key)).map((t) => t.name);
    const relinked = withConceptsSection(live, conceptsSection(linked, plain));
    if (relinked === undefined) continue;
    const content = unlinkTargets(relinked, gone);
    if (content !== live) writes.set(path, content);
  }
  return writes;
}
