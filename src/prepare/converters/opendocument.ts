import type JSZip from 'jszip';
import { ConversionError } from './converted-document.js';
import { escapeBlockMarkup, headingText } from './markdown-escape.js';
import { markdownTable } from './markdown-table.js';
import { attributesOf, childrenOf, localName, type OrderedNode as Node } from './ordered-xml.js';
import { openZipPackage, readXmlPart } from './zip-package.js';

/**
 * What the OpenDocument readers (odt.ts, ods.ts, odp.ts) share: the package opened with jszip
 * and content.xml parsed with fast-xml-parser, the text elements (`text:h`, `text:p`,
 * `text:list`, `table:table`) as Markdown blocks, and the title from meta.xml.
 */
export interface OpenDocument {
  zip: JSZip;
  /** The children of `office:body/office:<kind>`: the document's content, in order. */
  body: Node[];
}

export async function openOpenDocument(bytes: Uint8Array, format: 'ODT' | 'ODS' | 'ODP', kind: 'text' | 'spreadsheet' | 'presentation'): Promise<OpenDocument> {
  const zip = await openZipPackage(bytes, format);
  // A password-protected package keeps its layout, but its parts are ciphertext the manifest describes.
  const manifest = zip.file('META-INF/manifest.xml');
  if (manifest && (await manifest.async('string')).includes('encryption-data')) throw new ConversionError(`encrypted ${format} (password protected)`);
  const content = await readXmlPart(zip, 'content.xml', format);
  const office = childrenNamed(content, 'document-content', 'body');
  if (!office.some((node) => localName(node) === kind)) {
    const found = office.map(localName).find((name) => name !== undefined);
    throw new ConversionError(`corrupt ${format}: ${found ? `an OpenDocument ${found}, not a ${kind}` : 'content.xml has no body'}`);
  }
  return { zip, body: childrenNamed(office, kind) };
}

/** Text elements as Markdown blocks: headings at their outline level, paragraphs, `- ` list items, tables. */
export function renderBlocks(nodes: Node[], out: string[]): void {
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
        const rows = tableRows(node);
        if (rows.length > 0) out.push(markdownTable(rows));
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
  for (const item of childrenOf(list).filter((child) => localName(child) === 'list-item' || localName(child) === 'list-header')) {
    for (const child of childrenOf(item)) {
      if (localName(child) === 'list') renderList(child, depth + 1, out);
      else {
        const text = inlineText(child);
        if (text) out.push(`${'  '.repeat(depth)}- ${text}`);
      }
    }
  }
}

/**
 * A table's non-empty rows as text cells. Spreadsheets compress runs of equal rows and cells
 * (`number-rows-repeated`, `number-columns-repeated`): a sheet's unused tail is one empty cell
 * repeated 16,000 times, so runs are expanded only up to the last cell and row holding text.
 * Merged-away cells (`covered-table-cell`) are empty. Columns empty in every row are dropped.
 */
export function tableRows(table: Node): string[][] {
  const rows: string[][] = [];
  const walk = (nodes: Node[]): void => {
    for (const node of nodes) {
      const name = localName(node);
      if (name === 'table-row') {
        const cells = rowCells(node);
        if (cells.length === 0) continue;
        const repeat = Math.max(1, Number(attributesOf(node)['table:number-rows-repeated'] ?? 1));
        for (let i = 0; i < repeat; i++) rows.push(cells);
      } else if (name === 'table-header-rows' || name === 'table-rows' || name === 'table-row-group') walk(childrenOf(node));
    }
  };
  walk(childrenOf(table));
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const used = Array.from({ length: width }, (_, i) => rows.some((row) => (row[i] ?? '') !== ''));
  return rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? '').filter((_, i) => used[i]));
}

/** A row's cells up to its last non-empty one ([] for an empty row). */
function rowCells(row: Node): string[] {
  const runs: { text: string; repeat: number }[] = [];
  for (const cell of childrenOf(row)) {
    const name = localName(cell);
    if (name !== 'table-cell' && name !== 'covered-table-cell') continue;
    const text = name === 'covered-table-cell' ? '' : childrenOf(cell).map(inlineText).filter((t) => t !== '').join(' ');
    runs.push({ text, repeat: Math.max(1, Number(attributesOf(cell)['table:number-columns-repeated'] ?? 1)) });
  }
  while (runs.length > 0 && runs[runs.length - 1]!.text === '') runs.pop();
  return runs.flatMap((run) => Array<string>(run.repeat).fill(run.text));
}

/** A paragraph's text: spans and links flattened, `text:s` spaces, tabs and breaks as spaces, notes in brackets. */
export function inlineText(node: Node): string {
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

/** meta.xml's `dc:title`, when the package has one. */
export async function metaTitle(zip: JSZip, format: string): Promise<string | undefined> {
  if (!zip.file('meta.xml')) return undefined;
  const text = inlineText({ title: childrenNamed(await readXmlPart(zip, 'meta.xml', format), 'document-meta', 'meta', 'title') });
  return text || undefined;
}

/** The children of the element reached by following `path` (local names) down from `nodes`. */
export function childrenNamed(nodes: Node[], ...path: string[]): Node[] {
  let level = nodes;
  for (const name of path) {
    const next = level.find((node) => localName(node) === name);
    if (!next) return [];
    level = childrenOf(next);
  }
  return level;
}
