import { overviewBasis, topSources } from '../compile/topic-synthesis.js';
import { topicPagePath } from '../compile/topic-page.js';
import type { StoreReader } from '../store/store-reader.js';
import type { LintIssue } from './lint-issue.js';

/**
 * A concept or entity page whose LLM overview was written from other top sections than the
 * page has now (issue 22): a document joined or left them, or was re-added with other key
 * sentences, and the overview waits for the next batch or `kb recompile --synthesis`
 * (llm.max_synthesis_calls, or the LLM was unavailable). At most max_sections_per_concept
 * point lookups per overview.
 */
export function checkStaleOverviews(store: StoreReader, maxSections: number): LintIssue[] {
  const out: LintIssue[] = [];
  for (const { topic, key, basis } of store.topics.overviewBases()) {
    const row = store.topics.get(topic, key);
    if (!row || overviewBasis(topSources(store, topic, key, maxSections)) === basis) continue;
    out.push({
      kind: 'stale-overview',
      page: topicPagePath(topic, row.slug),
      detail: "the LLM's overview was written before the page's top documents last changed",
      severity: 'warning',
      hint: 'kb recompile --synthesis writes it again (so does the next kb add that touches the page)',
    });
  }
  return out;
}
