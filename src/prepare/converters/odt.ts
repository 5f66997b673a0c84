import { fileStem } from '../../core/file-stem.js';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { metaTitle, openOpenDocument, renderBlocks } from './opendocument.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';

/**
 * OpenDocument text (LibreOffice, `.odt`), read through opendocument.ts: headings keep their
 * outline level, paragraphs stay paragraphs, list items become `- ` items, tables Markdown
 * tables, footnotes stay where they are cited (in brackets). The title is meta.xml's, else the
 * first level-1 heading's, else the file name.
 * Lost: styles (bold, italic), images, frames' position, tracked changes, comments.
 */
export async function convertOdt(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const { zip, body } = await openOpenDocument(bytes, 'ODT', 'text');
  const blocks: string[] = [];
  renderBlocks(body, blocks);
  const markdown = `${blocks.join('\n\n')}\n`;
  if (markdown.trim() === '') throw new ConversionError('no text in ODT');
  const sections = sectionsFromMarkdown(markdown);
  const title = (await metaTitle(zip, 'ODT')) ?? sections.find((s) => s.level === 1)?.title ?? fileStem(input.fileName);
  return { title, markdown, sections, metadata: {} };
}
