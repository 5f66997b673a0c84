import type Database from 'better-sqlite3';

/** A chat session as `kb chat --list` shows it. */
export interface ChatSummary {
  id: string;
  /** The session's first question. */
  title: string;
  created: string;
  updated: string;
  /** Messages stored: two per answered turn. */
  messages: number;
}

/** One answered turn: the question and the answer with its citations (JSON-serialisable). */
export interface ChatTurn {
  question: string;
  answer: string;
  citations: unknown[];
  engine: 'offline' | 'llm';
}

/**
 * The chats and chat_messages tables (migration 6). Unlike the registry, these rows are not
 * written by a changeset: a chat turn changes no file, so there is nothing to journal. Each
 * write is ONE SQLite transaction of its own, and the caller takes the exclusive KB lock
 * around it (chat.ts). That is safe because recovery never touches these tables (it restores
 * files and reads only `commits`), a transaction killed half-way is undone by SQLite itself,
 * and neither recompile (diff-registry.ts compares only the derived tables) nor lint or
 * doctor reads them.
 */
export class ChatSessions {
  constructor(private readonly db: Database.Database) {}

  /** Stores one answered turn, creating the session (title: its first question) if new. */
  appendTurn(id: string, turn: ChatTurn, at: Date): void {
    const db = this.db;
    const time = at.toISOString();
    db.transaction(() => {
      db.prepare('INSERT INTO chats (id, title, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at').run(id, titleOf(turn.question), time, time);
      const next = (db.prepare('SELECT coalesce(max(seq), 0) FROM chat_messages WHERE chat = ?').pluck().get(id) as number) + 1;
      const insert = db.prepare('INSERT INTO chat_messages (chat, seq, role, text, citations, engine, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      insert.run(id, next, 'user', turn.question, '[]', null, time);
      insert.run(id, next + 1, 'assistant', turn.answer, JSON.stringify(turn.citations), turn.engine, time);
    })();
  }

  /** Every session, most recently used first. */
  list(): ChatSummary[] {
    return this.db
      .prepare(
        `SELECT c.id, c.title, c.created_at AS created, c.updated_at AS updated, (SELECT count(*) FROM chat_messages m WHERE m.chat = c.id) AS messages
         FROM chats c ORDER BY c.updated_at DESC, c.rowid DESC`,
      )
      .all() as ChatSummary[];
  }

  /** Session ids that start with `prefix`, sorted. */
  idsStartingWith(prefix: string): string[] {
    // substr, not LIKE: a prefix may hold % or _.
    return this.db.prepare('SELECT id FROM chats WHERE substr(id, 1, ?) = ? ORDER BY id').pluck().all(prefix.length, prefix) as string[];
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM chats WHERE id = ?').get(id) !== undefined;
  }

  /** The session's answered turns, oldest first. */
  turns(id: string): ChatTurn[] {
    const rows = this.db.prepare('SELECT role, text, citations, engine FROM chat_messages WHERE chat = ? ORDER BY seq').all(id) as { role: string; text: string; citations: string; engine: string | null }[];
    const turns: ChatTurn[] = [];
    for (let i = 0; i + 1 < rows.length; i += 2) {
      const [user, assistant] = [rows[i]!, rows[i + 1]!];
      turns.push({ question: user.text, answer: assistant.text, citations: JSON.parse(assistant.citations) as unknown[], engine: assistant.engine === 'llm' ? 'llm' : 'offline' });
    }
    return turns;
  }

  /** Deletes a session and its messages (one transaction); false when there was none. */
  delete(id: string): boolean {
    const db = this.db;
    return db.transaction(() => {
      db.prepare('DELETE FROM chat_messages WHERE chat = ?').run(id);
      return db.prepare('DELETE FROM chats WHERE id = ?').run(id).changes > 0;
    })();
  }
}

/** A session's title: its first question on one line, bounded. */
function titleOf(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
