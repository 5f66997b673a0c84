/*
 * model/: the data every layer shares: the changeset (this file), the converted document,
 * the registry's rows and ops, the page frontmatter helpers, the search-index rule's shape.
 * Types and pure functions only; imports nothing of kb but core/ (test/architecture.test.ts).
 */
import type { RegistryOp } from '../model/registry.js';

/**
 * What a mutation wants the KB to become: the plan half of plan/apply. Every command that
 * changes a KB (add, remove, recompile, lint --fix, chat /add) builds one of these and hands
 * it to `applyChangeset`, the one journaled way to change files and registry together.
 * All paths are KB-relative with forward slashes, under raw/ or wiki/.
 */
export interface Changeset {
  /** Short operation name recorded with the commit: add, remove, recompile, fix… */
  op: string;
  /** One line for humans (the log and the commit record). */
  detail: string;
  /** Files to create or replace with these bytes. */
  writes: { path: string; content: string | Uint8Array }[];
  /** Files prepared elsewhere under .kb/ (staging) to move into place by rename. */
  publishes: { path: string; from: string }[];
  /** Files to delete; deleting a file that does not exist is a no-op. */
  deletes: string[];
  /** Registry rows written in the same transaction as the commit record. */
  registry: RegistryOp[];
}

export function emptyChangeset(op: string, detail: string): Changeset {
  return { op, detail, writes: [], publishes: [], deletes: [], registry: [] };
}
