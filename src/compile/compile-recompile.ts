import path from 'node:path';
import type { Changeset } from '../model/changeset.js';
import { logEntry } from '../core/wiki-skeleton.js';
import type { SectionNode } from '../model/converted-document.js';
import type { DocumentRow } from '../model/registry.js';
import type { DocumentAnalysis } from '../analyze/analyze-document.js';
import { compileAdd, type CompileAddInputs } from './compile-add.js';
import { appendLogEntry } from './log-page.js';

/** A registered document with a fresh analysis of its stored source. */
export interface ReanalysedDocument {
  row: DocumentRow;
  analysis: DocumentAnalysis;
  /** The stored sections, unchanged. */
  sections: SectionNode[];
}

/**
 * What `kb add` would commit for the same bytes again, as a recompile: compileAdd's pages
 * and registry rows, but nothing published (raw file and source page stay as they are), the
 * document's own added/updated times kept (its bytes did not change), and no log entry —
 * the caller adds one (withRecompileLogEntry) only when something differs.
 */
export function compileRecompile(inputs: CompileAddInputs, doc: ReanalysedDocument): Changeset {
  const { row } = doc;
  const fileName = path.basename(row.original_path);
  const added = compileAdd(inputs, {
    doc: row.name,
    fileName,
    originalPath: row.original_path,
    ext: row.raw_path.slice(`raw/${row.name}`.length),
    hash: row.hash,
    size: row.size,
    analysis: doc.analysis,
    sections: doc.sections,
    stagedRaw: '',
    stagedSource: '',
  });
  return {
    op: 'recompile',
    detail: `${row.name} (${fileName})`,
    writes: added.writes.filter((w) => !isLogPage(w.path)),
    publishes: [],
    deletes: added.deletes,
    registry: added.registry.map((op) => (op.kind === 'upsertDocument' ? { ...op, doc: { ...op.doc, added_at: row.added_at, updated_at: row.updated_at } } : op)),
  };
}

/** The changeset with its entry in log.md (and a log archive page when log.md is full). */
export function withRecompileLogEntry(changeset: Changeset, readPage: (relPath: string) => string | undefined, now: Date): Changeset {
  const log = appendLogEntry(readPage('wiki/log.md') ?? '', logEntry(now, changeset.op, changeset.detail));
  return {
    ...changeset,
    writes: [...changeset.writes, { path: 'wiki/log.md', content: log.logPage }, ...(log.archive ? [{ path: log.archive.path, content: log.archive.content }] : [])],
  };
}

/** log.md and its archive pages: written by the caller, not compiled. */
export function isLogPage(relPath: string): boolean {
  return relPath === 'wiki/log.md' || relPath.startsWith('wiki/log/');
}
