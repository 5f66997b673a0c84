import type { Command } from 'commander';
import { ExitCode, KbError } from '../../core/errors.js';
import { printJson, printLine, type CliIo, type GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';
import { llmOption } from './add-command.js';
import { stopOnSigterm } from '../stop-on-sigterm.js';

const CHAT_HELP = `
Ask questions one after another; answers cite the wiki's pages like kb query. With an LLM
configured, each answer sees the session's earlier turns (the most recent that fit
llm.context_tokens). Every answered turn is stored in .kb/kb.db before the next prompt.

Slash commands:
  /help          the commands and keys
  /status        the knowledge base and this session
  /list          the documents
  /search <q>    full-text search
  /add <path>    add a file or folder (the real kb add)
  /save [name]   save the session as wiki/explorations/<slug>.md
  /clear         start a new session (the old one stays stored)
  /lint          check the wiki (report only)
  /exit          leave

Keys (on a terminal): Ctrl-C stops the answer in progress (nothing of it is stored) or
clears the line; Ctrl-D leaves; up/down recall earlier questions.
Piped input: one question or command per line, plain output, ends at EOF.`;

interface ChatOptions {
  resume?: string | true;
  list?: boolean;
  delete?: string;
}

export function registerChat(program: Command, io: CliIo, globals: () => GlobalOptions, setExit: (code: number) => void): void {
  program
    .command('chat')
    .description('ask questions in a conversation (a REPL); sessions are kept and can be resumed')
    .option('--resume [id]', 'continue the most recent session, or the one whose id (or unique prefix) is given')
    .option('--list', 'list the chat sessions, most recent first (--json: an array)')
    .option('--delete <id>', 'delete a chat session and its messages, by id or unique prefix')
    .addHelpText('after', CHAT_HELP)
    .action(async (options: ChatOptions) => {
      const modes = [options.resume !== undefined, options.list === true, options.delete !== undefined].filter(Boolean).length;
      if (modes > 1) throw new KbError('CHAT_USAGE', ExitCode.usage, 'use one of --resume, --list and --delete at a time');
      // Loaded on use: the agent and the LLM client need not slow every other command's start.
      const chat = await import('../../commands/chat.js');
      const g = globals();
      // The conversation is for a person; only the session list has a JSON form.
      if (g.json && !options.list && options.delete === undefined) {
        throw new KbError('CHAT_USAGE', ExitCode.usage, '--json works with kb chat --list only; the chat itself is plain text', { hint: 'for one answer as JSON: kb --json query <question>' });
      }
      if (options.list) {
        const sessions = await withContext(io, g, 'chat', chat.listChats, 'read');
        if (g.json) printJson(io.stdout, sessions);
        else printLine(io.stdout, chat.renderChatList(sessions));
        return;
      }
      if (options.delete !== undefined) {
        const prefix = options.delete;
        const id = await withContext(io, g, 'chat', (ctx) => chat.deleteChat(ctx, prefix));
        if (!g.quiet) printLine(io.stderr, `deleted chat session ${id}`);
        return;
      }
      const { runChatRepl } = await import('../chat-repl.js');
      const stop = stopOnSigterm(io.signal);
      try {
        const outcome = await withContext({ ...io, signal: stop.signal }, g, 'chat', async (ctx) => {
          // A missing API key stops the chat before its first prompt (exit 6), not at every question.
          const { llm } = llmOption(ctx.config, io, g);
          if (llm) chat.assertLlmUsable(ctx, llm);
          return runChatRepl(ctx, io, g, await chat.openChat(ctx, options.resume));
        });
        if (outcome.stopped) setExit(ExitCode.interrupted);
      } finally {
        stop.dispose();
      }
    });
}
