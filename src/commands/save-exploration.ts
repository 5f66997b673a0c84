import { unlinkTargets } from '../compile/backlinks.js';
import { compileExploration, type SavedAnswer } from '../compile/compile-exploration.js';
import { applyChangeset } from '../commit/apply-changeset.js';
import type { KbContext } from '../store/kb-context.js';
import { readLivePage } from '../commit/live-page.js';
import { withKbLock } from '../commit/with-kb-lock.js';

/**
 * Writes an answer (`kb query --save`) or a chat transcript (`/save`) as
 * wiki/explorations/<slug>.md, listed in index.md: one changeset under the exclusive lock.
 * Returns the page's KB-relative path.
 */
export function saveExploration(ctx: KbContext, saved: SavedAnswer): Promise<string> {
  return withKbLock(ctx, 'exclusive', () => {
    // Citations were read under the shared lock: a page removed since is cited as plain text
    // (backlinks.ts), so the saved page links only pages that exist.
    const gone = new Set(saved.citations.map((c) => c.target).filter((target) => readLivePage(ctx, `wiki/${target}.md`) === undefined));
    const compiled = compileExploration(
      { store: ctx.store, readPage: (rel) => readLivePage(ctx, rel), now: ctx.clock.now() },
      { ...saved, answer: unlinkTargets(saved.answer, new Set([...gone].map((t) => `wiki/${t}.md`))), citations: saved.citations.filter((c) => !gone.has(c.target)) },
    );
    applyChangeset(ctx, compiled.changeset);
    return compiled.path;
  });
}
