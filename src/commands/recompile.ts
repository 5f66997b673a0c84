import fs from 'node:fs';
import path from 'node:path';
import { compileRecompile, isLogPage, withRecompileLogEntry, type ReanalysedDocument } from '../compile/compile-recompile.js';
import { unlinkDeletedPages } from '../compile/backlinks.js';
import { isDerivedPage, replayDocuments } from '../compile/replay-documents.js';
import { topicPagePath } from '../compile/topic-page.js';
import { applyChangeset } from '../commit/apply-changeset.js';
import type { Changeset } from '../model/changeset.js';
import type { KbContext } from '../store/kb-context.js';
import { readLivePage } from '../commit/live-page.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { keepPlanRows, type KeepPlanRow } from '../commit/guard-user-words.js';
import { crashPoint } from '../core/crash-point.js';
import { ExitCode, KbError } from '../core/errors.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import { diffRegistry } from '../store/diff-registry.js';
import { opsChangeRows } from '../store/ops-change-rows.js';
import type { Store } from '../store/store.js';
import type { DocumentRow, RegistryOp } from '../model/registry.js';
import type { LlmChoice } from './llm-prepare-step.js';
import { reanalyseDocuments, type ReanalyseOptions } from './reanalyse-documents.js';
import { createStagingBatch } from '../prepare/staging-batch.js';
import { RecordSpool } from '../core/record-spool.js';
import { scratchPages } from '../store/scratch-pages.js';
import { resolveDocument } from './remove.js';
import { withScratchRegistry } from './with-scratch-registry.js';
import { keepsConceptPage } from './keeps-concept-page.js';
import { openLlmEngine } from './open-llm-engine.js';
import { synthesizeOverviews, type SynthesisSummary } from './synthesize-overviews.js';

export type RecompilePlanRow = { action: 'DELETE' | 'MODIFY' | 'CREATE'; path: string } | KeepPlanRow;

export interface RecompileOptions {
  /** One document (name, original file name or unique prefix), or undefined with `all`. */
  query?: string;
  all: boolean;
  dryRun: boolean;
  /** Set when the LLM engine compiles (llm.provider openai and no --offline). */
  llm?: LlmChoice;
  /** Worker threads for the offline analysis of --all. */
  jobs: number;
  /** Shown the plan before anything changes (--all without --yes); false leaves the KB as it is. */
  confirm?: (plan: readonly RecompilePlanRow[]) => Promise<boolean>;
  onAnalysed?: (done: number, total: number, doc: string) => void;
  /** --all: each document compiled back in (under the exclusive lock, after the analysis). */
  onCompiled?: (done: number, total: number) => void;
  /** With the LLM engine, the overviews written after the recompile: done of total. */
  onSynthesis?: (done: number, total: number) => void;
}

export interface RecompileResult {
  docs: string[];
  /** Pages the plan writes or deletes (log.md included when anything changes). */
  changed: number;
  applied: boolean;
  plan: RecompilePlanRow[];
  /** With the LLM engine: the overviews written afterwards for the recompiled documents' pages, as add does. */
  synthesis?: SynthesisSummary;
}

/**
 * `kb recompile`: analyse the stored sources again under a shared lock (readers go on; the
 * LLM calls, if any, happen here), then compile and apply ONE changeset under the exclusive
 * lock. With --all the whole derived tree is rebuilt in a scratch registry and compared
 * with the live one. Nothing differs → nothing is applied: no journal, no log entry.
 * A document added, updated or removed meanwhile stops the recompile (nothing changed).
 * The analyses of --all are set aside in a spool file of the command's staging folder as they
 * come, and the replay keeps its pages in the scratch registry: memory does not grow with the KB.
 */
export async function recompileDocuments(ctx: KbContext, options: RecompileOptions): Promise<RecompileResult> {
  const result = await recompileWithEngine(ctx, options);
  // With the LLM, the pages' overviews follow, as after an add: a recompile gives what a fresh add gives.
  const declined = !result.applied && result.plan.length > 0;
  if (!options.llm || options.dryRun || declined) return result;
  const scope = options.all ? 'all' : { documents: result.docs };
  const synthesis = await synthesizeOverviews(ctx, openLlmEngine(ctx, options.llm), scope, { cap: ctx.config.llm.max_synthesis_calls, ...(options.onSynthesis ? { onProgress: options.onSynthesis } : {}) });
  return { ...result, synthesis };
}

