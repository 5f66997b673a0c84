import type { ExplorationRow } from '../model/registry.js';
import type { OpHandlers, SqliteConnection } from './sqlite-connection.js';

/** Saved answers and chats, `wiki/explorations/<slug>.md`. */
export class ExplorationsRepository {
  constructor(private readonly connection: SqliteConnection) {}

  get(slug: string): ExplorationRow | undefined {
    return this.connection.statement('SELECT * FROM explorations WHERE slug = ?').get(slug) as ExplorationRow | undefined;
  }

  /** How many explorations there are (kept by triggers, migration 9), and the `limit` newest, for index.md. */
  recent(limit: number): { total: number; recent: ExplorationRow[] } {
    const total = this.connection.statement("SELECT n FROM row_counts WHERE tbl = 'explorations'").pluck().get() as number;
    return { total, recent: this.connection.statement('SELECT * FROM explorations ORDER BY created_at DESC, slug LIMIT ?').all(limit) as ExplorationRow[] };
  }
}

/** Writes exploration rows in the commit transaction. */
export function explorationOps(connection: SqliteConnection): OpHandlers<'upsertExploration' | 'deleteExploration'> {
  return {
    upsertExploration: (op) =>
      connection.statement('INSERT INTO explorations (slug, title, created_at) VALUES (@slug, @title, @created_at) ON CONFLICT(slug) DO UPDATE SET title = excluded.title').run(op.exploration),
    deleteExploration: (op) => connection.statement('DELETE FROM explorations WHERE slug = ?').run(op.slug),
  };
}
