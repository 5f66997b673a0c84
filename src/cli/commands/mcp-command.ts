import type { Command } from 'commander';
import type { CliIo, GlobalOptions } from '../cli-io.js';
import { withContext } from '../open-context.js';
import { stopOnSigterm } from '../stop-on-sigterm.js';
import { llmOption } from './add-command.js';

export function registerMcp(program: Command, io: CliIo, globals: () => GlobalOptions, version: string): void {
  program
    .command('mcp')
    .description('serve the knowledge base to AI agents over the Model Context Protocol (stdio): search, read pages and sections, list documents, answer questions')
    .action(async () => {
      // Loaded on use: the SDK need not slow every other command's start.
      const { serveMcp } = await import('../../commands/mcp-server.js');
      // stdout belongs to the protocol: kb's own messages go to stderr and .kb/logs only.
      const stop = stopOnSigterm(io.signal);
      try {
        await withContext(io, { ...globals(), json: false }, 'mcp', (ctx) => serveMcp(ctx, { version, maxResultChars: ctx.config.mcp.max_result_chars, stop: stop.signal, ...llmOption(ctx.config, io, globals()) }), 'read');
      } finally {
        stop.dispose();
      }
    });
}
