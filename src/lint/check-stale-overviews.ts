import { dueOverview } from '../compile/topic-synthesis.js';
import { topicPagePath } from '../compile/topic-page.js';
import type { TopicKind } from '../model/registry.js';
import type { StoreReader } from '../store/store-reader.js';
import type { LintIssue } from './lint-issue.js';

const HINT = 'kb recompile --synthesis writes it (so does the next kb add that touches the page)';

/**
 * Concept and entity pages whose LLM overview is due (issue 22): one was written before the
 * page's top documents last changed (a document joined or left them, or was re-added with
 * other key sentences), or, when `withLlm` (the LLM is configured and synthesis is on), a
 * page of two or more documents has none yet (deferred past llm.max_synthesis_calls, the LLM
 * was unavailable, or the command was stopped). At most max_sections_per_concept point
 * lookups per page looked at: the written overviews, or with the LLM every shared page.
 */
export function checkStaleOverviews(store: StoreReader, maxSections: number, withLlm: boolean): LintIssue[] {
  const out: LintIssue[] = [];
  const pages: Array<{ topic: TopicKind; key: string }> = withLlm
    ? (['concept', 'entity'] as const).flatMap((topic) => store.topics.largest(topic, store.topics.count(topic)).filter((row) => row.docs >= 2).map((row) => ({ topic, key: row.key })))
    : store.topics.overviewBases();
  for (const { topic, key } of pages) {
    const row = store.topics.get(topic, key);
    const due = row && dueOverview(store, topic, row, maxSections);
    if (!row || !due) continue;
    out.push({
      kind: 'stale-overview',
      page: topicPagePath(topic, row.slug),
      detail: due.written ? "the LLM's overview was written before the page's top documents last changed" : 'no LLM overview yet: it was deferred or its call failed',
      severity: 'warning',
      hint: HINT,
    });
  }
  return out;
}
