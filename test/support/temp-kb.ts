import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initKb } from '../../src/commands/init.js';
import type { IdSource, KbContext } from '../../src/store/kb-context.js';
import { kbPaths } from '../../src/core/kb-paths.js';
import { silentLogger } from '../../src/core/logger.js';
import { defaultConfig } from '../../src/config/config-schema.js';
import { searchIndexer } from '../../src/search/search-rows.js';
import { Store } from '../../src/store/store.js';
import { afterEach } from 'vitest';

/** A fresh KB in a temp dir and an in-process context on it. Call `close()` when done. */
export function makeTempKb(): { root: string; ctx: KbContext; close: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-test-'));
  initKb(root, new Date('2026-01-02T03:04:05Z'));
  let counter = 0;
  const ctx = contextOn(root, { journalId: () => `j${String(++counter).padStart(6, '0')}`, chatId: () => `c${String(++counter).padStart(6, '0')}` });
  return {
    root,
    ctx,
    close: () => {
      ctx.store.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** An in-process context on the KB at `root`, as a command opens it: offline, default config, a fixed clock. */
export function contextOn(root: string, ids: IdSource): KbContext {
  return {
    paths: kbPaths(root),
    config: defaultConfig(),
    store: Store.open(kbPaths(root).db),
    searchIndex: searchIndexer,
    logger: silentLogger(),
    clock: { now: () => new Date('2026-01-02T03:04:05Z') },
    ids,
    command: 'kb test',
    lockWaitMs: 5_000,
  };
}

/** Every file under raw/ and wiki/ with its bytes, for byte-for-byte state comparisons. */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    const dir = path.join(root, rel);
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(root, child)).toString('base64');
    }
  };
  walk('raw');
  walk('wiki');
  return out;
}

/** A maker of fresh temp KBs (makeTempKb), each closed and removed after its test. */
export function useTempKbs(): () => ReturnType<typeof makeTempKb> {
  const kbs: ReturnType<typeof makeTempKb>[] = [];
  afterEach(() => {
    for (const k of kbs.splice(0)) k.close();
  });
  return () => {
    const made = makeTempKb();
    kbs.push(made);
    return made;
  };
}
