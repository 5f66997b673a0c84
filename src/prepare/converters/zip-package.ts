import JSZip from 'jszip';
import { ConversionError } from './converted-document.js';
import { assertNotEmpty } from './decode-text.js';
import { firstLineOf } from './first-line-of.js';
import { parseOrderedXml, type OrderedNode } from './ordered-xml.js';

/**
 * The zip packages behind EPUB, PPTX and ODT, opened with jszip. Every failure to read one is
 * the file's problem, reported in one line naming the format (`corrupt EPUB: …`).
 */
export async function openZipPackage(bytes: Uint8Array, format: string): Promise<JSZip> {
  assertNotEmpty(bytes);
  try {
    return await JSZip.loadAsync(bytes);
  } catch (error) {
    throw new ConversionError(`corrupt ${format}: ${firstLineOf(error)}`);
  }
}

/** A part's text; a part the package names but lacks makes the file corrupt. Hrefs may be URL-encoded (EPUB). */
export async function readZipPart(zip: JSZip, name: string, format: string): Promise<string> {
  const file = zip.file(name) ?? zip.file(decodeURIComponent(name));
  if (!file) throw new ConversionError(`corrupt ${format}: missing ${name}`);
  return file.async('string');
}

/** A part parsed as ordered XML (ordered-xml.ts); XML that does not parse makes the file corrupt. */
export async function readXmlPart(zip: JSZip, name: string, format: string): Promise<OrderedNode[]> {
  const text = await readZipPart(zip, name, format);
  try {
    return parseOrderedXml(text);
  } catch (error) {
    throw new ConversionError(`corrupt ${format}: ${name}: ${firstLineOf(error)}`);
  }
}
