import { randomBytes } from 'node:crypto';
import { loadConfig, formatConfigProblem } from '../config/load-config.js';
import type { KbContext } from '../commit/kb-context.js';
import { ExitCode, KbError } from '../core/errors.js';
import { findKbRoot } from '../core/find-kb-root.js';
import { kbPaths } from '../core/kb-paths.js';
import { createLogger } from '../core/logger.js';
import { openStore, type KbAccess } from './open-store.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import path from 'node:path';

export type { KbAccess };

/** Finds the KB, validates its config, opens logs and kb.db: everything a command needs. */
export function openContext(io: CliIo, globals: GlobalOptions, command: string, access: KbAccess = 'write'): KbContext {
  const root = findKbRoot({ flag: globals.kb, env: io.env.KB_DIR, cwd: io.cwd });
  const paths = kbPaths(root);
  const loaded = loadConfig(paths.config);
  if (!loaded.config || loaded.errors.length > 0) {
    const lines = loaded.errors.map((p) => formatConfigProblem(path.relative(io.cwd, paths.config) || paths.config, p));
    throw new KbError('CONFIG_INVALID', ExitCode.noKbOrBadConfig, `invalid configuration:\n  ${lines.join('\n  ')}`, {
      hint: 'see config.yaml.example for every key and its type',
    });
  }
  const config = loaded.config;
  const logger = createLogger({
    stderrLevel: globals.debug ? 'debug' : globals.verbose ? 'info' : globals.quiet ? 'error' : 'warn',
    file: { path: path.join(paths.logs, 'kb.log'), level: globals.debug ? 'debug' : config.logs.level },
    stderr: io.stderr,
  });
  for (const warning of loaded.warnings) logger.warn(formatConfigProblem(paths.config, warning));
  const { store, readOnly } = openStore(paths, access, logger);
  return {
    paths,
    config,
    store,
    logger,
    clock: { now: () => new Date() },
    ids: {
      journalId: () => `${Date.now().toString(36).padStart(9, '0')}-${process.pid}-${randomBytes(4).toString('hex')}`,
      chatId: chatIds(io.env.KB_TEST_CHAT_IDS),
    },
    command: `kb ${command}`,
    lockWaitMs: Math.round((globals.wait ?? config.lock.wait_s) * 1000),
    ...(io.signal ? { signal: io.signal } : {}),
    ...(readOnly ? { readOnly } : {}),
  };
}

/** Runs `fn` with an open context and always closes kb.db afterwards. */
export async function withContext<T>(io: CliIo, globals: GlobalOptions, command: string, fn: (ctx: KbContext) => Promise<T>, access: KbAccess = 'write'): Promise<T> {
  const ctx = openContext(io, globals, command, access);
  try {
    return await fn(ctx);
  } finally {
    ctx.store.close();
  }
}

/**
 * Chat session ids: 8 random hex digits, short enough to type. KB_TEST_CHAT_IDS (comma-separated)
 * hands out fixed ids first, so tests can make two sessions share a prefix.
 */
function chatIds(fixed: string | undefined): () => string {
  const queue = (fixed ?? '').split(',').map((id) => id.trim()).filter((id) => /^[a-z0-9-]+$/.test(id));
  return () => queue.shift() ?? randomBytes(4).toString('hex');
}
