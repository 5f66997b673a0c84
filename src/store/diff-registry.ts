import type { RegistryOp, Store } from './store.js';

/**
 * What separates a live kb.db from a scratch copy that had changes applied to it, as
 * replaceRows ops (one per table that differs, in the order the tables were created, so
 * documents come before the rows that refer to them). Compared by SQL on one connection
 * (the live file attached to the scratch one), table by table, whatever columns the schema
 * has; `commits` is history, not state, and is never compared. Empty: the registry is as
 * the scratch copy says.
 */
export function diffRegistry(scratch: Store, liveFile: string): RegistryOp[] {
  const db = scratch.db;
  db.prepare('ATTACH DATABASE ? AS live').run(liveFile);
  try {
    const tables = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'commits' ORDER BY rowid").pluck().all() as string[];
    const ops: RegistryOp[] = [];
    for (const table of tables) {
      const key = (db.pragma(`main.table_info("${table}")`) as { name: string; pk: number }[])
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => `"${c.name}"`)
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
