import path from 'node:path';
import type JSZip from 'jszip';
import { fileStem } from '../../core/file-stem.js';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { escapeBlockMarkup } from './markdown-escape.js';
import { markdownTable } from './markdown-table.js';
import { isOleFile } from './ole-file.js';
import { attributesOf, childrenOf, localName, type OrderedNode as Node } from './ordered-xml.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';
import { slideSection } from './slide-section.js';
import { openZipPackage, readXmlPart } from './zip-package.js';

/**
 * PowerPoint decks: the zip read with jszip, each part with fast-xml-parser. One section per
 * slide (slide-section.ts), in the deck's order (presentation.xml's slide list), headed `Slide N: <title>` (the
 * title placeholder's text), holding the text of every other shape in the order the slide
 * lists them (a table as a Markdown table), and the speaker notes as a `Speaker notes` subsection. The deck's title
 * is its core properties' title, else the first slide's.
 *
 * Lost: layout, images, charts and SmartArt text, animations, text of the slide master and
 * layouts (footers, placeholders' prompt text), hidden-slide marks (hidden slides are kept).
 */
export async function convertPptx(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  if (isOleFile(bytes)) throw new ConversionError('encrypted PPTX (password protected), or an old binary .ppt saved under .pptx');
  const zip = await openZipPackage(bytes, 'PPTX');
  const slides = await slideParts(zip);
  const parts: string[] = [];
  let firstTitle: string | undefined;
  for (const [index, slidePath] of slides.entries()) {
    const slide = shapesText(await readXmlPart(zip, slidePath, 'PPTX'));
    const notesPath = await relatedPart(zip, slidePath, 'notesSlide');
    const notesText = notesPath ? notesBody(await readXmlPart(zip, notesPath, 'PPTX')) : [];
    const section = slideSection(index + 1, slide.title, slide.body, notesText.map(escapeBlockMarkup));
    if (section === undefined) continue;
    firstTitle ??= slide.title;
    parts.push(section);
  }
  if (parts.length === 0) throw new ConversionError('no text in PPTX (its slides hold no text)');
  const markdown = `${parts.join('\n\n')}\n`;
  const title = (await coreTitle(zip)) ?? firstTitle ?? fileStem(input.fileName);
  return { title, markdown, sections: sectionsFromMarkdown(markdown), metadata: { slides: String(slides.length) } };
}

/** Zip paths of the slides, in the deck's order. */
async function slideParts(zip: JSZip): Promise<string[]> {
  const presentation = await readXmlPart(zip, 'ppt/presentation.xml', 'PPTX');
  const ids = descendants(presentation, 'sldId').map((node) => String(attributesOf(node)['r:id'] ?? ''));
  const targets = await relationships(zip, 'ppt/presentation.xml');
  return ids.flatMap((id) => (targets.get(id) ? [targets.get(id)!.target] : []));
}

/** A part's relationships: id → target (a zip path) and type. */
async function relationships(zip: JSZip, part: string): Promise<Map<string, { target: string; type: string }>> {
  const relsPath = path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);
  if (!zip.file(relsPath)) return new Map();
  const rels = descendants(await readXmlPart(zip, relsPath, 'PPTX'), 'Relationship').map(attributesOf);
  return new Map(rels.map((r) => [String(r.Id), { target: path.posix.normalize(path.posix.join(path.posix.dirname(part), String(r.Target))), type: String(r.Type) }]));
}

async function relatedPart(zip: JSZip, part: string, type: string): Promise<string | undefined> {
  for (const rel of (await relationships(zip, part)).values()) if (rel.type.endsWith(`/${type}`) && zip.file(rel.target)) return rel.target;
  return undefined;
}

async function coreTitle(zip: JSZip): Promise<string | undefined> {
  if (!zip.file('docProps/core.xml')) return undefined;
  const title = descendants(await readXmlPart(zip, 'docProps/core.xml', 'PPTX'), 'title').map(textOf).join('').replace(/\s+/g, ' ').trim();
  return title || undefined;
}

/** A slide's title (its title placeholders' text) and the paragraphs of everything else. */
function shapesText(slide: Node[]): { title: string | undefined; body: string[] } {
  const titles: string[] = [];
  const body: string[] = [];
  for (const shape of descendants(slide, 'sp', 'graphicFrame')) {
    const [table] = descendants([shape], 'tbl');
    if (table) {
      const rows = descendants([table], 'tr').map((row) => descendants([row], 'tc').map((cell) => descendants([cell], 'p').map(paragraphText).join(' ').trim()));
      if (rows.some((row) => row.some((cell) => cell !== ''))) body.push(markdownTable(rows));
      continue;
    }
    const paragraphs = descendants([shape], 'p').map(paragraphText).filter((p) => p !== '');
    if (TITLE_PLACEHOLDERS.has(placeholderType(shape))) titles.push(...paragraphs);
    else body.push(...paragraphs.map(escapeBlockMarkup));
  }
  return { title: titles.length > 0 ? titles.join(' ') : undefined, body };
}

const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);

/** The notes page's body placeholder: the speaker notes (not the slide picture or number). */
function notesBody(notes: Node[]): string[] {
  return descendants(notes, 'sp')
    .filter((shape) => placeholderType(shape) === 'body')
    .flatMap((shape) => descendants([shape], 'p').map(paragraphText))
    .filter((p) => p !== '');
}

function placeholderType(shape: Node): string {
  const [ph] = descendants([shape], 'ph');
  return ph ? String(attributesOf(ph).type ?? 'body') : '';
}

/** A paragraph's runs, fields and line breaks as one line of text. */
function paragraphText(paragraph: Node): string {
  const pieces: string[] = [];
  const walk = (nodes: Node[]): void => {
    for (const node of nodes) {
      const name = localName(node);
      if (name === 't') pieces.push(textOf(node));
      else if (name === 'br') pieces.push(' ');
      else if (name) walk(childrenOf(node));
    }
  };
  walk(childrenOf(paragraph));
  return pieces.join('').replace(/\s+/g, ' ').trim();
}

function textOf(node: Node): string {
  return childrenOf(node)
    .map((child) => (typeof child['#text'] === 'string' || typeof child['#text'] === 'number' ? String(child['#text']) : textOf(child)))
    .join('');
}

/** Nodes named one of `names` under `nodes`, in document order; a match is not searched further. */
function descendants(nodes: Node[], ...names: string[]): Node[] {
  const found: Node[] = [];
  const walk = (list: Node[]): void => {
    for (const node of list) {
      const name = localName(node);
      if (name && names.includes(name)) found.push(node);
      else if (name) walk(childrenOf(node));
    }
  };
  walk(nodes);
  return found;
}
