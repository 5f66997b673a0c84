import type { CommitRecord } from '../model/registry.js';
import type { SqliteConnection } from './sqlite-connection.js';

/** The journal's commit records: a journal whose record is here has committed (recovery reads it). */
export class CommitsRepository {
  constructor(private readonly connection: SqliteConnection) {}

  isCommitted(journalId: string): boolean {
    return this.connection.statement('SELECT 1 FROM commits WHERE journal_id = ?').get(journalId) !== undefined;
  }
}

/** Writes the commit record, last in the commit transaction: it is the commit point. */
export function insertCommitRecord(connection: SqliteConnection, record: CommitRecord): void {
  connection.statement('INSERT INTO commits (journal_id, op, detail, committed_at) VALUES (?, ?, ?, ?)').run(record.journalId, record.op, record.detail, record.committedAt);
}
