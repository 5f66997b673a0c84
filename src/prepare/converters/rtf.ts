import { fileStem } from '../../core/file-stem.js';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { assertNotEmpty } from './decode-text.js';
import { escapeBlockMarkup, headingText } from './markdown-escape.js';
import { markdownTable } from './markdown-table.js';
import { readRtf, type RtfBlock } from './rtf-blocks.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';

/**
 * Rich Text Format (`.rtf`: Word, WordPad, TextEdit), read through rtf-blocks.ts: headings
 * where the document gives an outline level or a heading style, paragraphs, list items as
 * `- ` items, tables as Markdown tables, footnotes in brackets where they are cited; characters
 * from `\uN` and from the document's or the font's code page. The title is `\info`'s, else the
 * first level-1 heading's, else the file name.
 * Lost: character formatting (bold, italic, fonts, colours), pictures and embedded objects,
 * headers and footers, fields' instructions (a link keeps its text, not its address), comments.
 * RTF has no encryption, so there is no "encrypted" outcome.
 */
export async function convertRtf(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  assertNotEmpty(bytes);
  // Every RTF file opens its one group with \rtf; anything else is another format under .rtf.
  if (!/^\s*\{\\rtf/.test(new TextDecoder('latin1').decode(bytes.subarray(0, 64)))) throw new ConversionError('corrupt RTF: it does not start with "{\\rtf"');
  const { blocks, title } = await readRtf(bytes);
  const markdown = `${blocks.map(renderBlock).join('\n\n')}\n`;
  if (markdown.trim() === '') throw new ConversionError('no text in RTF');
  const sections = sectionsFromMarkdown(markdown);
  return { title: title ?? sections.find((s) => s.level === 1)?.title ?? fileStem(input.fileName), markdown, sections, metadata: {} };
}

function renderBlock(block: RtfBlock): string {
  if (block.kind === 'table') return markdownTable(block.rows);
  if (block.heading) return `${'#'.repeat(block.heading)} ${headingText(block.text)}`;
  if (block.listDepth !== undefined) return `${'  '.repeat(block.listDepth)}- ${block.text}`;
  return escapeBlockMarkup(block.text);
}
