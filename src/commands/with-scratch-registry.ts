import fs from 'node:fs';
import path from 'node:path';
import type { KbContext } from '../store/kb-context.js';
import { createStagingBatch } from '../prepare/staging-batch.js';
import { Store } from '../store/store.js';

/**
 * Runs `fn` on a private copy of kb.db in a staging batch of its own (`.kb/staging/<name>/`), removed
 * afterwards whatever happens. The folder carries its owner like add's batches, so the
 * recovery sweep removes what a killed run left. `within`: a staging batch the caller already
 * owns (and removes); the copy goes in a folder of its own inside it, removed afterwards.
 */
export function withScratchRegistry<T>(ctx: KbContext, fn: (scratch: Store) => T, within?: string): T {
  const dir = within ? fs.mkdtempSync(path.join(within, 'scratch-')) : createStagingBatch(ctx.paths.staging);
  try {
    const file = path.join(dir, 'kb.db');
    // A consistent snapshot in one statement; the caller holds the lock, so no commit is mid-way.
    ctx.store.db.prepare('VACUUM INTO ?').run(file);
    const scratch = Store.open(file);
    // Thrown away afterwards: its commits need not reach the disk.
    scratch.db.pragma('synchronous = OFF');
    try {
      return fn(scratch);
    } finally {
      scratch.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
