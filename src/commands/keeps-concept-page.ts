import { topicPagePath } from '../compile/topic-page.js';
import { holdsUserWords } from '../commit/guard-user-words.js';
import { readLivePageState } from '../commit/live-page.js';
import type { KbContext } from '../store/kb-context.js';

/**
 * Whether the live page of a concept holds words a user wrote (an edit, notes, frontmatter keys
 * of theirs): compile then keeps the page while any document ranks the concept, even when it
 * connects no documents any more, rather than delete it (document-contributions.ts). Reads the
 * live registry and page, also for a recompile that plans against a scratch registry.
 */
export function keepsConceptPage(ctx: KbContext): (key: string) => boolean {
  return (key) => {
    const row = ctx.store.topics.get('concept', key);
    return row !== undefined && holdsUserWords(readLivePageState(ctx.paths.root, ctx.store, topicPagePath('concept', row.slug)));
  };
}
