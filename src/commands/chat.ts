import type { KbContext } from '../store/kb-context.js';
import { withKbLock } from '../commit/with-kb-lock.js';
import { inlineText } from '../model/render-page.js';
import { ExitCode, KbError } from '../core/errors.js';
import type { Citation } from '../search/offline-answer.js';
import type { ChatSessions, ChatSummary, ChatTurn } from '../store/chat-sessions.js';
import { openLlmEngine, type LlmChoice } from './open-llm-engine.js';
import { queryKnowledgeBase, type QueryResult } from './query.js';
import { saveExploration } from './save-exploration.js';

export type { ChatSummary };

/** The session a REPL is in: its id and its answered turns, oldest first. */
export interface ChatState {
  id: string;
  turns: ChatTurn[];
  /** True when the session was stored before this process (--resume). */
  resumed: boolean;
}

export interface AskOptions {
  llm?: LlmChoice;
  /** Streaming on a terminal: each line of the LLM's answer as it arrives. */
  onLine?: (line: string) => void;
}

/**
 * The session `kb chat` starts in: a new one (its id is allocated now, its row written with
 * its first answered turn, so an empty chat leaves nothing behind), or with `resume` the most
 * recent session (true) or the one whose id is, or uniquely starts with, the given text.
 */
export async function openChat(ctx: KbContext, resume?: string | true): Promise<ChatState> {
  if (resume === undefined) return newChat(ctx);
  return withKbLock(ctx, 'shared', () => {
    const sessions = ctx.store.chats;
    const id = resume === true ? sessions.list()[0]?.id : resolveChatId(sessions, resume);
    if (id === undefined) throw new KbError('NO_CHAT', ExitCode.usage, 'there is no chat session to resume', { hint: 'start one with: kb chat' });
    return { id, turns: sessions.turns(id), resumed: true };
  });
}

/** Throws what the first question would (exit 6: the API key is missing), before any is asked. */
export function assertLlmUsable(ctx: KbContext, llm: LlmChoice): void {
  openLlmEngine(ctx, llm);
}

/** A fresh session (`kb chat`, `/clear`): an id no stored session has. */
export function newChat(ctx: KbContext): ChatState {
  const sessions = ctx.store.chats;
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = ctx.ids.chatId();
    if (!sessions.exists(id)) return { id, turns: [], resumed: false };
  }
  throw new Error('bug: the chat id source keeps handing out ids in use');
}

/**
 * Answers one question like `kb query` (the LLM also sees the session's earlier turns, as
 * many recent ones as fit its budget), then stores the turn — one transaction under the
 * exclusive lock, taken only for that write (chat-sessions.ts says why outside a changeset).
 * Aborted (Ctrl-C): throws exit 130 and stores nothing.
 */
export async function askInChat(ctx: KbContext, chat: ChatState, question: string, options: AskOptions = {}): Promise<QueryResult> {
  const result = await queryKnowledgeBase(ctx, question, {
    save: false,
    history: chat.turns.map((t) => ({ question: t.question, answer: t.answer })),
    ...(options.llm ? { llm: options.llm } : {}),
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
  if (ctx.signal?.aborted) throw new KbError('INTERRUPTED', ExitCode.interrupted, 'interrupted: no answer, nothing saved');
  const turn: ChatTurn = { question, answer: result.answer, citations: result.citations, engine: result.engine };
  await withKbLock(ctx, 'exclusive', () => ctx.store.chats.appendTurn(chat.id, turn, ctx.clock.now()));
  chat.turns.push(turn);
  return result;
}

/** `/save [name]`: the session's transcript as an exploration page (save-exploration.ts). */
export async function saveChatTranscript(ctx: KbContext, chat: ChatState, name?: string): Promise<string> {
  const first = chat.turns[0];
  if (!first) throw new KbError('CHAT_EMPTY', ExitCode.usage, 'nothing to save yet: ask a question first');
  const transcript = chat.turns.map((t) => `## ${inlineText(t.question, 200)}\n\n${t.answer.trim() || '_Nothing in the knowledge base answered this._'}`).join('\n\n');
  // Stored by askInChat from a QueryResult: they are Citations.
  const cited = chat.turns.flatMap((t) => t.citations as Citation[]);
  const citations = [...new Map(cited.map((c) => [c.target, { target: c.target, title: c.title }])).values()];
  return saveExploration(ctx, {
    question: name?.trim() || first.question,
    answer: transcript,
    citations,
    engine: chat.turns.some((t) => t.engine === 'llm') ? 'llm' : 'offline',
  });
}

/** `kb chat --list`: every session, most recently used first. */
export function listChats(ctx: KbContext): Promise<ChatSummary[]> {
  return withKbLock(ctx, 'shared', () => ctx.store.chats.list());
}

/** `kb chat --delete <id>`: the id or a unique prefix of it, as --resume takes; exit 2 otherwise. Returns the id deleted. */
export async function deleteChat(ctx: KbContext, prefix: string): Promise<string> {
  return withKbLock(ctx, 'exclusive', () => {
    const sessions = ctx.store.chats;
    const id = resolveChatId(sessions, prefix);
    sessions.delete(id);
    return id;
  });
}

export function renderChatList(chats: readonly ChatSummary[]): string {
  if (chats.length === 0) return 'no chat sessions yet (start one with: kb chat)';
  return chats.map((c) => `${c.id.padEnd(10)}  ${c.updated.slice(0, 16).replace('T', ' ')}  ${String(c.messages / 2).padStart(3)} turn(s)  ${c.title}`).join('\n');
}

/** The id itself, or the one id that starts with `prefix`; exit 2 naming the candidates otherwise. */
function resolveChatId(sessions: ChatSessions, prefix: string): string {
  if (sessions.exists(prefix)) return prefix;
  const ids = sessions.idsStartingWith(prefix);
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new KbError('NO_CHAT', ExitCode.usage, `no chat session starts with "${prefix}"`, { hint: 'kb chat --list shows the sessions' });
  throw new KbError('CHAT_AMBIGUOUS', ExitCode.usage, `"${prefix}" matches ${ids.length} chat sessions: ${ids.join(', ')}`, { hint: 'give more of the id' });
}
