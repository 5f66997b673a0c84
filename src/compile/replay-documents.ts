import type { ScratchRegistry } from '../store/store-reader.js';
import type { RegistryOp } from '../model/registry.js';
import { compileRecompile, type ReanalysedDocument } from './compile-recompile.js';

export interface ReplayInputs {
  /** A scratch copy of kb.db: replay rewrites its registry, never the live one. */
  scratch: ScratchRegistry;
  /** Reads a live page (KB-relative path); undefined when it does not exist. */
  readPage: (relPath: string) => string | undefined;
  now: Date;
  compile?: { concepts_per_document: number; max_sections_per_concept: number };
  /** Whether the live page of a concept holds a user's words (compile-add.ts). */
  keepsConceptPage?: (key: string) => boolean;
  /** Where the replay keeps the pages it writes: in memory unless given (a KB's whole derived tree may not fit). */
  pages?: ReplayPages;
  /** Called after each document is compiled back in. */
  onReplayed?: (done: number, total: number) => void;
}

/**
 * The pages a replay wrote so far. kb recompile --all keeps them on disk (scratch-pages.ts):
 * the derived tree of 100,000 documents is hundreds of MB.
 */
export interface ReplayPages {
  /** The page as the replay left it: its text, null when it deleted it, undefined when it never touched it. */
  get(relPath: string): string | null | undefined;
  set(relPath: string, content: string | null): void;
  /** Every page touched, in the order first touched. */
  entries(): Iterable<[string, string | null]>;
}

/** ReplayPages in a Map: for a replay of a few documents. */
export function pagesInMemory(): ReplayPages {
  const pages = new Map<string, string | null>();
  return { get: (rel) => pages.get(rel), set: (rel, content) => void pages.set(rel, content), entries: () => pages.entries() };
}

/** Pages compiled from documents: what a replay starts without. */
export function isDerivedPage(relPath: string): boolean {
  return relPath === 'wiki/index.md' || /^wiki\/(summaries|concepts|entities|catalog)\//.test(relPath);
}

/**
 * The derived tree as a fresh `kb add` of the same documents in the same order would build
 * it: every document and topic is taken out of the scratch registry, then documents are
 * compiled back in, one by one, exactly as add's commits would — each seeing only the
 * documents before it, its pages read from what the replay wrote so far, never from the live
 * derived pages. `docs` comes one document at a time (it may be read from a spool), in the
 * order of `sourcePaths`, their source pages. Returns the pages written, KB-relative path →
 * content (null: deleted); the scratch registry ends as the live one should be.
 */
export function replayDocuments(inputs: ReplayInputs, sourcePaths: readonly string[], docs: Iterable<ReanalysedDocument>): ReplayPages {
  const { scratch } = inputs;
  const record = (step: string) => ({ journalId: `replay-${step}`, op: 'replay', detail: step, committedAt: inputs.now.toISOString() });
  // Everything compileAdd writes goes: documents (their sections and topic memberships go
  // with them), topics, summaries' link records. Nothing else of the registry is touched.
  scratch.commit(
    [
      ...scratch.documents.list().flatMap((row): RegistryOp[] => [{ kind: 'setPageLinks', page: row.summary_path, targets: [] }, { kind: 'deleteDocument', name: row.name }]),
      ...(['concept', 'entity'] as const).flatMap((topic) => scratch.topics.largest(topic, scratch.topics.count(topic)).map((row): RegistryOp => ({ kind: 'deleteTopic', topic, key: row.key }))),
    ],
    record('clear'),
  );

  const pages = inputs.pages ?? pagesInMemory();
  const notYetAdded = new Set(sourcePaths);
  const readPage = (relPath: string): string | undefined => {
    const replayed = pages.get(relPath);
    if (replayed !== undefined) return replayed ?? undefined;
    return isDerivedPage(relPath) || notYetAdded.has(relPath) ? undefined : inputs.readPage(relPath);
  };
  let done = 0;
  for (const doc of docs) {
    notYetAdded.delete(doc.row.source_path);
    const changeset = compileRecompile(
      { store: scratch, readPage, now: inputs.now, ...(inputs.compile ? { compile: inputs.compile } : {}), ...(inputs.keepsConceptPage ? { keepsConceptPage: inputs.keepsConceptPage } : {}) },
      doc,
    );
    for (const write of changeset.writes) pages.set(write.path, String(write.content));
    for (const deleted of changeset.deletes) pages.set(deleted, null);
    scratch.commit(changeset.registry, record(`add-${doc.row.name}`));
    done++;
    inputs.onReplayed?.(done, sourcePaths.length);
  }
  if (done !== sourcePaths.length) throw new Error(`replayDocuments: ${done} documents for ${sourcePaths.length} source pages`);
  return pages;
}
