import { primaryKeyColumns } from './primary-key.js';
import type { Store } from './store.js';
import type { RegistryOp } from '../model/registry.js';

/**
 * What separates `tables` of a live kb.db from a scratch copy that had changes applied to
 * it, as replaceRows ops: one per table that differs, in the order given (tables others refer
 * to first). Compared by SQL on one connection (the live file attached to the scratch one),
 * whatever columns the schema has. Empty: those tables are as the scratch copy says.
 */
export function diffRegistry(scratch: Store, liveFile: string, tables: readonly string[]): RegistryOp[] {
  const db = scratch.db;
  db.prepare('ATTACH DATABASE ? AS live').run(liveFile);
  try {
    const ops: RegistryOp[] = [];
    for (const table of tables) {
      const key = primaryKeyColumns(db, table)
        .map((c) => `"${c}"`)
        .join(', ');
      const upserts = db.prepare(`SELECT * FROM main."${table}" EXCEPT SELECT * FROM live."${table}"`).all() as Record<string, unknown>[];
      const deletes = key === '' ? [] : (db.prepare(`SELECT ${key} FROM live."${table}" EXCEPT SELECT ${key} FROM main."${table}"`).all() as Record<string, unknown>[]);
      if (upserts.length > 0 || deletes.length > 0) ops.push({ kind: 'replaceRows', table, deletes, upserts });
    }
    return ops;
  } finally {
    db.prepare('DETACH DATABASE live').run();
  }
}
