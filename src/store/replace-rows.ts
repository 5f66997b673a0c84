import type { RegistryOp } from '../model/registry.js';
import { primaryKeyColumns } from './primary-key.js';
import type { SqliteConnection } from './sqlite-connection.js';

/**
 * Applies a replaceRows op (kb recompile --all), inside the commit transaction, to any table
 * of kb.db. A table no foreign key points at loses the changed rows and gets them back whole,
 * so a unique column (a topic's slug) may move between rows. A table others reference
 * (documents) is updated in place: deleting a row there would cascade to rows the op does not
 * carry.
 */
export function replaceRows(connection: SqliteConnection, op: Extract<RegistryOp, { kind: 'replaceRows' }>): void {
  const db = connection.db;
  const table = op.table;
  const key = primaryKeyColumns(db, table);
  if (key.length === 0) throw new Error(`replaceRows: table ${table} has no primary key`);
  const where = key.map((k) => `"${k}" = @${k}`).join(' AND ');
  const referenced = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).some((t) =>
    (db.pragma(`foreign_key_list("${t}")`) as { table: string }[]).some((fk) => fk.table === table),
  );
  const remove = connection.statement(`DELETE FROM "${table}" WHERE ${where}`);
  for (const row of op.deletes) remove.run(pick(row, key));
  // All changed rows go before any comes back: a unique column may move between them.
  if (!referenced) for (const row of op.upserts) remove.run(pick(row, key));
  for (const row of op.upserts) {
    const columns = Object.keys(row);
    const insert = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
    const updates = columns.filter((c) => !key.includes(c)).map((c) => `"${c}" = excluded."${c}"`);
    const upsert = `${insert} ON CONFLICT(${key.map((k) => `"${k}"`).join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
    connection.statement(referenced ? upsert : insert).run(row);
  }
}

function pick(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, row[c]]));
}
