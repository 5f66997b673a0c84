import type { HtmlChunk, HtmlChunkConversion } from './converted-document.js';
import { dropNonContent, isDroppedElement } from './html-never-content.js';
import { contentRoot, htmlToMarkdown, pageTitleOf, parseHtml, specificTitle, turndownElement, type HtmlMarkdown } from './html-to-markdown.js';

/**
 * A long HTML page converted in chunks of its top-level sections, so that prepare workers can
 * share the conversion (issue 19). The chunks' Markdown joined is what converting the page
 * whole gives, byte for byte (test/html-chunks.test.ts); whatever converts which chunk, the
 * cut points depend on the page alone.
 *
 * Why a cut cannot change the Markdown: cuts fall only between the children of the element
 * that holds the sections (the content root, or the one wrapper it holds, as DocBook's
 * div.book), and only before a heading, div, section or article that is kept. Such an element
 * is a block whose Markdown starts with a blank line, so turndown joins it to what comes before
 * with exactly one blank line, and its whitespace collapsing starts afresh there; lists, tables
 * and code blocks never span a cut. A chunk is converted in a copy of the elements above it
 * (same names and attributes, so "inside an <article>" is judged alike), and ends in a block
 * marker paragraph where the next chunk's first block would be, so that its last text is
 * trimmed as before that block, and turndown's final trim, which a cut would add, only reaches
 * the marker.
 */

/** About this many characters of HTML per chunk: a few dozen chunks for a page of several MB. */
export const HTML_CHUNK_CHARS = 192 * 1024;
/**
 * A page of fewer chunks (4.7M characters) is converted whole: a helper parses the whole page
 * too, in a thread whose JIT is cold for it, and two heaps collect a big DOM (30-45% more CPU in
 * all). Measured with `npm run bench -- --only=html` on 2 cores with the host quiet, before the
 * conversion got cheaper, the conversion took 0.72x the time of one worker's at 1.7 MB and 1.23x
 * less at 7.1 MB; this is about where the two meet. Since, 2 cores do not share a page at all
 * (share-work.ts hasSpareCore); the chunks are still cut, and converted by one worker.
 */
const SPLIT_MIN_CHUNKS = 24;
export const HTML_SPLIT_MIN_CHARS = SPLIT_MIN_CHUNKS * HTML_CHUNK_CHARS;

const MARKER = '\uE002';
const CUT_BEFORE = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'DIV', 'SECTION', 'ARTICLE']);
const WRAPPERS = new Set(['DIV', 'SECTION', 'ARTICLE']);

/**
 * The Markdown and title of a page (htmlToMarkdown's), a long page's in chunks that `convert`
 * may share out: the same chunks and the same join whoever converts them. The number of chunks
 * follows from the page's length alone, so that help can be asked for before the page is parsed
 * (a helper parses it too, meanwhile); chunks past the page's last cut are empty. `chunkChars`
 * is for the tests, which cut before every element a cut may fall before.
 */
export async function pageToMarkdown(html: string, convert: HtmlChunkConversion, chunkChars = HTML_CHUNK_CHARS): Promise<HtmlMarkdown> {
  const chunks = htmlChunkCount(html.length, chunkChars);
  if (chunks === 0) return htmlToMarkdown(html);
  let page: PageInChunks | undefined;
  const results = await convert(html, chunks, (chunk) => convertPageChunk((page ??= openPageInChunks(html, chunkChars)), chunk));
  const markdown = results.map((chunk) => chunk.markdown).filter((text) => text !== '').join('\n\n').trim();
  const h1 = results.find((chunk) => chunk.h1 !== undefined)?.h1;
  return { markdown, title: specificTitle(results[0]?.pageTitle ?? '', h1 ?? '') };
}

/** How many chunks a page of `length` characters is converted in; 0 when it is converted whole. */
export function htmlChunkCount(length: number, chunkChars = HTML_CHUNK_CHARS): number {
  const chunks = Math.ceil(length / chunkChars);
  return chunks >= SPLIT_MIN_CHUNKS ? chunks : 0;
}

/** A parsed page and its cuts, which each chunk's conversion takes apart. */
export interface PageInChunks {
  document: Document;
  pageTitle: string;
  /** Undefined when the page has no cut: its chunk 0 is the whole page. */
  plan: HtmlChunkPlan | undefined;
}

