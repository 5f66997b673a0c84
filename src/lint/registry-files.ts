import type { KbFiles } from '../core/kb-files.js';
import { KEPT_RAW_DIR } from '../core/kb-paths.js';
import type { DocumentRow } from '../model/registry.js';
import type { LintIssue } from './lint-issue.js';

export interface RegistryFileProblem {
  /** missing: registered, not on disk; unregistered: on disk, no document owns it; changed: raw bytes ≠ registered hash. */
  kind: 'missing' | 'unregistered' | 'changed';
  path: string;
  /** The owning document, for missing and changed. */
  doc?: DocumentRow;
}

/**
 * Registry ↔ files: every document has its raw, source and summary page, its raw file still
 * has the registered hash, and every file under raw/, wiki/sources/ and wiki/summaries/
 * belongs to a document. Shared by `kb doctor` and `kb lint`.
 */
export async function findRegistryFileProblems(docs: readonly DocumentRow[], files: KbFiles): Promise<RegistryFileProblem[]> {
  const out: RegistryFileProblem[] = [];
  const known = new Set<string>();
  for (const doc of docs) {
    for (const rel of [doc.raw_path, doc.source_path, doc.summary_path]) {
      known.add(rel);
      if (!files.exists(rel)) out.push({ kind: 'missing', path: rel, doc });
    }
    if (files.exists(doc.raw_path) && (await files.hash(doc.raw_path)) !== doc.hash) out.push({ kind: 'changed', path: doc.raw_path, doc });
  }
  for (const rel of [...files.list('raw'), ...files.list('wiki/sources'), ...files.list('wiki/summaries')]) {
    if (!known.has(rel) && !rel.startsWith(`${KEPT_RAW_DIR}/`)) out.push({ kind: 'unregistered', path: rel });
  }
  return out;
}

/**
 * The lint view of those problems. None is mechanical: a file kb does not know may be the
 * user's, and a changed raw file needs a recompile, so each comes with a hint, never a fix.
 */
export async function checkRegistryFiles(docs: readonly DocumentRow[], files: KbFiles): Promise<LintIssue[]> {
  return (await findRegistryFileProblems(docs, files)).map((p): LintIssue => {
    const name = p.doc?.name ?? '';
    if (p.kind === 'missing') {
      return { kind: 'registered-missing-files', page: p.path, detail: `registered for ${name} but missing`, severity: 'error', hint: `kb remove ${name} --yes, then kb add the file again` };
    }
    if (p.kind === 'changed') {
      return { kind: 'stale-page', page: p.doc?.summary_path ?? p.path, detail: `${p.path} changed since ${name} was compiled (sha256 differs from the registry)`, severity: 'warning', hint: `kb recompile ${name}` };
    }
    const raw = p.path.startsWith('raw/');
    return {
      kind: raw ? 'raw-unregistered' : 'page-unregistered',
      page: p.path,
      detail: 'no document in the registry owns this file',
      severity: 'error',
      hint: raw ? `kb doctor --repair moves it to ${KEPT_RAW_DIR}/; or move it out of raw/ and kb add it, or delete it` : 'delete it, or kb add the document it came from',
    };
  });
}
