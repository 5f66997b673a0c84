import type { InfoResult } from 'pdf-parse';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { assertNotEmpty } from './decode-text.js';
import { fileStem } from './file-stem.js';
import { openPdf, readPage } from './pdf-open.js';
import { pdfMarkdown } from './pdf-markdown.js';
import { readOutline } from './pdf-outline.js';
import { dropPageResidue } from './pdf-page-residue.js';
import type { PageText } from './pdf-page-text.js';
import { fenceTexSource } from './tex-source-lines.js';

const INFO_FIELDS: Record<string, string> = {
  Title: 'title', Author: 'author', Subject: 'subject', Keywords: 'keywords',
  Creator: 'creator', Producer: 'producer', CreationDate: 'created', ModDate: 'modified',
};

/** Text per page through pdf-parse, bookmarks as sections with page ranges. */
export async function convertPdf(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  assertNotEmpty(bytes);
  const { parser, info, doc } = await openPdf(bytes);
  try {
    const texts: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) texts.push(await readPage(doc, n));
    const pages = dropPageResidue(texts.map((text) => text.lines)).map(fenceTexSource);
    if (!pages.some((lines) => lines.some((line) => line.trim() !== ''))) {
      throw new ConversionError('no text in PDF (scanned pages need OCR first)');
    }
    const { markdown, sections } = pdfMarkdown(pages, await readOutline(info?.outline, doc).catch(() => []));
    const metadata = info ? readMetadata(info) : {};
    // Without a usable Title field, the largest type on the first page with text is the title.
    const title = usableTitle(metadata.title) ?? texts.find((text) => text.largest)?.largest?.slice(0, 200) ?? fileStem(input.fileName);
    return { title, markdown, sections, pages: doc.numPages, metadata };
  } finally {
    await parser.destroy();
  }
}

function readMetadata(result: InfoResult): Record<string, string> {
  const metadata: Record<string, string> = {};
  // The Info dictionary's dates as pdf-parse reads them (PDF date strings, D:2024…).
  const dates = result.getDateNode();
  for (const [field, key] of Object.entries(INFO_FIELDS)) {
    const value: unknown = (result.info as Record<string, unknown> | undefined)?.[field];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const date = key === 'created' ? dates.CreationDate : key === 'modified' ? dates.ModDate : null;
    metadata[key] = date ? date.toISOString() : value.trim();
  }
  const xmpTitle = result.metadata?.get('dc:title');
  if (!metadata.title && typeof xmpTitle === 'string' && xmpTitle.trim()) metadata.title = xmpTitle.trim();
  // Word's PDF export titles documents after the .doc they came from.
  if (metadata.title) metadata.title = metadata.title.replace(/^Microsoft Word - /, '');
  return metadata;
}

// TeX and print drivers often fill Title with the name of the file they were fed.
function usableTitle(title: string | undefined): string | undefined {
  const trimmed = title?.trim();
  return trimmed && !/\.(?:dvi|tex|ps|pdf|docx?|odt|rtf|txt|indd|qxd)$/i.test(trimmed) ? trimmed : undefined;
}
