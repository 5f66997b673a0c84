import type { CommitRecord, RegistryOp } from '../model/registry.js';
import type { CommitsRepository } from './commits-repository.js';
import type { DocumentsRepository } from './documents-repository.js';
import type { ExplorationsRepository } from './explorations-repository.js';
import type { PagesRepository } from './pages-repository.js';
import type { SectionsRepository } from './sections-repository.js';
import type { TopicsRepository } from './topics-repository.js';

/**
 * The store as planning code sees it: the repositories' read methods, no commit, no raw
 * database, no chats. compile/ takes this, so a plan cannot write the registry; only the
 * changeset it returns does, through Store.commit.
 */
export interface StoreReader {
  readonly documents: DocumentsRepository;
  readonly sections: Omit<SectionsRepository, 'rebuildIndex'>;
  readonly topics: TopicsRepository;
  readonly pages: PagesRepository;
  readonly explorations: ExplorationsRepository;
  readonly commits: CommitsRepository;
  schemaVersion(): number;
}

/**
 * A scratch copy of kb.db that planning may rewrite (kb recompile --all replays every
 * document into one, then diffs it against the live file): a reader with Store.commit.
 */
export interface ScratchRegistry extends StoreReader {
  commit(ops: readonly RegistryOp[], record: CommitRecord | null): void;
}
