import type Database from 'better-sqlite3';
import type { RegistryOp } from '../model/registry.js';
import { primaryKeyColumns } from './primary-key.js';
import type { Store } from './store.js';

const SAVEPOINT = 'kb_ops_change_rows';

/**
 * Whether committing `ops` would change any row of `tables`, answered without changing kb.db.
 * The ops are applied inside a savepoint on the live connection while temporary triggers note
 * the primary key of every row they insert, update or delete (foreign-key cascades included);
 * the rows under those keys are read, the savepoint is rolled back (the triggers and their
 * notes go with it), and the same keys are read again. It costs what the ops touch: a copy of
 * kb.db and a diff of whole tables (diffRegistry) answer the same question at the cost of the
 * whole KB, 6.9 s at 100,000 documents. Needs a writable connection; a killed process leaves
 * nothing, since the savepoint never commits. The one write transaction on the live kb.db
 * outside commit/, and never committed: only commit/ changes the KB. Under a shared kb lock
 * (recompile --dry-run) another dry run waits for it on SQLite's busy timeout, milliseconds.
 */
export function opsChangeRows(store: Store, ops: readonly RegistryOp[], tables: readonly string[]): boolean {
  if (ops.length === 0) return false;
  const db = store.db;
  const watched = tables.map((table) => ({ table, key: primaryKey(db, table) }));
  let touched: { keys: unknown[][]; rows: string[] }[];
  db.exec(`SAVEPOINT ${SAVEPOINT}`);
  try {
    for (const { table, key } of watched) noteTouchedKeys(db, table, key);
    store.commit(ops, null);
    touched = watched.map(({ table, key }) => {
      const keys = touchedKeys(db, table);
      return { keys, rows: rowsUnder(db, table, key, keys) };
    });
  } finally {
    db.exec(`ROLLBACK TO ${SAVEPOINT}`);
    db.exec(`RELEASE ${SAVEPOINT}`);
  }
  return watched.some(({ table, key }, i) => {
    const { keys, rows } = touched[i]!;
    const before = rowsUnder(db, table, key, keys);
    return before.some((row, k) => row !== rows[k]);
  });
}

/** The table's primary-key columns, in key order; a table without one cannot be watched. */
function primaryKey(db: Database.Database, table: string): string[] {
  const key = primaryKeyColumns(db, table);
  if (key.length === 0) throw new Error(`opsChangeRows: table ${table} has no primary key`);
  return key;
}

const notes = (table: string): string => `"kb_touched_${table}"`;

/**
 * A temporary table of the keys of `table`'s rows that were written, and the triggers that fill
 * it. Temporary triggers may watch a main table; their unqualified target is the temp table.
 */
function noteTouchedKeys(db: Database.Database, table: string, key: readonly string[]): void {
  const columns = key.map((k) => `"${k}"`).join(', ');
  const values = (row: 'OLD' | 'NEW'): string => key.map((k) => `${row}."${k}"`).join(', ');
  // No key on the notes, and plain INSERT: inside an upsert the statement's own conflict
  // handling overrides a trigger's OR IGNORE, so a unique note would fail it. Read DISTINCT.
  const note = (row: 'OLD' | 'NEW'): string => `INSERT INTO ${notes(table)} VALUES (${values(row)});`;
  db.exec(`CREATE TEMP TABLE ${notes(table)} (${columns})`);
  db.exec(`CREATE TEMP TRIGGER "kb_touched_${table}_insert" AFTER INSERT ON main."${table}" BEGIN ${note('NEW')} END`);
  // A key may change in an update (a renamed document): both the old and the new one count.
  db.exec(`CREATE TEMP TRIGGER "kb_touched_${table}_update" AFTER UPDATE ON main."${table}" BEGIN ${note('OLD')} ${note('NEW')} END`);
  db.exec(`CREATE TEMP TRIGGER "kb_touched_${table}_delete" AFTER DELETE ON main."${table}" BEGIN ${note('OLD')} END`);
}

function touchedKeys(db: Database.Database, table: string): unknown[][] {
  return db.prepare(`SELECT DISTINCT * FROM temp.${notes(table)}`).raw().all() as unknown[][];
}

/** The row under each key in `table`, as JSON, or '' where no row has that key. */
function rowsUnder(db: Database.Database, table: string, key: readonly string[], keys: readonly unknown[][]): string[] {
  const lookup = db.prepare(`SELECT * FROM main."${table}" WHERE ${key.map((k) => `"${k}" IS ?`).join(' AND ')}`).raw();
  return keys.map((values) => {
    const row = lookup.get(...values) as unknown[] | undefined;
    return row === undefined ? '' : JSON.stringify(row, exactValue);
  });
}

/** A column value as JSON that tells stored values apart (a BLOB is a Buffer, with its own toJSON). */
function exactValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { bigint: String(value) } : value;
}
