import type { KbConfig } from '../config/config-schema.js';
import type { KbPaths } from '../core/kb-paths.js';
import type { Logger } from '../core/logger.js';
import type { SearchIndexer } from '../model/search-indexer.js';
import type { Store } from './store.js';

export interface Clock {
  now(): Date;
}

export interface IdSource {
  /** Journal ids sort by creation time; the random tail keeps two processes apart. */
  journalId(): string;
  /** A new chat session's id: short, random (tests fix it). */
  chatId(): string;
}

/**
 * Everything a command needs to work on one open knowledge base. It lives with the store, not
 * in model/, because it carries the open Store: model/ imports nothing of kb but core/.
 */
export interface KbContext {
  paths: KbPaths;
  config: KbConfig;
  store: Store;
  /** What commits put in the full-text index (search/search-rows.ts: searchIndexer). */
  searchIndex: SearchIndexer;
  logger: Logger;
  clock: Clock;
  ids: IdSource;
  /** The command line as shown to lock waiters, e.g. "kb add". */
  command: string;
  /** Milliseconds to wait for the lock before exit 4. */
  lockWaitMs: number;
  signal?: AbortSignal;
  /**
   * This process cannot write the KB (read-only media, no permission, a full disk): kb.db is
   * open read-only, recovery is not run (with-kb-lock.ts says when reading is still safe), and
   * readers skip what they would write (lint's report, a first search's index).
   */
  readOnly?: boolean;
}
