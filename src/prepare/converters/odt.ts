import type JSZip from 'jszip';
import { fileStem } from '../../core/file-stem.js';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { escapeBlockMarkup, headingText } from './markdown-escape.js';
import { markdownTable } from './markdown-table.js';
import { attributesOf, childrenOf, localName, type OrderedNode as Node } from './ordered-xml.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';
import { openZipPackage, readXmlPart } from './zip-package.js';

/**
 * OpenDocument text (LibreOffice, `.odt`): the zip read with jszip, content.xml and meta.xml
 * with fast-xml-parser. Headings keep their outline level, paragraphs stay paragraphs, list
 * items become `- ` items, tables Markdown tables, footnotes stay where they are cited (in
 * brackets). The title is meta.xml's, else the first level-1 heading's, else the file name.
 * Lost: styles (bold, italic), images, frames' position, tracked changes, comments.
 */
export async function convertOdt(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const zip = await openZipPackage(bytes, 'ODT');
  const body = childrenNamed(await readXmlPart(zip, 'content.xml', 'ODT'), 'document-content', 'body', 'text');
  const blocks: string[] = [];
  renderBlocks(body, blocks);
  const markdown = `${blocks.join('\n\n')}\n`;
  if (markdown.trim() === '') throw new ConversionError('no text in ODT');
  const sections = sectionsFromMarkdown(markdown);
  const title = (await metaTitle(zip)) ?? sections.find((s) => s.level === 1)?.title ?? fileStem(input.fileName);
  return { title, markdown, sections, metadata: {} };
}

function renderBlocks(nodes: Node[], out: string[]): void {
  for (const node of nodes) {
    switch (localName(node)) {
      case 'h': {
        const level = Math.min(6, Math.max(1, Number(attributesOf(node)['text:outline-level'] ?? 1)));
        const text = inlineText(node);
        if (text) out.push(`${'#'.repeat(level)} ${headingText(text)}`);
        break;
      }
      case 'p': {
        const text = inlineText(node);
        if (text) out.push(escapeBlockMarkup(text));
        break;
      }
      case 'list':
        renderList(node, 0, out);
        break;
      case 'table': {
        const rows = childrenOf(node)
          .flatMap((child) => (localName(child) === 'table-header-rows' ? childrenOf(child) : [child]))
          .filter((row) => localName(row) === 'table-row')
          .map((row) => childrenOf(row).filter((cell) => localName(cell) === 'table-cell').map((cell) => childrenOf(cell).map(inlineText).join(' ').trim()));
        if (rows.some((row) => row.some((cell) => cell !== ''))) out.push(markdownTable(rows));
        break;
      }
      case 'section':
      case 'index-body':
        renderBlocks(childrenOf(node), out);
        break;
      default:
        // Declarations (variables, sequences), tracked changes, forms: no reading text.
        break;
    }
  }
}

function renderList(list: Node, depth: number, out: string[]): void {
  for (const item of childrenOf(list).filter((child) => localName(child) === 'list-item')) {
    for (const child of childrenOf(item)) {
      if (localName(child) === 'list') renderList(child, depth + 1, out);
      else {
        const text = inlineText(child);
        if (text) out.push(`${'  '.repeat(depth)}- ${text}`);
      }
    }
  }
}

/** A paragraph's text: spans and links flattened, `text:s` spaces, tabs and breaks as spaces, notes in brackets. */
function inlineText(node: Node): string {
  const pieces: string[] = [];
  const walk = (nodes: Node[]): void => {
    for (const child of nodes) {
      if (typeof child['#text'] === 'string' || typeof child['#text'] === 'number') {
        pieces.push(String(child['#text']));
        continue;
      }
      const name = localName(child);
      if (name === 's') pieces.push(' '.repeat(Number(attributesOf(child)['text:c'] ?? 1)));
      else if (name === 'tab' || name === 'line-break') pieces.push(' ');
      else if (name === 'note') pieces.push(` [${childrenOf(child).filter((c) => localName(c) === 'note-body').map((c) => childrenOf(c).map(inlineText).join(' ')).join(' ').trim()}]`);
      else if (name === 'annotation' || name === 'tracked-changes') continue;
      else walk(childrenOf(child));
    }
  };
  walk(childrenOf(node));
  return pieces.join('').replace(/\s+/g, ' ').trim();
}

async function metaTitle(zip: JSZip): Promise<string | undefined> {
  if (!zip.file('meta.xml')) return undefined;
  const text = inlineText({ title: childrenNamed(await readXmlPart(zip, 'meta.xml', 'ODT'), 'document-meta', 'meta', 'title') });
  return text || undefined;
}

/** The children of the element reached by following `path` (local names) down from `nodes`. */
function childrenNamed(nodes: Node[], ...path: string[]): Node[] {
  let level = nodes;
  for (const name of path) {
    const next = level.find((node) => localName(node) === name);
    if (!next) return [];
    level = childrenOf(next);
  }
  return level;
}
