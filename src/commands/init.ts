import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, mkdirDurable, writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode, KbError } from '../core/errors.js';
import { createLockFile } from '../core/file-lock.js';
import { isKbRoot } from '../core/find-kb-root.js';
import { kbPaths, WIKI_FOLDERS } from '../core/kb-paths.js';
import { agentsPage, indexPage, logEntry, logPage } from '../core/wiki-skeleton.js';
import { packageRoot } from '../core/package-root.js';
import { isOwnerAlive } from '../core/process-owner.js';
import { Store } from '../store/store.js';
import { recordPagesAsWritten } from '../commit/guard-user-words.js';

export interface InitResult {
  root: string;
}


/**
 * Creates a KB. There is no journal before there is a KB, so init is ordered to be safe
 * instead: the wiki skeleton first (never overwriting a user's file), then `.kb/` built under
 * a temporary name and renamed into place last. `.kb/` is what marks a folder as a KB, so a
 * crash part-way leaves no half-made KB, and running init again finishes the job.
 */
export function initKb(dir: string, now: Date): InitResult {
  const paths = kbPaths(dir);
  refuseInsideAnotherKb(paths.root);
  if (isKbRoot(paths.root)) {
    throw new KbError('KB_EXISTS', ExitCode.noKbOrBadConfig, `${paths.root} is already a knowledge base`, {
      hint: 'use it as it is (kb status), or choose another folder',
    });
  }
  if (fs.existsSync(paths.root) && !fs.statSync(paths.root).isDirectory()) {
    throw new KbError('KB_NOT_A_DIRECTORY', ExitCode.usage, `${paths.root} exists and is not a folder`);
  }
  mkdirDurable(paths.raw);
  for (const folder of WIKI_FOLDERS) mkdirDurable(path.join(paths.wiki, folder));
  writeIfMissing(path.join(paths.wiki, 'AGENTS.md'), agentsPage());
  const ours = [
    writeIfMissing(path.join(paths.wiki, 'index.md'), indexPage()) || isInitSkeleton(paths.root, 'wiki/index.md') ? 'wiki/index.md' : undefined,
    writeIfMissing(path.join(paths.wiki, 'log.md'), logPage(logEntry(now, 'init', 'knowledge base created'))) || isInitSkeleton(paths.root, 'wiki/log.md') ? 'wiki/log.md' : undefined,
  ].filter((page) => page !== undefined);

  removeDeadInitDirs(paths.root);
  const building = path.join(paths.root, `.kb.init-${process.pid}`);
  for (const sub of ['journal', 'backup', 'staging', 'logs', 'lock-holders']) fs.mkdirSync(path.join(building, sub), { recursive: true });
  writeFileAtomic(path.join(building, 'config.yaml'), fs.readFileSync(path.join(packageRoot(), 'config.yaml.example'), 'utf8'));
  recordInitialPages(Store.open(path.join(building, 'kb.db')), paths.root, ours);
  createLockFile(path.join(building, 'lock'));
  fsyncDir(building);
  fs.renameSync(building, paths.meta);
  fsyncDir(paths.root);
  return { root: paths.root };
}

/**
 * A KB inside another KB's wiki/ would show up as pages of the outer wiki (and its raw/ and
 * .kb/ are kb's own), so the outer KB's commands would trip over it. Elsewhere under a KB
 * (say `<kb>/projects/x`) nesting is harmless: kb add skips another KB's folders.
 */
function refuseInsideAnotherKb(root: string): void {
  for (const candidate of new Set([root, realPathOfNew(root)])) refuseLexicallyInsideAnotherKb(candidate);
}

function refuseLexicallyInsideAnotherKb(root: string): void {
  for (let dir = root, parent = path.dirname(dir); parent !== dir; dir = parent, parent = path.dirname(dir)) {
    if (!isKbRoot(parent)) continue;
    const area = path.relative(parent, root).split(path.sep)[0];
    if (area === 'wiki' || area === 'raw' || area === '.kb') {
      throw new KbError('INIT_INSIDE_KB', ExitCode.usage, `${root} is inside the knowledge base at ${parent} (its ${area}/ folder)`, {
        hint: `choose a folder outside ${path.join(parent, area)}, e.g. next to the knowledge base: ${path.join(path.dirname(parent), path.basename(root))}`,
      });
    }
  }
}

/** The real path of a folder that may not exist yet: its nearest existing ancestor resolved (a symlink into a wiki counts). */
function realPathOfNew(dir: string): string {
  const rest: string[] = [];
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      return path.join(fs.realpathSync(at), ...rest.reverse());
    } catch {
      if (path.dirname(at) === at) return dir;
      rest.push(path.basename(at));
    }
  }
}

/** `.kb.init-<pid>` folders of init runs that died before their final rename. */
function removeDeadInitDirs(root: string): void {
  for (const name of fs.readdirSync(root)) {
    const match = /^\.kb\.init-(\d+)$/.exec(name);
    if (match && (Number(match[1]) === process.pid || !isOwnerAlive({ pid: Number(match[1]) }))) {
      fs.rmSync(path.join(root, name), { recursive: true, force: true });
    }
  }
}

/**
 * A page an init that died before its last rename wrote (its bytes are the skeleton's, the
 * log's time aside): kb's, so this init records it instead of leaving it to the user forever.
 */
function isInitSkeleton(root: string, page: 'wiki/index.md' | 'wiki/log.md'): boolean {
  const text = fs.readFileSync(path.join(root, page), 'utf8');
  if (page === 'wiki/index.md') return text === indexPage();
  const stamp = /^## \[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\] init \| knowledge base created$/m.exec(text)?.[1];
  return stamp !== undefined && text === logPage(`## [${stamp}] init | knowledge base created`);
}

/** False when the file was there already: then it is the user's, and kb never takes it for its own. */
function writeIfMissing(file: string, content: string): boolean {
  if (fs.existsSync(file)) return false;
  writeFileAtomic(file, content);
  return true;
}

/**
 * A new KB records every page kb writes from the start, so a page with no record is one
 * the user wrote (commit/live-page.ts); the pages init wrote are the first records.
 */
function recordInitialPages(store: Store, root: string, pages: readonly string[]): void {
  try {
    store.commit([...recordPagesAsWritten(root, pages), { kind: 'setMeta', key: 'page_records', value: 'complete' }], null);
  } finally {
    store.close();
  }
}