async function recompileWithEngine(ctx: KbContext, options: RecompileOptions): Promise<RecompileResult> {
  const started = Date.now();
  if (!options.all) {
    const docs: ReanalysedDocument[] = [];
    const rows = await withKbLock(ctx, 'shared', async () => {
      const rows = [resolveDocument(ctx.store, options.query ?? '')];
      await reanalyseDocuments(ctx, rows, reanalyseOptions(options), (doc) => docs.push(doc));
      return rows;
    });
    return compileAndApply(ctx, options, started, rows, () => compileOne(ctx, docs[0] as ReanalysedDocument));
  }
  const staging = createStagingBatch(ctx.paths.staging);
  const spool = new RecordSpool<ReanalysedDocument>(path.join(staging, 'analyses.v8'));
  try {
    const rows = await withKbLock(ctx, 'shared', async () => {
      const rows = inRegistryOrder(ctx.store.documents.list());
      await reanalyseDocuments(ctx, rows, reanalyseOptions(options), (doc) => spool.append(doc));
      return rows;
    });
    const compileOptions = { staging, offline: !options.llm, ...(options.onCompiled ? { onCompiled: options.onCompiled } : {}) };
    return await compileAndApply(ctx, options, started, rows, () => compileAll(ctx, rows, () => spool.records(), compileOptions));
  } finally {
    spool.close();
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function reanalyseOptions(options: RecompileOptions): ReanalyseOptions {
  return { ...(options.llm ? { llm: options.llm } : {}), jobs: options.jobs, ...(options.onAnalysed ? { onAnalysed: options.onAnalysed } : {}) };
}

/** The plan (shown first with --dry-run or a confirmation), then the changeset applied under the exclusive lock. */
async function compileAndApply(ctx: KbContext, options: RecompileOptions, started: number, rows: readonly DocumentRow[], compile: () => Changeset | undefined): Promise<RecompileResult> {
  ctx.logger.debug({ event: 'recompile.analysed', docs: rows.length, ms: Date.now() - started }, `analysed ${rows.length} document(s)`);
  const names = rows.map((row) => row.name);
  const build = (): Changeset | undefined => {
    const compileStarted = Date.now();
    const changeset = compile();
    ctx.logger.debug({ event: 'recompile.compiled', docs: rows.length, changed: changeset !== undefined, ms: Date.now() - compileStarted }, `compiled ${rows.length} document(s)`);
    return changeset;
  };
  if (options.dryRun || options.confirm) {
    const plan = await withKbLock(ctx, 'shared', () => planOf(ctx, build()));
    if (options.dryRun || plan.length === 0 || !(await (options.confirm as NonNullable<RecompileOptions['confirm']>)(plan))) {
      return { docs: names, changed: plan.length, applied: false, plan };
    }
  }
  return withKbLock(ctx, 'exclusive', () => {
    assertUnchanged(ctx.store, rows, options.all);
    const changeset = build();
    const plan = planOf(ctx, changeset);
    if (changeset) applyChangeset(ctx, changeset);
    return { docs: names, changed: plan.length, applied: changeset !== undefined, plan };
  });
}

/**
 * The kb.db tables compileAdd's rows live in: what a recompile rebuilds, documents first
 * (the others refer to them). Search rows follow the pages the changeset writes
 * (applyChangeset); explorations and the commit history are not derived from documents.
 */
const DERIVED_TABLES = ['documents', 'sections', 'concepts', 'concept_docs', 'entities', 'entity_docs', 'page_links'] as const;

/** Registry order: the order the documents were added in (then by name). */
function inRegistryOrder(rows: DocumentRow[]): DocumentRow[] {
  return [...rows].sort((a, b) => (a.added_at < b.added_at ? -1 : a.added_at > b.added_at ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One document as compileAdd would re-add it; undefined when no page and no registry row would change. */
function compileOne(ctx: KbContext, doc: ReanalysedDocument): Changeset | undefined {
  const readPage = (rel: string): string | undefined => readLivePage(ctx, rel);
  const now = ctx.clock.now();
  const compiled = compileRecompile({ store: ctx.store, readPage, now, compile: ctx.config.compile, keepsConceptPage: keepsConceptPage(ctx) }, doc);
  const writes = compiled.writes.filter((w) => readPage(w.path) !== w.content);
  const deletes = compiled.deletes.filter((rel) => fs.existsSync(resolveInKb(ctx.paths.root, rel)));
  // Only asked when no page changes, since a page that changes makes a changeset anyway. Its
  // savepoint needs a writable kb.db: recompile stops on a read-only KB before it gets here.
  const registryChanges = (): boolean => opsChangeRows(ctx.store, compiled.registry, DERIVED_TABLES);
  if (writes.length === 0 && deletes.length === 0 && !registryChanges()) return undefined;
  return withRecompileLogEntry({ ...compiled, writes, deletes }, readPage, now);
}

/**
 * Every document, replayed into a scratch registry in registry order; the changeset writes
 * the pages that differ, deletes derived pages no longer produced, and carries the registry
 * rows that differ as replaceRows ops. Undefined when nothing differs.
 */
function compileAll(ctx: KbContext, rows: readonly DocumentRow[], analysed: () => Iterable<ReanalysedDocument>, options: { staging: string; offline: boolean; onCompiled?: (done: number, total: number) => void }): Changeset | undefined {
  if (rows.length === 0) return undefined;
  const readPage = (rel: string): string | undefined => readLivePage(ctx, rel);
  const now = ctx.clock.now();
  // The offline engine rebuilds the tree a fresh offline add builds: the model's overviews go too.
  const dropOverviews: RegistryOp[] = options.offline ? ctx.store.topics.overviewBases().map(({ topic, key }) => ({ kind: 'setTopicOverview', topic, key, overview: null })) : [];
  return withScratchRegistry(ctx, (scratch) => {
    if (dropOverviews.length > 0) scratch.commit(dropOverviews, { journalId: 'recompile-offline', op: 'recompile', detail: 'offline overviews', committedAt: now.toISOString() });
    const replay = { scratch, readPage, now, compile: ctx.config.compile, keepsConceptPage: keepsConceptPage(ctx), pages: scratchPages(scratch), ...(options.onCompiled ? { onReplayed: options.onCompiled } : {}) };
    const pages = replayDocuments(replay, rows.map((row) => row.source_path), analysed());
    // One page at a time from the scratch registry: only the pages that differ stay in memory.
    const writes: Changeset['writes'] = [];
    const produced = new Set<string>();
    for (const [rel, content] of pages.entries()) {
      if (content === null) continue;
      produced.add(rel);
      if (readPage(rel) !== content) writes.push({ path: rel, content });
    }
    const deletes = liveDerivedPages(ctx).filter((rel) => !produced.has(rel));
    // Pages outside the derived tree (saved explorations) that link a page going away.
    const unlinked = unlinkDeletedPages({ store: ctx.store, readPage }, deletes, produced);
    const registry = [...diffRegistry(scratch, ctx.paths.db, DERIVED_TABLES), ...unlinked.registry, ...dropOverviews];
    crashPoint('recompile:staged');
    if (writes.length === 0 && deletes.length === 0 && registry.length === 0) return undefined;
    return withRecompileLogEntry({ op: 'recompile', detail: `all documents (${rows.length})`, writes: [...writes, ...unlinked.writes], publishes: [], deletes, registry }, readPage, now);
  }, options.staging);
}

/** Derived pages that exist now: summaries, registered concept and entity pages, catalogue pages. */
function liveDerivedPages(ctx: KbContext): string[] {
  const { store } = ctx;
  const topics = (['concept', 'entity'] as const).flatMap((kind) => store.topics.largest(kind, store.topics.count(kind)).map((row) => topicPagePath(kind, row.slug)));
  const catalog = fs.existsSync(resolveInKb(ctx.paths.root, 'wiki/catalog')) ? fs.readdirSync(resolveInKb(ctx.paths.root, 'wiki/catalog')).filter((n) => n.endsWith('.md')).map((n) => `wiki/catalog/${n}`) : [];
  const pages = [...store.documents.list().map((d) => d.summary_path), ...topics, ...catalog];
  return pages.filter((rel) => isDerivedPage(rel) && fs.existsSync(resolveInKb(ctx.paths.root, rel)));
}

/** The documents analysed are still the registered ones, byte for byte. */
function assertUnchanged(store: Store, rows: readonly DocumentRow[], all: boolean): void {
  const changed = rows.find((row) => {
    const now = store.documents.get(row.name);
    return !now || now.hash !== row.hash || now.updated_at !== row.updated_at;
  });
  if (changed || (all && store.documents.count() !== rows.length)) {
    throw new KbError('DOCUMENT_CHANGED', ExitCode.someFailed, `${changed ? changed.name : 'the knowledge base'} changed while recompiling; nothing was changed`, {
      hint: 'run kb recompile again',
    });
  }
}

/** One row per path: deletions, then rewrites and creations, each by path; log pages last. */
function planOf(ctx: KbContext, changeset: Changeset | undefined): RecompilePlanRow[] {
  if (!changeset) return [];
  const byPath = (a: RecompilePlanRow, b: RecompilePlanRow): number => Number(isLogPage(a.path)) - Number(isLogPage(b.path)) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const deletes = changeset.deletes.map((rel) => ({ action: 'DELETE' as const, path: rel }));
  const writes = changeset.writes.map((w) => ({ action: fs.existsSync(resolveInKb(ctx.paths.root, w.path)) ? ('MODIFY' as const) : ('CREATE' as const), path: w.path }));
  return [...deletes.sort(byPath), ...writes.sort(byPath), ...keepPlanRows(ctx, changeset)];
}
