import { ConversionError, type ConvertedDocument, type ConvertInput, type PdfPageReading } from './converted-document.js';
import { assertNotEmpty } from './decode-text.js';
import { fileStem } from '../../core/file-stem.js';
import { openPdf, type OpenPdf } from './pdf-open.js';
import { pdfMarkdown } from './pdf-markdown.js';
import { pdfDate, xmpDcTitle } from './pdf-metadata.js';
import { recogniseScannedPages } from './pdf-ocr.js';
import { dropPageResidue } from './pdf-page-residue.js';
import { linesWithHeadings, type PageText } from './pdf-page-text.js';
import { fenceTexSource } from './tex-source-lines.js';

const INFO_FIELDS: Record<string, string> = {
  Title: 'title', Author: 'author', Subject: 'subject', Keywords: 'keywords',
  Creator: 'creator', Producer: 'producer', CreationDate: 'created', ModDate: 'modified',
};

/** Text per page through PDFium, bookmarks as sections with page ranges. */
export async function convertPdf(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  assertNotEmpty(bytes);
  const pdf = await openPdf(bytes);
  try {
    const readHere = async (first: number, last: number) => readPages(pdf, first, last);
    const read = await (input.pdfPages ?? readAllHere)(pdf.pageCount, readHere);
    const { texts, recognised, notRead } = await recogniseScannedPages(pdf, read, bytes, input);
    const pages = dropPageResidue(texts.map(linesWithHeadings)).map(fenceTexSource);
    if (!pages.some((lines) => lines.some((line) => line.trim() !== ''))) {
      throw new ConversionError(notRead ? `no text in PDF (scanned pages; ${notRead})` : recognised.length > 0 ? 'no text in PDF (OCR found none on its scanned pages)' : 'no text in PDF');
    }
    const outline = pdf.outline();
    const { markdown, sections } = pdfMarkdown(pages, outline);
    const metadata = readMetadata(pdf, bytes);
    // Without a usable Title field, a bookmark that holds all others names the document; else
    // the largest type on the first page with text does.
    const roots = outline.filter((entry) => entry.level === 1);
    const outlineRoot = roots.length === 1 && outline.length > 1 ? usableTitle(roots[0]!.title) : undefined;
    // A scanned first page has no type sizes to tell its title by (OCR gives lines only).
    const firstWithText = texts.findIndex((text) => text.lines.some((line) => line.trim() !== ''));
    const firstPage = recognised.includes(firstWithText + 1) ? undefined : texts.find((text) => text.largest);
    const own = usableTitle(metadata.title) ?? outlineRoot ?? titleFromFirstPage(firstPage);
    const title = own && firstPage ? withIssue(own, firstPage.lines) : own ?? fileStem(input.fileName);
    const ocr = recognised.length > 0 ? { ocr: `${pageList(recognised)} (tesseract, ${input.ocr!.languages})` } : {};
    return { title, markdown, sections, pages: pdf.pageCount, metadata, ...ocr };
  } finally {
    pdf.close();
  }
}

/** `page 3`, `pages 1-4, 7`: the pages OCR read, as the source page's metadata says. */
function pageList(pages: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    runs.push(i === j ? String(pages[i]) : `${pages[i]}-${pages[j]}`);
    i = j;
  }
  return `${pages.length === 1 ? 'page' : 'pages'} ${runs.join(', ')}`;
}

const readAllHere: PdfPageReading = (pageCount, readHere) => readHere(1, pageCount);

/** Pages `first` to `last` (1-based, inclusive) of an open PDF, in order. */
export function readPages(pdf: OpenPdf, first: number, last: number): PageText[] {
  const texts: PageText[] = [];
  for (let n = first; n <= last; n++) texts.push(pdf.readPage(n));
  return texts;
}

function readMetadata(pdf: OpenPdf, bytes: Uint8Array): Record<string, string> {
  const metadata: Record<string, string> = {};
  const info = pdf.info(Object.keys(INFO_FIELDS));
  for (const [field, key] of Object.entries(INFO_FIELDS)) {
    const value = info[field];
    if (value === undefined) continue;
    const date = key === 'created' || key === 'modified' ? pdfDate(value) : undefined;
    metadata[key] = date ? date.toISOString() : value;
  }
  // What tools fill Author with when nobody set it ("user", "Administrator") names no one.
  if (metadata.author !== undefined && (PLACEHOLDER_AUTHOR.test(metadata.author) || LOGIN_NAME.test(metadata.author))) delete metadata.author;
  const xmpTitle = metadata.title ? undefined : xmpDcTitle(bytes);
  if (xmpTitle) metadata.title = xmpTitle;
  // Word's PDF export titles documents after the .doc they came from.
  if (metadata.title) metadata.title = metadata.title.replace(/^Microsoft Word - /, '');
  return metadata;
}

const PLACEHOLDER_AUTHOR = /^(?:user|owner|admin(?:istrator)?|unknown|author|default|microsoft office user|windows user)$/i;
// A login name of a few lower-case letters ("pc", "jd") names no one either; "Sam" or "Wu" does.
const LOGIN_NAME = /^[a-z]{1,3}$/;

// TeX and print drivers often fill Title with the name of the file they were fed.
function usableTitle(title: string | undefined): string | undefined {
  const trimmed = title?.trim();
  return trimmed && !/\.(?:dvi|tex|ps|pdf|docx?|odt|rtf|txt|indd|qxd)$/i.test(trimmed) ? trimmed : undefined;
}

// A source listing's first line (`% $Id: modes.mf,v 1.29 …`) is set large but names nothing.
const CODE_LIKE = /^(?:%|#|\/\/|\\)|\$Id\b/;
// "Issue 16, December 2003", "Vol. 3, No. 2", "No. 7": what tells issues of a series apart.
const ISSUE_LINE = /^(?:issues?|vol(?:ume)?\.?|no\.|number)\s*\d+\b.{0,40}$/i;

/** The largest type on the first page with text, without footnote marks ("The pspicture package∗"). */
function titleFromFirstPage(page: PageText | undefined): string | undefined {
  const largest = page?.largest?.replace(/[∗*†‡§¶]+$/u, '').trim().slice(0, 200);
  return largest && !CODE_LIKE.test(largest) ? largest : undefined;
}

/**
 * A short series title ("LATEX News") takes the issue line set under it on the first page,
 * so that issues are told apart: "LATEX News, Issue 16, December 2003".
 */
function withIssue(title: string, lines: readonly string[]): string {
  if (title.split(/\s+/).length > 4) return title;
  const key = title.toLowerCase();
  // The title line may carry the issue itself: "LATEX News, Issues 1–36".
  const carrying = lines.find((line) => line.trim().toLowerCase().startsWith(`${key}, `) && ISSUE_LINE.test(line.trim().slice(key.length + 2)));
  if (carrying) return carrying.trim();
  const at = lines.findIndex((line) => line.trim().toLowerCase() === key);
  const next = at === -1 ? undefined : lines[at + 1]?.trim();
  return next && ISSUE_LINE.test(next) ? `${title}, ${next}` : title;
}
