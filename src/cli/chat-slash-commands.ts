import { newChat, saveChatTranscript, type ChatState } from '../commands/chat.js';
import { listDocuments, renderList } from '../commands/list.js';
import { renderSearch, searchKnowledgeBase } from '../commands/search.js';
import { getStatus, renderStatus } from '../commands/status.js';
import type { KbContext } from '../store/kb-context.js';
import { ExitCode, KbError } from '../core/errors.js';
import { printLine, type CliIo, type GlobalOptions } from './cli-io.js';
import { formatOutcome, llmOption, printSummary } from './commands/add-command.js';

/** What a slash command may touch: the turn's context, the session, and the terminal. */
export interface SlashContext {
  ctx: KbContext;
  io: CliIo;
  globals: GlobalOptions;
  chat: ChatState;
  /** `/clear` starts a new session. */
  setChat: (chat: ChatState) => void;
}

interface SlashCommand {
  usage: string;
  help: string;
  run: (s: SlashContext, args: string) => Promise<'exit' | void>;
}

export const SLASH_HELP_LINES = (): string[] => Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(14)} ${c.help}`);

/**
 * The REPL's slash commands. Each reuses what the kb command of the same name runs (`/add` is
 * the real add pipeline, one journaled commit per file); none reimplements one.
 */
const COMMANDS: Record<string, SlashCommand> = {
  help: {
    usage: '/help',
    help: 'this list',
    run: async ({ io }) => printLine(io.stdout, ['Ask a question, or:', ...SLASH_HELP_LINES(), 'Keys: Ctrl-C stops an answer (or clears the line), Ctrl-D leaves, up/down walk the questions asked.'].join('\n')),
  },
  status: {
    usage: '/status',
    help: 'documents and pages of the knowledge base, and this session',
    run: async ({ ctx, io, chat }) => printLine(io.stdout, renderStatus(await getStatus(ctx), [['chat session', `${chat.id} (${chat.turns.length} turn(s))`]])),
  },
  list: {
    usage: '/list',
    help: 'the documents in the knowledge base',
    run: async ({ ctx, io }) => printLine(io.stdout, renderList(await listDocuments(ctx))),
  },
  search: {
    usage: '/search <q>',
    help: 'full-text search, like kb search',
    run: async ({ ctx, io }, query) => {
      if (query === '') throw usage('/search needs words to look for: /search <q>');
      printLine(io.stdout, renderSearch(query, await searchKnowledgeBase(ctx, query, 10)));
    },
  },
  add: {
    usage: '/add <path>',
    help: 'add a file or folder to the knowledge base, like kb add',
    run: async ({ ctx, io, globals }, target) => {
      if (target === '') throw usage('/add needs a file or folder: /add <path>');
      // Loaded on use, like kb add: the converters are heavy.
      const { addFiles } = await import('../commands/add.js');
      const summary = await addFiles(ctx, {
        inputs: [target],
        jobs: ctx.config.jobs,
        cwd: io.cwd,
        ...llmOption(ctx.config, io, globals),
        onEvent: (event) => {
          if (event.type === 'file') printLine(io.stdout, formatOutcome(event.outcome));
        },
      });
      printSummary(io, false, summary);
    },
  },
  save: {
    usage: '/save [name]',
    help: 'save this session as wiki/explorations/<slug>.md, listed in index.md',
    run: async ({ ctx, io, chat }, name) => printLine(io.stdout, `saved to ${await saveChatTranscript(ctx, chat, name)}`),
  },
  clear: {
    usage: '/clear',
    help: 'start a new session: later answers do not see the earlier turns (those stay saved, kb chat --resume <id>)',
    run: async ({ ctx, io, chat, setChat }) => {
      const fresh = newChat(ctx);
      setChat(fresh);
      printLine(io.stdout, chat.turns.length > 0 ? `new session ${fresh.id}; the last one is kept: kb chat --resume ${chat.id}` : `new session ${fresh.id}`);
    },
  },
  lint: {
    usage: '/lint',
    help: 'check the wiki and write a report, like kb lint (no --fix)',
    run: async ({ ctx, io, globals }) => {
      const { renderLint, runLint } = await import('../commands/lint.js');
      printLine(io.stdout, renderLint(await runLint(ctx, { fix: false, ...llmOption(ctx.config, io, globals) })));
    },
  },
  exit: {
    usage: '/exit',
    help: 'leave (so does Ctrl-D)',
    run: async () => 'exit',
  },
};

/** Runs one `/command args` line; an unknown command is a usage error (the REPL prints it and goes on). */
export async function runSlashCommand(s: SlashContext, line: string): Promise<'exit' | void> {
  const match = /^\/(\S*)\s*([\s\S]*)$/.exec(line.trim());
  const name = (match?.[1] ?? '').toLowerCase();
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw usage(`unknown command ${line.trim().split(/\s/)[0]} (/help lists them)`);
  return command.run(s, (match?.[2] ?? '').trim());
}

function usage(message: string): KbError {
  return new KbError('CHAT_USAGE', ExitCode.usage, message);
}
