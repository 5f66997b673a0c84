import type { Store } from './store.js';

/**
 * The pages `kb recompile --all` replays (compile/replay-documents.ts: ReplayPages), kept in
 * a table of the scratch copy of kb.db rather than in memory: the derived tree grows with the
 * KB (about 5 MB per 1,000 documents), and the scratch copy is thrown away with its staging
 * folder anyway. Rows keep the order pages were first written in (an upsert keeps its rowid).
 */
export function scratchPages(scratch: Store): {
  get(relPath: string): string | null | undefined;
  set(relPath: string, content: string | null): void;
  entries(): Iterable<[string, string | null]>;
} {
  const db = scratch.db;
  db.exec('CREATE TABLE recompile_replay_pages (path TEXT PRIMARY KEY, content TEXT)');
  const select = db.prepare('SELECT content FROM recompile_replay_pages WHERE path = ?').pluck();
  const upsert = db.prepare('INSERT INTO recompile_replay_pages (path, content) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET content = excluded.content');
  const all = db.prepare('SELECT path, content FROM recompile_replay_pages ORDER BY rowid').raw();
  return {
    get: (relPath) => select.get(relPath) as string | null | undefined,
    set: (relPath, content) => void upsert.run(relPath, content),
    entries: () => all.iterate() as Iterable<[string, string | null]>,
  };
}
