import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { z } from 'zod';
import type { KbContext } from '../store/kb-context.js';
import type { LlmChoice } from './open-llm-engine.js';
import { ToolRefusal } from './tool-refusal.js';

// What the tools run is loaded after the server is up (and in the background at once): the
// query engine alone takes a fifth of a second to load, and the client's handshake need not wait.
const loadTools = () => import('./mcp-tools.js');
const loadQuery = () => import('./query.js');

/** What a tool call answers: text for the agent, flagged as an error when the call was refused. */
interface ToolAnswer {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  isError?: boolean;
}

export interface McpServerOptions {
  version: string;
  /** The longest text one tool result holds (config mcp.max_result_chars); longer is cut, and says so. */
  maxResultChars: number;
  /** Fires when the server should stop (the client closed its input, SIGTERM, Ctrl-C). */
  stop: AbortSignal;
  /** How `query` answers: the LLM when configured (and not --offline), else the offline engine. */
  llm?: LlmChoice;
}

/**
 * `kb mcp`: the Model Context Protocol (the official TypeScript SDK), serving the KB of `ctx`
 * to an agent over `transport` (stdio, which the CLI owns) until it closes or `stop` fires.
 * Tools read the KB each under the shared lock (mcp-tools.ts).
 */
export async function serveMcp(ctx: KbContext, transport: Transport, options: McpServerOptions): Promise<void> {
  const server = new McpServer({ name: 'kb', version: options.version }, { instructions: INSTRUCTIONS });
  const answer = (run: () => Promise<unknown>) => toolAnswer(run, options.maxResultChars, ctx);

  server.registerTool(
    'search',
    {
      title: 'Search the wiki',
      description: 'Full-text search of the wiki pages and source sections, best documents first. Each hit gives the page, its title (document › section), the section number and PDF pages when known, a snippet, and up to two more matching sections. Read a hit with read_section (its doc is the file name of its page under sources/, its section the section of the hit) or read_page.',
      inputSchema: { query: z.string().min(1).describe('words to look for'), limit: z.number().int().min(1).max(50).default(10).describe('at most this many documents') },
    },
    ({ query, limit }) => answer(async () => (await loadTools()).searchTool(ctx, query, limit)),
  );
  server.registerTool(
    'read_page',
    {
      title: 'Read a wiki page',
      description: 'A wiki page by its path inside wiki/ (sources/<doc>.md, summaries/<doc>.md, concepts/<slug>.md, index.md), frontmatter included. Long pages are cut; read_section reads one section of a long document.',
      inputSchema: { path: z.string().min(1).describe('the page, e.g. summaries/<doc>.md or wiki/concepts/<slug>.md') },
    },
    ({ path: page }) => answer(async () => (await (await loadTools()).readPageTool(ctx, page)).text),
  );
  server.registerTool(
    'read_section',
    {
      title: "Read a section of a document",
      description: "Part of a document's full text: one section by its number (the `section` search gives, 0 for the first), with its title, level and PDF pages; or by a PDF page it covers (the innermost section holding that page); or, with to_page, the sections covering PDF pages page..to_page. Says how many sections the document has.",
      inputSchema: {
        doc: z.string().min(1).describe('the document name, as search and list_documents give it'),
        section: z.number().int().min(0).optional().describe('the section number'),
        page: z.number().int().min(1).optional().describe('or: a PDF page number (the first of a range with to_page)'),
        to_page: z.number().int().min(1).optional().describe('with page: the last PDF page of a range'),
      },
    },
    ({ doc, section, page, to_page }) =>
      answer(async () => {
        if ((section === undefined) === (page === undefined)) throw new ToolRefusal('give either section or page');
        if (to_page !== undefined && page === undefined) throw new ToolRefusal('to_page needs page, the first page of the range');
        return (await loadTools()).readSectionTool(ctx, doc, section !== undefined ? { section } : { page: page!, ...(to_page !== undefined ? { toPage: to_page } : {}) });
      }),
  );
  server.registerTool(
    'list_documents',
    {
      title: 'List the documents',
      description: 'The documents in the knowledge base, in the order they were added: name, title, and their raw file, source page and summary page.',
      inputSchema: { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) },
    },
    ({ offset, limit }) => answer(async () => {
      const docs = await (await loadTools()).listDocumentsTool(ctx);
      return { total: docs.length, offset, documents: docs.slice(offset, offset + limit) };
    }),
  );

  server.registerTool(
    'query',
    {
      title: 'Answer a question from the wiki',
      description: "An answer to a question from the knowledge base, with [[citations]] of the pages and sections it used: kb's offline engine (sentences from the best passages), or the configured LLM. Nothing is saved.",
      inputSchema: { question: z.string().min(1).describe('the question') },
    },
    ({ question }) => answer(async () => (await loadQuery()).queryKnowledgeBase(ctx, question, { save: false, ...(options.llm ? { llm: options.llm } : {}) })),
  );

  server.registerTool(
    'add',
    {
      title: 'Add documents',
      description: 'Adds a file or folder on this machine (an absolute path) to the knowledge base, as `kb add` does: one journaled commit per file, in scan order. Off unless the KB owner set mcp.allow_writes: true.',
      inputSchema: { path: z.string().min(1).describe('absolute path of a file or folder to add') },
    },
    ({ path: input }) => answer(async () => (await loadTools()).addTool(ctx, input, options.llm)),
  );

  server.registerResource('index', 'kb://wiki/index.md', { title: 'The wiki index', description: 'wiki/index.md: the catalogue of documents, concepts and entities', mimeType: 'text/markdown' }, (uri) =>
    readResource(ctx, uri.href, 'index.md', options.maxResultChars),
  );
  server.registerResource(
    'page',
    new ResourceTemplate('kb://wiki/{+path}', { list: undefined }),
    { title: 'A wiki page', description: 'Any page under wiki/, as kb://wiki/<path>.md', mimeType: 'text/markdown' },
    (uri, { path: page }) => readResource(ctx, uri.href, String(page), options.maxResultChars),
  );

  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  await server.connect(transport);
  void Promise.all([loadTools(), loadQuery()]).catch(() => undefined);
  ctx.logger.info({ event: 'mcp.started' }, 'kb mcp: serving on stdio');
  const stopped = new Promise<void>((resolve) => options.stop.addEventListener('abort', () => resolve(), { once: true }));
  await Promise.race([closed, stopped]);
  await server.close();
  ctx.logger.info({ event: 'mcp.stopped' }, 'kb mcp: stopped');
}

