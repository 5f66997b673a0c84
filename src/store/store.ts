import Database from 'better-sqlite3';
import { ExitCode, KbError } from '../core/errors.js';
import { migrations } from './migrations.js';

export interface DocumentRow {
  name: string;
  title: string;
  hash: string;
  original_path: string;
  raw_path: string;
  source_path: string;
  summary_path: string;
  size: number;
  added_at: string;
  updated_at: string;
}

/** Row changes a changeset makes; applied inside the commit transaction. */
export type RegistryOp = { kind: 'upsertDocument'; doc: DocumentRow } | { kind: 'deleteDocument'; name: string };

export interface CommitRecord {
  journalId: string;
  op: string;
  detail: string;
  committedAt: string;
}

/**
 * A narrow interface over kb.db. All writes happen in `commit`, one synchronous transaction:
 * nothing is awaited inside it, so no other code interleaves with a half-done transaction.
 */
export class Store {
  private constructor(readonly db: Database.Database) {}

  static open(file: string): Store {
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: 10_000 });
      db.pragma('journal_mode = WAL');
      // FULL: the commit record is the commit point; it must be on disk before journals go.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (error) {
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

  /** The commit point: registry rows and the journal's commit record, all or nothing. */
  commit(ops: readonly RegistryOp[], record: CommitRecord): void {
    const upsert = this.db.prepare(
      `INSERT INTO documents (name, title, hash, original_path, raw_path, source_path, summary_path, size, added_at, updated_at)
       VALUES (@name, @title, @hash, @original_path, @raw_path, @source_path, @summary_path, @size, @added_at, @updated_at)
       ON CONFLICT(name) DO UPDATE SET title=excluded.title, hash=excluded.hash, original_path=excluded.original_path,
         raw_path=excluded.raw_path, source_path=excluded.source_path, summary_path=excluded.summary_path,
         size=excluded.size, updated_at=excluded.updated_at`,
    );
    const remove = this.db.prepare('DELETE FROM documents WHERE name = ?');
    const insertCommit = this.db.prepare('INSERT INTO commits (journal_id, op, detail, committed_at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const op of ops) {
        if (op.kind === 'upsertDocument') upsert.run(op.doc);
        else remove.run(op.name);
      }
      insertCommit.run(record.journalId, record.op, record.detail, record.committedAt);
    })();
  }

  isCommitted(journalId: string): boolean {
    return this.db.prepare('SELECT 1 FROM commits WHERE journal_id = ?').get(journalId) !== undefined;
  }

  listDocuments(): DocumentRow[] {
    return this.db.prepare('SELECT * FROM documents ORDER BY name').all() as DocumentRow[];
  }

  getDocument(name: string): DocumentRow | undefined {
    return this.db.prepare('SELECT * FROM documents WHERE name = ?').get(name) as DocumentRow | undefined;
  }

  countDocuments(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`kb.db has schema version ${current}, newer than this kb understands (${migrations.length}); upgrade kb`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
