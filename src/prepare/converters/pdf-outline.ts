import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { readUtf16 } from './pdfium.js';

export interface OutlineEntry {
  title: string;
  /** 1 = top level of the outline. */
  level: number;
  /** 1-based page the bookmark points at. */
  page: number;
}

/** PDFACTION_GOTO (fpdf_doc.h): a bookmark whose action goes to a place in this document. */
const GOTO_ACTION = 1;
/** Bookmarks read at most: a damaged outline can loop, and no real one comes near. */
const MAX_BOOKMARKS = 100_000;

/**
 * The bookmarks that point at a page of this document, depth first (document order in
 * practically every PDF), with their pages. A bookmark points by a destination, direct or
 * named, or by a go-to action; links to URLs or to nowhere are skipped, their children kept.
 */
export function readPdfiumOutline(module: WrappedPdfiumModule, doc: number): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  const pageCount = module.FPDF_GetPageCount(doc);
  const seen = new Set<number>();
  const walk = (first: number, level: number): void => {
    for (let bookmark = first; bookmark !== 0 && !seen.has(bookmark) && seen.size < MAX_BOOKMARKS; bookmark = module.FPDFBookmark_GetNextSibling(doc, bookmark)) {
      seen.add(bookmark);
      const title = readUtf16(module, (buffer, size) => module.FPDFBookmark_GetTitle(bookmark, buffer, size)).replace(/\s+/g, ' ').trim();
      const page = bookmarkPage(module, doc, bookmark);
      if (title && page !== undefined && page < pageCount) entries.push({ title, level, page: page + 1 });
      walk(module.FPDFBookmark_GetFirstChild(doc, bookmark), level + 1);
    }
  };
  walk(module.FPDFBookmark_GetFirstChild(doc, 0), 1);
  // A stable sort keeps the outline's order among bookmarks of one page.
  return entries.sort((a, b) => a.page - b.page);
}

/** The 0-based page a bookmark goes to, if it goes to one in this document. */
function bookmarkPage(module: WrappedPdfiumModule, doc: number, bookmark: number): number | undefined {
  let dest = module.FPDFBookmark_GetDest(doc, bookmark);
  if (dest === 0) {
    const action = module.FPDFBookmark_GetAction(bookmark);
    if (action !== 0 && module.FPDFAction_GetType(action) === GOTO_ACTION) dest = module.FPDFAction_GetDest(doc, action);
  }
  if (dest === 0) return undefined;
  const index = module.FPDFDest_GetDestPageIndex(doc, dest);
  return index >= 0 ? index : undefined;
}
