import type { OutlineNode } from 'pdf-parse';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';

export interface OutlineEntry {
  title: string;
  /** 1 = top level of the outline. */
  level: number;
  /** 1-based page the bookmark points at. */
  page: number;
}

/**
 * The bookmarks (pdf-parse's getInfo outline) that point at a page of this document, depth
 * first (document order in practically every PDF), with their pages: pdf-parse gives only
 * destinations, which the document resolves. Links to URLs or to nowhere are skipped, their
 * children kept.
 */
export async function readOutline(outline: readonly OutlineNode[] | null | undefined, doc: PDFDocumentProxy): Promise<OutlineEntry[]> {
  const entries: OutlineEntry[] = [];
  const walk = async (items: readonly OutlineNode[] | null | undefined, level: number): Promise<void> => {
    for (const item of items ?? []) {
      const title = item.title.replace(/\s+/g, ' ').trim();
      const page = await destinationPage(doc, item.dest);
      if (title && page !== undefined) entries.push({ title, level, page });
      if (item.items.length > 0) await walk(item.items as OutlineNode[], level + 1);
    }
  };
  await walk(outline, 1);
  // A stable sort keeps the outline's order among bookmarks of one page.
  return entries.sort((a, b) => a.page - b.page);
}

async function destinationPage(doc: PDFDocumentProxy, dest: OutlineNode['dest']): Promise<number | undefined> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    const target: unknown = (explicit as unknown[] | null)?.[0];
    // Most writers point at a page object; a few give a 0-based page number instead.
    const index = typeof target === 'number' ? target : isRef(target) ? await doc.getPageIndex(target) : undefined;
    return index !== undefined && index >= 0 && index < doc.numPages ? index + 1 : undefined;
  } catch {
    // A dangling destination is the PDF's problem; the bookmark is simply not a section.
    return undefined;
  }
}

function isRef(value: unknown): value is { num: number; gen: number } {
  return typeof value === 'object' && value !== null && 'num' in value && 'gen' in value;
}
