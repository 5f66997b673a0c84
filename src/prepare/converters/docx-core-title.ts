import { createDocument } from '@mixmark-io/domino';
import JSZip from 'jszip';

const CORE_PART = 'docProps/core.xml';

/**
 * The title in a Word file's core properties (docProps/core.xml, `dc:title`), or undefined.
 * mammoth reads the document body only, so the part is read here with jszip (the zip reader
 * mammoth itself uses) and domino (which decodes its character references); any damage means
 * no title, never a failed conversion (mammoth judges the file).
 */
export async function docxCoreTitle(bytes: Uint8Array): Promise<string | undefined> {
  try {
    const xml = await (await JSZip.loadAsync(bytes)).file(CORE_PART)?.async('string');
    if (!xml) return undefined;
    const title = createDocument(xml).getElementsByTagName('dc:title')[0]?.textContent ?? '';
    return title.replace(/\s+/g, ' ').trim() || undefined;
  } catch {
    return undefined;
  }
}
