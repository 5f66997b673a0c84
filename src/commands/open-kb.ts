import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { formatConfigProblem, loadConfig } from '../config/load-config.js';
import { ExitCode, KbError } from '../core/errors.js';
import { findKbRoot } from '../core/find-kb-root.js';
import { kbPaths } from '../core/kb-paths.js';
import { createLogger } from '../core/logger.js';
import { searchIndexer } from '../search/search-rows.js';
import type { KbContext } from '../store/kb-context.js';
import { openStore, type KbAccess } from '../store/open-store.js';

export type { KbAccess };

export interface OpenKbOptions {
  /** --kb, KB_DIR and the working directory, in that order of precedence. */
  flag?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  signal?: AbortSignal;
  /** What reaches stderr: debug > verbose > quiet; warnings by default. */
  verbosity: { debug: boolean; verbose: boolean; quiet: boolean };
  /** Seconds to wait for the KB lock (overrides config lock.wait_s). */
  waitS?: number;
  /** The command as shown to lock waiters, without "kb", e.g. "add". */
  command: string;
  access: KbAccess;
}

/** Finds the KB, validates its config, opens logs and kb.db: everything a command needs. */
export function openKb(options: OpenKbOptions): KbContext {
  const root = findKbRoot({ flag: options.flag, env: options.env.KB_DIR, cwd: options.cwd });
  const paths = kbPaths(root);
  const loaded = loadConfig(paths.config);
  if (!loaded.config || loaded.errors.length > 0) {
    const lines = loaded.errors.map((p) => formatConfigProblem(path.relative(options.cwd, paths.config) || paths.config, p));
    throw new KbError('CONFIG_INVALID', ExitCode.noKbOrBadConfig, `invalid configuration:\n  ${lines.join('\n  ')}`, {
      hint: 'see config.yaml.example for every key and its type',
    });
  }
  const config = loaded.config;
  const { debug, verbose, quiet } = options.verbosity;
  const logger = createLogger({
    stderrLevel: debug ? 'debug' : verbose ? 'info' : quiet ? 'error' : 'warn',
    file: { path: path.join(paths.logs, 'kb.log'), level: debug ? 'debug' : config.logs.level },
    stderr: options.stderr,
  });
  for (const warning of loaded.warnings) logger.warn(formatConfigProblem(paths.config, warning));
  const { store, readOnly } = openStore(paths, options.access, logger);
  return {
    paths,
    config,
    store,
    searchIndex: searchIndexer,
    logger,
    clock: { now: () => new Date() },
    ids: {
      journalId: fixedIdsFirst(options.env.KB_TEST_JOURNAL_IDS, () => `${Date.now().toString(36).padStart(9, '0')}-${process.pid}-${randomBytes(4).toString('hex')}`),
      // 8 random hex digits, short enough to type.
      chatId: fixedIdsFirst(options.env.KB_TEST_CHAT_IDS, () => randomBytes(4).toString('hex')),
    },
    command: `kb ${options.command}`,
    lockWaitMs: Math.round((options.waitS ?? config.lock.wait_s) * 1000),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(readOnly ? { readOnly } : {}),
  };
}

/**
 * Ids from `fixed` (comma-separated) first, then made ones. Tests only: KB_TEST_CHAT_IDS makes
 * two chat sessions share a prefix; KB_TEST_JOURNAL_IDS makes a commit reuse a journal id
 * already committed, so that its commit record, and only that, fails (test/commit-point.test.ts).
 */
function fixedIdsFirst(fixed: string | undefined, make: () => string): () => string {
  const queue = (fixed ?? '').split(',').map((id) => id.trim()).filter((id) => /^[a-z0-9-]+$/.test(id));
  return () => queue.shift() ?? make();
}
