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
 * derived pages. Returns the pages, KB-relative path → content (undefined: deleted); the
 * scratch registry ends as the live one should be.
 */
export function replayDocuments(inputs: ReplayInputs, docs: readonly ReanalysedDocument[]): Map<string, string | undefined> {
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

  const pages = new Map<string, string | undefined>();
  const notYetAdded = new Set(docs.map((d) => d.row.source_path));
  const readPage = (relPath: string): string | undefined => {
    if (pages.has(relPath)) return pages.get(relPath);
    return isDerivedPage(relPath) || notYetAdded.has(relPath) ? undefined : inputs.readPage(relPath);
  };
  for (const doc of docs) {
    notYetAdded.delete(doc.row.source_path);
    const changeset = compileRecompile(
      { store: scratch, readPage, now: inputs.now, ...(inputs.compile ? { compile: inputs.compile } : {}), ...(inputs.keepsConceptPage ? { keepsConceptPage: inputs.keepsConceptPage } : {}) },
      doc,
    );
    for (const write of changeset.writes) pages.set(write.path, String(write.content));
    for (const deleted of changeset.deletes) pages.set(deleted, undefined);
    scratch.commit(changeset.registry, record(`add-${doc.row.name}`));
  }
  return pages;
}
