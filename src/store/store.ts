import Database from 'better-sqlite3';
import { ExitCode, KbError } from '../core/errors.js';
import type { CommitRecord, RegistryOp } from '../model/registry.js';
import { ChatSessions } from './chat-sessions.js';
import { CommitsRepository, insertCommitRecord } from './commits-repository.js';
import { DocumentsRepository, documentOps } from './documents-repository.js';
import { ExplorationsRepository, explorationOps } from './explorations-repository.js';
import { migrateSchema, schemaIsCurrent } from './migrate-schema.js';
import { openReadOnlyDatabase } from './open-read-only-db.js';
import { PagesRepository, pageOps } from './pages-repository.js';
import { replaceRows } from './replace-rows.js';
import { SectionsRepository, sectionOps } from './sections-repository.js';
import { type OpHandlers, SqliteConnection } from './sqlite-connection.js';
import type { StoreReader } from './store-reader.js';
import { TopicsRepository, topicOps } from './topics-repository.js';

/**
 * kb.db: a thin seam over better-sqlite3 (open, migrations, prepared statements) and the
 * repositories that read it. All registry writes happen in `commit`, one synchronous
 * transaction: nothing is awaited inside it, so no other code interleaves with a half-done
 * transaction. Each repository applies its own kinds of op there (the dispatch table below).
 */
export class Store implements StoreReader {
  readonly documents: DocumentsRepository;
  readonly sections: SectionsRepository;
  readonly topics: TopicsRepository;
  readonly pages: PagesRepository;
  readonly explorations: ExplorationsRepository;
  readonly commits: CommitsRepository;
  /** Chat sessions: written outside `commit`, see chat-sessions.ts for why. */
  readonly chats: ChatSessions;
  private readonly connection: SqliteConnection;
  /** Which repository applies each kind of registry op; the type makes it cover every kind. */
  private readonly apply: OpHandlers<RegistryOp['kind']>;

  private constructor(readonly db: Database.Database) {
    const connection = (this.connection = new SqliteConnection(db));
    this.documents = new DocumentsRepository(connection);
    this.sections = new SectionsRepository(connection);
    this.topics = new TopicsRepository(connection);
    this.pages = new PagesRepository(connection);
    this.explorations = new ExplorationsRepository(connection);
    this.commits = new CommitsRepository(connection);
    this.chats = new ChatSessions(db);
    this.apply = {
      ...documentOps(connection),
      ...sectionOps(connection),
      ...topicOps(connection),
      ...pageOps(connection),
      ...explorationOps(connection),
      replaceRows: (op) => replaceRows(connection, op),
    };
  }

  /** `readOnly`: for readers that cannot write the KB (open-read-only-db.ts); every write fails. */
  static open(file: string, options: { readOnly?: boolean } = {}): Store {
    let db: Database.Database;
    try {
      if (options.readOnly) return new Store(openReadOnlyDatabase(file, { isCurrent: schemaIsCurrent, upgrade: migrateSchema }));
      db = new Database(file, { timeout: 10_000 });
      db.pragma('journal_mode = WAL');
      // FULL: the commit record is the commit point; it must be on disk before journals go.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrateSchema(db);
    } catch (error) {
      if (error instanceof KbError) throw error;
      throw new KbError('STORE_OPEN_FAILED', ExitCode.noKbOrBadConfig, `cannot open ${file}: ${(error as Error).message}`, {
        cause: error,
        hint: 'run `kb doctor` to check the knowledge base',
      });
    }
    return new Store(db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * The commit point: registry rows and the journal's commit record, all or nothing. Only
   * `kb init`, which writes its first rows before any journal can exist, passes no record.
   */
  commit(ops: readonly RegistryOp[], record: CommitRecord | null): void {
    this.db.transaction(() => {
      for (const op of ops) {
        const apply = this.apply[op.kind] as ((op: RegistryOp) => void) | undefined;
        // The type forbids building such an op; one from untyped code is a bug, and dropping
        // it would commit half a change: the whole transaction rolls back instead.
        if (!apply) throw new Error(`kb: registry op of unknown kind ${JSON.stringify(op.kind)}`);
        apply(op);
      }
      if (record) insertCommitRecord(this.connection, record);
    })();
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }
}
