import mammoth from 'mammoth';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { assertNotEmpty } from './decode-text.js';
import { docxCoreTitle } from './docx-core-title.js';
import { fileStem } from '../../core/file-stem.js';
import { firstLineOf } from './first-line-of.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { isOleFile } from './ole-file.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';

const options = {
  // Word's "Title" style is the document's title; mammoth's default map turns it into a <p>.
  styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"],
  // Images cannot go into the wiki; an empty src spares mammoth base64-encoding each one.
  convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
};

/** Word documents through mammoth's HTML, so they share the HTML converter's Markdown. */
export async function convertDocx(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  assertNotEmpty(bytes);
  if (isOleFile(bytes)) throw new ConversionError('encrypted DOCX (password protected), or an old binary .doc saved under .docx');
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) }, options));
  } catch (error) {
    throw new ConversionError(`corrupt DOCX: ${firstLineOf(error)}`);
  }
  const { markdown } = htmlToMarkdown(html);
  const sections = sectionsFromMarkdown(markdown);
  // Word keeps the title the author set in File › Properties; else the first heading names it.
  const title = (await docxCoreTitle(bytes)) ?? sections.find((s) => s.level === 1)?.title ?? fileStem(input.fileName);
  return { title, markdown, sections, metadata: {} };
}
