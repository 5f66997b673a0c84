import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { mkdirDurable } from '../core/atomic-write.js';
import { durableFs } from '../core/durable-fs.js';
import type { KbPaths } from '../core/kb-paths.js';
import { isOwnerAlive, newOwnedName, ownerOfName } from '../core/process-owner.js';

/**
 * The backups of a committed change are garbage, but deleting them is slow: each backup holds
 * the last link to a page the change replaced, so every unlink frees a file (3–5 ms for the
 * ~10 backups of a `kb add` commit on ext4, a tenth of the commit). A batch therefore moves
 * them out of `.kb/backup/` by one rename into `.kb/trash/<owner>/`, and deletes them in the
 * background while the commit loop goes on; the batch waits for the deletions at its end
 * (`emptyTrash`).
 *
 * The trash folder's name carries its owner (`newOwnedName`): while the owner lives, the
 * folder is its own to delete; once it is dead, recovery sweeps what is left (sweep-orphans).
 * A crash at any point leaves either a backup without a journal (swept, as before) or a
 * trash folder of a dead process (swept): nothing a later command must act upon.
 */

const deletions = new Set<Promise<void>>();

/** Moves the backup folder of a committed change to the trash and starts deleting it. */
export function trashBackups(paths: KbPaths, backups: string, logger: Logger): void {
  const folder = path.join(paths.trash, newOwnedName());
  try {
    mkdirDurable(paths.trash);
    durableFs().rename(backups, folder);
  } catch (error) {
    // The change is committed: cleaning up after it must not fail it. Left where they are,
    // without a journal, the backups are swept by the next recovery, in this process or another.
    logger.warn({ event: 'trash.move-failed', backups, err: error }, `could not move ${backups} to the trash: ${(error as Error).message}`);
    return;
  }
  const deletion = fs.promises
    .rm(folder, { recursive: true, force: true })
    .catch((error: unknown) => {
      logger.warn({ event: 'trash.delete-failed', folder, err: error }, `could not delete ${folder}: ${(error as Error).message} (recovery removes it after this process ends)`);
    })
    .finally(() => deletions.delete(deletion));
  deletions.add(deletion);
}

/** Resolves when every deletion this process started is over. */
export async function emptyTrash(): Promise<void> {
  while (deletions.size > 0) await Promise.all([...deletions]);
}

/** Trash folders whose owner is dead: what recovery removes. */
export function deadTrash(paths: KbPaths): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(paths.trash);
  } catch {
    return [];
  }
  return names.filter((name) => !isOwnerAlive(ownerOfName(name)));
}
