import { fileStem } from '../../core/file-stem.js';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { assertNotEmpty } from './decode-text.js';
import { recogniseImage } from './ocr.js';
import { ocrMarkdown } from './ocr-text.js';

/** The image types kb reads by OCR, and the bytes each starts with. */
export const IMAGE_SIGNATURES: Readonly<Record<string, { format: string; starts: readonly number[][] }>> = {
  '.png': { format: 'PNG', starts: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  '.jpg': { format: 'JPEG', starts: [[0xff, 0xd8, 0xff]] },
  '.jpeg': { format: 'JPEG', starts: [[0xff, 0xd8, 0xff]] },
  '.tif': { format: 'TIFF', starts: [[0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a]] },
  '.tiff': { format: 'TIFF', starts: [[0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a]] },
};

/**
 * A scanned page or a photo of text (PNG, JPEG, TIFF) read by tesseract (ocr.ts) in the
 * languages of config ocr.languages: its paragraphs, titled by the file name. Only runs when
 * OCR is on and tesseract is installed (`kb add` checks before, plan-batch.ts). Lost: layout,
 * columns (read in tesseract's order), tables (their cells become lines), the picture itself.
 */
export async function convertImage(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  assertNotEmpty(bytes);
  const signature = IMAGE_SIGNATURES[input.ext]!;
  if (!signature.starts.some((start) => start.every((byte, i) => bytes[i] === byte))) throw new ConversionError(`corrupt ${signature.format}: not a ${signature.format} image`);
  if (!input.ocr) throw new ConversionError('OCR is off (config ocr.enabled)');
  const markdown = ocrMarkdown(await recogniseImage(bytes, input.ocr));
  if (markdown === '') throw new ConversionError('no text in image (OCR found none)');
  return { title: fileStem(input.fileName), markdown, sections: [], metadata: {}, ocr: `tesseract, ${input.ocr.languages}` };
}
