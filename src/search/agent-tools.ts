import { z } from 'zod';
import { WIKI_FOLDERS } from '../core/kb-paths.js';
import type { StoreReader } from '../store/store-reader.js';
import type { SectionRow } from '../model/registry.js';
import { findPassages } from './find-passages.js';
import { hasPageNumbers, pageRangeText } from './source-parts.js';
import { rebuildConvertedDocument } from '../model/rebuild-converted-document.js';

/** What the tools read: the registry and live pages (KB-relative path → text, or undefined). */
export interface AgentToolSources {
  store: StoreReader;
  readPage: (relPath: string) => string | undefined;
}

/** A tool as the chat completions API declares it. */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

const MAX_SEARCH_HITS = 10;

const searchArgs = z.object({ query: z.string().trim().min(1).max(500), limit: z.number().int().min(1).max(MAX_SEARCH_HITS).optional() }).strict();
const readPageArgs = z.object({ page: z.string().min(1).max(300) }).strict();
const readSourceArgs = z
  .object({
    doc: z.string().min(1).max(300),
    section: z.union([z.number().int().min(0), z.string().min(1).max(300)]).optional(),
    from_page: z.number().int().min(1).optional(),
    to_page: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((a) => a.section === undefined || (a.from_page === undefined && a.to_page === undefined), { message: 'give either section or from_page/to_page, not both' })
  .refine((a) => a.to_page === undefined || a.from_page !== undefined, { message: 'to_page needs from_page' })
  .refine((a) => a.from_page === undefined || a.to_page === undefined || a.to_page >= a.from_page, { message: 'to_page is before from_page' });

export const AGENT_TOOLS: readonly ToolDefinition[] = [
  {
    type: 'function',
    function: {
      name: 'search',
      description: 'Full-text search of the wiki. Returns the best passages: page (cite it as [[page]]), title, section (a source section index), pages (PDF pages), snippet with [matches].',
      parameters: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: MAX_SEARCH_HITS } }, required: ['query'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'read_page',
      description: 'The Markdown text of one wiki page, e.g. "summaries/tug-manual" or "concepts/bilge-pump" (clipped when long; use read_source for a part of a long source).',
      parameters: { type: 'object', properties: { page: { type: 'string' } }, required: ['page'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'read_source',
      description: 'Part of a source document: one section (its index from search, or its title) or a range of PDF pages. Without section or pages: the outline of its sections.',
      parameters: {
        type: 'object',
        properties: { doc: { type: 'string', description: 'document name, e.g. "tug-manual" or "sources/tug-manual"' }, section: { type: ['integer', 'string'] }, from_page: { type: 'integer', minimum: 1 }, to_page: { type: 'integer', minimum: 1 } },
        required: ['doc'],
        additionalProperties: false,
      },
    },
  },
];

/**
 * Runs one tool call as the model wrote it (name and JSON arguments) and returns the text
 * given back to it, at most `maxChars` long. A call that is wrong in any way — unknown tool,
 * arguments that are not JSON or not the schema, a path outside the wiki, a page that does
 * not exist — gets an `error: …` result the model can act on; it never throws.
 */
export function runAgentTool(sources: AgentToolSources, name: string, rawArguments: string, maxChars: number): string {
  let args: unknown;
  try {
    args = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
  } catch {
    return 'error: the arguments are not valid JSON';
  }
  try {
    switch (name) {
      case 'search':
        return clip(searchTool(sources, parseArgs(searchArgs, args)), maxChars);
      case 'read_page':
        return clip(readPageTool(sources, parseArgs(readPageArgs, args).page), maxChars);
      case 'read_source':
        return clip(readSourceTool(sources, parseArgs(readSourceArgs, args)), maxChars);
      default:
        return `error: no tool named "${name.slice(0, 80)}"; the tools are ${AGENT_TOOLS.map((t) => t.function.name).join(', ')}`;
    }
  } catch (error) {
    if (error instanceof ToolError) return `error: ${error.message}`;
    throw error;
  }
}

class ToolError extends Error {}

function parseArgs<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, args: unknown): T {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ToolError(`bad arguments (${issue?.path.join('.') || 'arguments'}: ${issue?.message ?? 'invalid'})`);
}

function searchTool(sources: AgentToolSources, args: z.infer<typeof searchArgs>): string {
  const hits = findPassages(sources.store, args.query, args.limit ?? 5).map((hit) => ({
    page: linkTarget(hit.page),
    title: hit.title,
    ...(hit.section !== null ? { section: hit.section } : {}),
    ...(hit.pageStart !== null ? { pages: [hit.pageStart, hit.pageEnd ?? hit.pageStart] } : {}),
    snippet: hit.snippet.replace(/\s+/g, ' ').trim(),
  }));
  return hits.length === 0 ? 'no match' : JSON.stringify(hits);
}

function readPageTool(sources: AgentToolSources, page: string): string {
  const target = wikiTarget(page);
  const text = sources.readPage(`wiki/${target}.md`);
  if (text === undefined) throw new ToolError(`no page ${target}; search for the right one`);
  return text;
}

function readSourceTool(sources: AgentToolSources, args: z.infer<typeof readSourceArgs>): string {
  const target = wikiTarget(args.doc.includes('/') ? args.doc : `sources/${args.doc}`);
  if (!target.startsWith('sources/')) throw new ToolError(`${target} is not a source page; give a document name such as "tug-manual"`);
  const doc = target.slice('sources/'.length);
  const page = sources.store.documents.get(doc) ? sources.readPage(`wiki/${target}.md`) : undefined;
  if (page === undefined) throw new ToolError(`no document "${doc}"`);
  const sections = sources.store.sections.ofDocument(doc);
  // The offsets are in the converted text, which the page holds with `[[` escaped.
  const markdown = rebuildConvertedDocument(page, sections).markdown;
  if (args.section !== undefined) {
    const wanted = args.section;
    const section = typeof wanted === 'number' ? sections.find((s) => s.idx === wanted) : sections.find((s) => s.title.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!section) throw new ToolError(`${doc} has no section ${JSON.stringify(wanted)}; call read_source with only doc for its outline`);
    return markdown.slice(section.start_offset, section.end_offset);
  }
  if (args.from_page !== undefined) {
    const [from, to] = [args.from_page, args.to_page ?? args.from_page];
    const range = pageRangeText(markdown, sections, from, to);
    if (!range) throw new ToolError(hasPageNumbers(sections) ? `${doc} has no pages ${from}–${to}` : `${doc} has no page numbers; read it by section`);
    return range.text;
  }
  return sections.length === 0 ? markdown : `Sections of ${doc}:\n${sections.map(outlineLine).join('\n')}`;
}

function outlineLine(section: SectionRow): string {
  const pages = section.page_start !== null ? ` (p. ${section.page_start}${section.page_end !== null && section.page_end !== section.page_start ? `–${section.page_end}` : ''})` : '';
  return `${'  '.repeat(Math.max(0, section.level - 1))}${section.idx}: ${section.title}${pages}`;
}

/**
 * A page name as a model may write it (`concepts/x`, `wiki/concepts/x.md`, `[[concepts/x]]`)
 * as a wiki link target, only inside the wiki's page folders: no `..`, no absolute paths.
 */
function wikiTarget(name: string): string {
  const target = name.trim().replace(/^\[\[|\]\]$/g, '').split(/[|#]/)[0]!.trim().replace(/^wiki\//, '').replace(/\.md$/, '');
  const [folder, file, ...rest] = target.split('/');
  const safe = rest.length === 0 && file !== undefined && (WIKI_FOLDERS as readonly string[]).includes(folder ?? '') && /^[^/\\\0]+$/.test(file) && !file.startsWith('.');
  if (!safe || target.includes('..')) throw new ToolError(`"${name.slice(0, 120)}" is not a wiki page; pages are named like sources/<doc>, summaries/<doc>, concepts/<slug>`);
  return target;
}

function linkTarget(relPath: string): string {
  return relPath.replace(/^wiki\//, '').replace(/\.md$/, '');
}

/** Cut to `maxChars` as the prompt counts it (JSON-escaped), saying so. */
export function clip(text: string, maxChars: number): string {
  const marker = '\n[…cut to fit the prompt budget]';
  if (JSON.stringify(text).length <= maxChars) return text;
  let keep = Math.max(0, maxChars - marker.length - 2);
  let out = text.slice(0, keep) + marker;
  while (keep > 0 && JSON.stringify(out).length > maxChars) {
    keep = Math.max(0, keep - Math.max(1, JSON.stringify(out).length - maxChars));
    out = text.slice(0, keep) + marker;
  }
  return out;
}