export function openPageInChunks(html: string, chunkChars = HTML_CHUNK_CHARS): PageInChunks {
  const document = parseHtml(html);
  // Before the chunks take the page apart (a <title> may sit in an <svg> the chunks drop).
  const pageTitle = pageTitleOf(document);
  return { document, pageTitle, plan: planHtmlChunks(document, htmlChunkCount(html.length, chunkChars)) };
}

/** Chunk `chunk` of the page: its sections' Markdown, and on chunk 0 the page's <title>. */
export function convertPageChunk(page: PageInChunks, chunk: number): HtmlChunk {
  const title = chunk === 0 ? { pageTitle: page.pageTitle } : {};
  if (page.plan) return { ...convertHtmlChunk(page.plan, chunk), ...title };
  if (chunk > 0) return { markdown: '', h1: undefined };
  const root = contentRoot(page.document);
  const h1 = dropNonContent(root);
  return { markdown: turndownElement(root), h1, ...title };
}

export interface HtmlChunkPlan {
  /** The content root, then each sole wrapper down to the element whose children are cut. */
  chain: Element[];
  /** That element's child nodes, in order; each chunk's let go once it is converted. */
  children: Array<ChildNode | undefined>;
  /** Where each chunk starts in `children`: 0, then each cut. */
  starts: number[];
}

/**
 * At most `wanted` chunks of a parsed page, or undefined when its sections are not children of
 * one element (then it is converted whole).
 */
export function planHtmlChunks(document: Document, wanted: number): HtmlChunkPlan | undefined {
  if (wanted < 2) return undefined;
  const chain = [contentRoot(document)];
  for (let inner = soleWrapper(chain.at(-1)!); inner; inner = soleWrapper(inner)) chain.push(inner);
  const children: ChildNode[] = [];
  for (let node = chain.at(-1)!.firstChild; node; node = node.nextSibling) children.push(node);
  // By count of children, not size: measuring each section's size would walk the whole tree.
  const step = children.length / wanted;
  const starts = [0];
  for (let i = 1; i < children.length; i++) if (i - starts.at(-1)! >= step && isCut(children[i]!)) starts.push(i);
  return starts.length > 1 ? { chain, children, starts } : undefined;
}

/** Converts chunk `chunk` of the plan (empty past its last cut). Moves that chunk's nodes out of the page: each chunk once. */
function convertHtmlChunk(plan: HtmlChunkPlan, chunk: number): HtmlChunk {
  if (chunk >= plan.starts.length) return { markdown: '', h1: undefined };
  const document = plan.chain[0]!.ownerDocument;
  const copies = plan.chain.map((element) => element.cloneNode(false) as Element);
  copies.reduce((outer, inner) => (outer.appendChild(inner), inner));
  const holder = copies.at(-1)!;
  const end = plan.starts[chunk + 1] ?? plan.children.length;
  for (let i = plan.starts[chunk]!; i < end; i++) {
    holder.appendChild(plan.children[i]!);
    // Nothing else holds a converted chunk's nodes: the page's DOM shrinks as its chunks are done.
    plan.children[i] = undefined;
  }
  const h1 = dropNonContent(copies[0]!);
  holder.appendChild(document.createElement('p')).textContent = MARKER;
  const marked = turndownElement(copies[0]!);
  // turndown joins the marker with exactly one blank line and trims nothing of the chunk but its
  // leading newlines. A page's own U+E002 never ends a chunk: the marker comes after it.
  const markdown = marked === MARKER ? '' : marked.slice(0, -MARKER.length - 2);
  if (marked !== MARKER && !marked.endsWith(`\n\n${MARKER}`)) throw new Error('an HTML chunk lost its end marker');
  return { markdown, h1 };
}

function isCut(node: ChildNode): boolean {
  return node.nodeType === 1 && CUT_BEFORE.has((node as Element).tagName) && !isDroppedElement(node as Element);
}

/** The one child element that holds all the content of `element`, when it is a plain wrapper. */
function soleWrapper(element: Element): Element | undefined {
  let sole: Element | undefined;
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 3 || node.nodeType === 4) {
      if (/[^ \t\r\n]/.test((node as CharacterData).data)) return undefined;
    } else if (node.nodeType === 1 && !isDroppedElement(node as Element)) {
      if (sole) return undefined;
      sole = node as Element;
    }
  }
  return sole && WRAPPERS.has(sole.tagName) ? sole : undefined;
}
