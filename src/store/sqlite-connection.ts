import type Database from 'better-sqlite3';
import type { RegistryOp } from '../model/registry.js';

/**
 * One open kb.db and its prepared statements, shared by the store and its repositories.
 * Statements are prepared once per connection: preparing costs more than running these small
 * queries.
 */
export class SqliteConnection {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/**
 * How a repository applies its kinds of registry op, inside the store's commit transaction:
 * synchronous, so nothing else interleaves with a half-done transaction.
 */
export type OpHandlers<K extends RegistryOp['kind']> = { [Kind in K]: (op: Extract<RegistryOp, { kind: Kind }>) => void };
