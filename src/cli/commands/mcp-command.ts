import type { Readable, Writable } from 'node:stream';
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
      const [{ serveMcp }, { StdioServerTransport }] = await Promise.all([import('../../commands/mcp-server.js'), import('@modelcontextprotocol/sdk/server/stdio.js')]);
      // stdout belongs to the protocol: kb's own messages go to stderr and .kb/logs only.
      const input = (io.stdin ?? process.stdin) as Readable;
      const transport = new StdioServerTransport(input, io.stdout as Writable);
      // The client closing its end of stdin ends the session, as SIGTERM and Ctrl-C do.
      const clientGone = new AbortController();
      input.once('end', () => clientGone.abort());
      const stop = stopOnSigterm(AbortSignal.any([clientGone.signal, ...(io.signal ? [io.signal] : [])]));
      try {
        await withContext(io, { ...globals(), json: false }, 'mcp', (ctx) => serveMcp(ctx, transport, { version, maxResultChars: ctx.config.mcp.max_result_chars, stop: stop.signal, ...llmOption(ctx.config, io, globals()) }), 'read');
      } finally {
        stop.dispose();
      }
    });
}
