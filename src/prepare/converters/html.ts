import type { ConvertedDocument, ConvertInput, HtmlChunkConversion } from './converted-document.js';
import { assertNotEmpty, assertTextLike, decodeText, decodeWindows1252, encodingField, startsWithBom, type DecodedText } from './decode-text.js';
import { fileStem } from '../../core/file-stem.js';
import { pageToMarkdown } from './html-chunks.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';

const CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i;

export async function convertHtml(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const decoded = decodeHtml(bytes);
  const { markdown, title } = await pageToMarkdown(decoded.text, input.htmlChunks ?? convertAllHere, input.htmlChunkChars);
  return { title: title ?? fileStem(input.fileName), markdown, sections: sectionsFromMarkdown(markdown), metadata: {}, ...encodingField(decoded) };
}

/** Without prepare's sharing (a converter called alone, as in the tests), this thread converts a long page's chunks. */
const convertAllHere: HtmlChunkConversion = async (_html, chunks, runHere) => Array.from({ length: chunks }, (_, chunk) => runHere(chunk));

/**
 * Old pages declare a legacy charset (windows-1252, Shift_JIS) and are valid in it: honour
 * a <meta> declaration in the first KB, as browsers do, before calling the bytes invalid.
 */
function decodeHtml(bytes: Uint8Array): DecodedText {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const charset = CHARSET.exec(head)?.[1]?.toLowerCase();
  if (!charset || charset === 'utf-8' || charset === 'utf8' || startsWithBom(bytes)) return decodeText(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    return decodeText(bytes);
  }
  if (decoder.encoding === 'utf-8' || decoder.encoding.startsWith('utf-16')) return decodeText(bytes);
  assertNotEmpty(bytes);
  assertTextLike(bytes);
  return { text: decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes), encoding: decoder.encoding };
}