const INSTRUCTIONS =
  'A plain-Markdown knowledge base built by kb: sources/ (each document as text), summaries/, concepts/ and entities/ pages linked with [[wikilinks]]. Search first, then read the sections or pages a hit names; cite pages by their path.';

async function toolAnswer(run: () => Promise<unknown>, max: number, ctx: KbContext): Promise<ToolAnswer> {
  try {
    const value = await run();
    const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    return { content: [{ type: 'text', text: bounded(text, max) }] };
  } catch (error) {
    if (error instanceof ToolRefusal) return { content: [{ type: 'text', text: error.message }], isError: true };
    const message = error instanceof Error ? error.message : String(error);
    ctx.logger.error({ event: 'mcp.tool_failed', err: message }, `kb mcp: a tool failed: ${message}`);
    return { content: [{ type: 'text', text: `kb could not answer: ${message}` }], isError: true };
  }
}

async function readResource(ctx: KbContext, uri: string, page: string, max: number) {
  const { text } = await (await loadTools()).readPageTool(ctx, page);
  return { contents: [{ uri, mimeType: 'text/markdown', text: bounded(text, max) }] };
}

/** Text cut to `max` characters, ending with a line that says so. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n\n[kb: cut at ${max} of ${text.length} characters (config mcp.max_result_chars); read_section reads a long document a section at a time]`;
}

