import path from 'node:path';

/** Where everything lives inside one knowledge base (the on-disk contract of DESIGN.md). */
export interface KbPaths {
  root: string;
  raw: string;
  wiki: string;
  meta: string;
  config: string;
  db: string;
  lock: string;
  lockHolders: string;
  journal: string;
  backup: string;
  /** Backups of committed changes, waiting to be deleted off the commit's path (trash.ts). */
  trash: string;
  staging: string;
  logs: string;
}

/**
 * Where `kb remove --keep-raw` moves a document's original (KB-relative). Under raw/, so
 * `kb add` of the KB's folder skips it as it skips raw/; doctor and lint know no document
 * owns these files and leave them alone.
 */
export const KEPT_RAW_DIR = 'raw/kept';

export const WIKI_FOLDERS = ['sources', 'summaries', 'concepts', 'entities', 'explorations', 'reports'] as const;

export function kbPaths(root: string): KbPaths {
  const abs = path.resolve(root);
  const meta = path.join(abs, '.kb');
  return {
    root: abs,
    raw: path.join(abs, 'raw'),
    wiki: path.join(abs, 'wiki'),
    meta,
    config: path.join(meta, 'config.yaml'),
    db: path.join(meta, 'kb.db'),
    lock: path.join(meta, 'lock'),
    lockHolders: path.join(meta, 'lock-holders'),
    journal: path.join(meta, 'journal'),
    backup: path.join(meta, 'backup'),
    trash: path.join(meta, 'trash'),
    staging: path.join(meta, 'staging'),
    logs: path.join(meta, 'logs'),
  };
}
