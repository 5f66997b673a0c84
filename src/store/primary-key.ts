import type Database from 'better-sqlite3';

/**
 * The primary-key columns of a table of kb.db's main schema, in key order: what diffRegistry,
 * replaceRows and opsChangeRows address rows by. The name is checked against the schema
 * first, so it is safe to put in the SQL they build. Empty for a table without a key.
 */
export function primaryKeyColumns(db: Database.Database, table: string): string[] {
  const found = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined;
  if (found === undefined) throw new Error(`no table ${JSON.stringify(table)} in kb.db`);
  return (db.pragma(`main.table_info("${found}")`) as { name: string; pk: number }[])
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
}
