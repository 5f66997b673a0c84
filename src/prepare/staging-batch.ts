import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { currentOwner, newOwnedName } from '../core/process-owner.js';
import { STAGING_OWNER_FILE } from '../commit/sweep-orphans.js';

/**
 * A new staging folder `.kb/staging/<name>/` carrying its owner (owner.json), so the recovery
 * sweep removes it once its process is dead. The caller removes it when done.
 */
export function createStagingBatch(stagingDir: string): string {
  const dir = path.join(stagingDir, newOwnedName());
  fs.mkdirSync(dir, { recursive: true });
  try {
    writeFileAtomic(path.join(dir, STAGING_OWNER_FILE), JSON.stringify(currentOwner()));
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return dir;
}
