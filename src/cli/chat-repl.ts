import readline from 'node:readline';
import { askInChat, type ChatState } from '../commands/chat.js';
import { renderQuery } from '../commands/query.js';
import type { KbContext } from '../store/kb-context.js';
import { printLine, type CliIo, type GlobalOptions } from './cli-io.js';
import { runSlashCommand } from './chat-slash-commands.js';
import { llmOption } from './commands/add-command.js';
import { answerPrinter } from './commands/query-command.js';
import { withWaitNotice } from './wait-notice.js';
import { LineQueue } from './line-queue.js';
import { reportError } from './report-error.js';

const PROMPT = 'kb> ';

export interface ReplOutcome {
  /** SIGTERM, or Ctrl-C when input is not a terminal: the caller exits 130. */
  stopped: boolean;
}

/**
 * The `kb chat` loop. On a terminal: a prompt with input history (the session's earlier
 * questions on --resume), answers streamed as they arrive; Ctrl-C aborts the answer in
 * progress (nothing of that turn is stored) or clears the line, Ctrl-D leaves. Piped: one
 * question or command a line, plain output, until EOF. Every turn is stored before the next
 * line is read. The KB lock is only ever taken inside a turn or command: never while waiting.
 */
export async function runChatRepl(ctx: KbContext, io: CliIo, globals: GlobalOptions, first: ChatState): Promise<ReplOutcome> {
  const stdin = io.stdin ?? process.stdin;
  // Streaming needs only a terminal to show it on (as kb query); a prompt needs one both ways.
  const stream = (io.stdout as { isTTY?: boolean }).isTTY === true;
  const terminal = stream && stdin.isTTY === true;
  const rl = readline.createInterface({
    input: stdin,
    ...(terminal ? { output: io.stdout, terminal: true, history: first.turns.map((t) => t.question).reverse(), historySize: 1000, removeHistoryDuplicates: true } : { terminal: false }),
  });
  rl.setPrompt(PROMPT);
  const lines = new LineQueue(rl);
  let chat = first;
  /** Aborts the turn in progress; set only while one runs. */
  let turn: AbortController | undefined;
  const stop = ctx.signal;
  const onStop = (): void => {
    turn?.abort();
    rl.close();
  };
  stop?.addEventListener('abort', onStop, { once: true });
  rl.on('SIGINT', () => {
    // A terminal in raw mode: Ctrl-C arrives here, not as a signal.
    if (turn) return turn.abort();
    if (rl.line !== '') {
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      return;
    }
    io.stdout.write('\n(to leave: /exit or Ctrl-D)\n');
    rl.prompt();
  });

  if (!globals.quiet) {
    const resumed = chat.resumed ? `resumed session ${chat.id} (${chat.turns.length} turn(s))` : `new session ${chat.id}`;
    printLine(io.stderr, `kb chat: ${resumed}. /help lists the commands${terminal ? '; Ctrl-D leaves' : ''}.`);
  }
  try {
    for (;;) {
      if (terminal) rl.prompt();
      const line = await lines.next();
      if (line === undefined || stop?.aborted) break;
      const text = line.trim();
      if (text === '') continue;
      turn = new AbortController();
      const turnCtx: KbContext = { ...ctx, signal: stop ? AbortSignal.any([stop, turn.signal]) : turn.signal };
      try {
        if (text.startsWith('/')) {
          const outcome = await runSlashCommand({ ctx: turnCtx, io, globals, chat, setChat: (c) => (chat = c) }, text);
          if (outcome === 'exit') break;
        } else {
          await answer(turnCtx, io, globals, chat, text, stream);
        }
      } catch (error) {
        // The same lines as a failed command (kb: error: …, hint: …), but the REPL goes on.
        reportError(error, io.stderr, globals.debug);
      } finally {
        turn = undefined;
      }
    }
  } finally {
    stop?.removeEventListener('abort', onStop);
    if (terminal) io.stdout.write('\n');
    rl.close();
  }
  return { stopped: stop?.aborted === true };
}

/** One question: streamed line by line on a terminal when an LLM answers, else printed whole. */
async function answer(ctx: KbContext, io: CliIo, globals: GlobalOptions, chat: ChatState, question: string, stream: boolean): Promise<void> {
  const printer = answerPrinter(io, stream);
  const result = await withWaitNotice(io.stderr, globals.quiet === true, (calls, clearNotice) => askInChat(ctx, chat, question, { ...llmOption(ctx.config, io, globals, calls), ...printer.options(clearNotice) }));
  const rest = renderQuery(result, printer.streamed());
  printLine(io.stdout, `${printer.streamed() && rest !== '' ? '\n' : ''}${rest}\n`);
}
