import { compileExploration } from '../compile/compile-exploration.js';
import { applyChangeset } from '../commit/apply-changeset.js';
import { readLivePage, type KbContext } from '../commit/kb-context.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { findPassages } from '../search/find-passages.js';
import { assembleOfflineAnswer, type Citation, type Passage } from '../search/offline-answer.js';
import { ensureSearchIndex } from './search.js';

/** Passages an offline answer reads: enough to find sentences, few enough to stay on topic. */
const PASSAGES = 8;

export interface QueryResult {
  question: string;
  /** Markdown with [[citations]]; empty when nothing matched. */
  answer: string;
  citations: Citation[];
  engine: 'offline' | 'llm';
  /** KB-relative path of the saved exploration (--save). */
  saved?: string;
}

/**
 * `kb query` with the offline engine: the best passages of the search index, and from them
 * the sentences that share most words with the question, each cited (offline-answer.ts).
 * Read under the shared lock; `--save` then writes the exploration as one changeset under
 * the exclusive lock.
 */
export async function queryKnowledgeBase(ctx: KbContext, question: string, options: { save: boolean }): Promise<QueryResult> {
  const answer = await withKbLock(ctx, 'shared', () => {
    ensureSearchIndex(ctx);
    const passages: Passage[] = findPassages(ctx.store, question, PASSAGES).map((hit) => ({
      page: hit.page,
      title: hit.title,
      section: hit.section,
      ...(hit.pageStart !== null ? { pages: [hit.pageStart, hit.pageEnd ?? hit.pageStart] as [number, number] } : {}),
      text: ctx.store.passageText(hit.page, hit.section),
    }));
    return assembleOfflineAnswer(question, passages);
  });
  const result: QueryResult = { question, answer: answer.text, citations: answer.citations, engine: 'offline' };
  if (!options.save) return result;
  return withKbLock(ctx, 'exclusive', () => {
    // Citations were read under the shared lock: a page removed since is not cited.
    const live = result.citations.filter((c) => readLivePage(ctx, c.page) !== undefined);
    const stale = result.citations.length !== live.length;
    const saved = compileExploration(
      { store: ctx.store, readPage: (rel) => readLivePage(ctx, rel), now: ctx.clock.now() },
      { question, answer: stale ? '' : result.answer, citations: stale ? [] : live, engine: 'offline' },
    );
    applyChangeset(ctx, saved.changeset);
    return { ...result, saved: saved.path };
  });
}

export function renderQuery(result: QueryResult): string {
  const lines = [result.answer || `Nothing in the knowledge base matches "${result.question}".`];
  if (result.citations.length > 0) lines.push('', 'Sources:', ...result.citations.map((c) => `  ${c.page}${c.pages ? ` (p. ${c.pages[0] === c.pages[1] ? c.pages[0] : `${c.pages[0]}–${c.pages[1]}`})` : ''}  ${c.title}`));
  if (result.saved) lines.push('', `saved to ${result.saved}`);
  return lines.join('\n');
}
