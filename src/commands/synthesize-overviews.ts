import { applyChangeset } from '../commit/apply-changeset.js';
import { readLivePage } from '../commit/live-page.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { checkedOverview, dueOverview, overviewBasis, pageWithOverview, topSources, type SynthesisSource } from '../compile/topic-synthesis.js';
import { topicPagePath } from '../compile/topic-page.js';
import { ExitCode, KbError } from '../core/errors.js';
import type { LlmEngine } from '../llm/analyze-with-llm.js';
import { LlmUnavailableError } from '../llm/llm-call-error.js';
import { synthesizeOverview } from '../llm/synthesize-overview.js';
import type { TopicKind } from '../model/registry.js';
import type { KbContext } from '../store/kb-context.js';
import { openLlmEngine, type LlmChoice } from './open-llm-engine.js';

/** What a synthesis run did: overviews written, calls that failed or gave nothing usable, pages left for later. */
export interface SynthesisSummary {
  written: number;
  failed: number;
  /** Due pages past the cap, or whose top sections changed while the model wrote. */
  deferred: number;
}

export interface SynthesisOptions {
  /** Calls this run may make (llm.max_synthesis_calls for a batch); the rest are deferred. */
  cap: number;
  /** Before the calls, with how many there will be; then after each page. */
  onProgress?: (done: number, total: number) => void;
}

/** Which pages to look at: those of the documents a batch added, or every page. */
export type SynthesisScope = { documents: readonly string[] } | 'all';

/** A page whose overview is due: its top sections differ from those its overview was written from. */
interface DuePage {
  topic: TopicKind;
  key: string;
  name: string;
  slug: string;
  sources: SynthesisSource[];
  basis: string;
}

/**
 * Writes the LLM overview of every due concept and entity page in `scope` (issue 22): a page
 * with two or more documents whose top sections are not those its overview was written from.
 * The due pages are read under the shared lock; the calls run with no lock held (bounded by
 * llm.concurrency, like every call of the engine); each answer is then committed on its own,
 * a journaled changeset under the exclusive lock, in the order the pages were found, and
 * only if the page's top sections are still what the model was shown (else it is deferred).
 * A call that fails keeps the overview the page has; a server judged down defers the rest.
 */
export async function synthesizeOverviews(ctx: KbContext, engine: LlmEngine, scope: SynthesisScope, options: SynthesisOptions): Promise<SynthesisSummary> {
  const maxSections = ctx.config.compile.max_sections_per_concept;
  const due = await withKbLock(ctx, 'shared', () => duePages(ctx, scope, maxSections));
  const summary: SynthesisSummary = { written: 0, failed: 0, deferred: Math.max(0, due.length - options.cap) };
  const pages = due.slice(0, Math.max(0, options.cap));
  if (pages.length === 0) return summary;
  options.onProgress?.(0, pages.length);
  let unavailable = false;
  const answers = pages.map((page) =>
    synthesizeOverview(engine, { kind: page.topic, name: page.name, sources: page.sources }).then(
      (text) => ({ text }),
      (error: Error) => ({ error }),
    ),
  );
  for (const [index, page] of pages.entries()) {
    const answer = await answers[index]!;
    if (ctx.signal?.aborted) {
      summary.deferred += pages.length - index;
      break;
    }
    if ('error' in answer) {
      if (answer.error instanceof LlmUnavailableError) unavailable = true;
      ctx.logger.info({ event: 'synthesis.failed', topic: page.topic, key: page.key, problem: answer.error.message }, `overview of ${page.name} not written: ${answer.error.message}`);
      if (unavailable) summary.deferred++;
      else summary.failed++;
    } else {
      summary[await commitOverview(ctx, page, answer.text, maxSections)]++;
    }
    options.onProgress?.(index + 1, pages.length);
  }
  return summary;
}

/**
 * `kb recompile --synthesis`: every due overview of the knowledge base, with no per-batch
 * cap; `dryRun` only counts them (as deferred), with no engine and no key needed. `llm` is
 * set when the LLM engine is configured and not turned off by --offline (the CLI's llmOption).
 */
export async function synthesizeAllDue(ctx: KbContext, options: { llm?: LlmChoice; dryRun: boolean; onProgress?: SynthesisOptions['onProgress'] }): Promise<SynthesisSummary> {
  if (!options.llm) {
    throw new KbError('USAGE', ExitCode.usage, 'kb recompile --synthesis needs the LLM engine (llm.provider: openai in .kb/config.yaml, and no --offline)', {
      hint: 'the offline engine writes its overviews at every add and recompile; there is nothing to synthesise without a model',
    });
  }
  if (options.dryRun) {
    const due = await withKbLock(ctx, 'shared', () => duePages(ctx, 'all', ctx.config.compile.max_sections_per_concept));
    return { written: 0, failed: 0, deferred: due.length };
  }
  return synthesizeOverviews(ctx, openLlmEngine(ctx, options.llm), 'all', { cap: Number.POSITIVE_INFINITY, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
}

/** The due pages in scope, concepts then entities, each by key: a deterministic order. */
function duePages(ctx: KbContext, scope: SynthesisScope, maxSections: number): DuePage[] {
  const { store } = ctx;
  const due: DuePage[] = [];
  for (const topic of ['concept', 'entity'] as const) {
    const keys = scope === 'all' ? store.topics.largest(topic, store.topics.count(topic)).map((row) => row.key) : [...new Set(scope.documents.flatMap((doc) => store.topics.ofDocument(topic, doc)))];
    for (const key of keys.sort()) {
      const row = store.topics.get(topic, key);
      const overview = row && dueOverview(store, topic, row, maxSections);
      if (row && overview) due.push({ topic, key, name: row.name, slug: row.slug, sources: overview.sources, basis: overview.basis });
    }
  }
  return due;
}

/** Commits one overview if the page is still what the model was shown; what became of it. */
async function commitOverview(ctx: KbContext, page: DuePage, answer: string, maxSections: number): Promise<keyof SynthesisSummary> {
  const text = checkedOverview(answer, page.sources);
  if (text === undefined) {
    ctx.logger.info({ event: 'synthesis.failed', topic: page.topic, key: page.key, problem: 'empty overview' }, `overview of ${page.name} not written: the model's answer had no usable text`);
    return 'failed';
  }
  return withKbLock(ctx, 'exclusive', () => {
    const row = ctx.store.topics.get(page.topic, page.key);
    if (!row || row.slug !== page.slug || overviewBasis(topSources(ctx.store, page.topic, page.key, maxSections)) !== page.basis) return 'deferred';
    const path = topicPagePath(page.topic, page.slug);
    const live = readLivePage(ctx, path);
    const content = live === undefined ? undefined : pageWithOverview(live, text);
    if (content === undefined) return 'deferred';
    applyChangeset(ctx, {
      op: 'synthesize',
      detail: `overview of ${path}`,
      writes: content === live ? [] : [{ path, content }],
      publishes: [],
      deletes: [],
      registry: [{ kind: 'setTopicOverview', topic: page.topic, key: page.key, overview: { basis: page.basis, text } }],
    });
    return 'written';
  });
}
