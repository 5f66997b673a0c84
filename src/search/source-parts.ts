import type { SectionRow } from '../model/registry.js';

/**
 * Parts of a document's converted Markdown (rebuildConvertedDocument gives it; the section
 * offsets were taken in it, not in the escaped source page), for the readers that hand an
 * agent one part of a long document: chat's read_source and kb mcp's read_section.
 */

/** Sections in document order (by start; a parent before its first child). */
function inDocumentOrder(sections: readonly SectionRow[]): SectionRow[] {
  return [...sections].sort((a, b) => a.start_offset - b.start_offset || a.idx - b.idx);
}

/** A section's own text: from its start up to the next section's start (children excluded). */
export function ownSectionText(markdown: string, sections: readonly SectionRow[], section: SectionRow): string {
  const next = sections.filter((s) => s.start_offset > section.start_offset).reduce((end, s) => Math.min(end, s.start_offset), markdown.length);
  return markdown.slice(section.start_offset, next);
}

export interface PageRangeText {
  text: string;
  /** The sections whose own text was taken, in document order. */
  sections: SectionRow[];
}

/**
 * The text of PDF pages `from`..`to`, from the sections' offsets: each section's own text
 * (up to the next section's start) is taken when it starts on or before `to` and its pages
 * reach `from`. Page numbers live on sections, so the range is section-precise. Undefined
 * when no section covers any of those pages.
 */
export function pageRangeText(markdown: string, sections: readonly SectionRow[], from: number, to: number): PageRangeText | undefined {
  const ordered = inDocumentOrder(sections);
  const taken: SectionRow[] = [];
  let start: number | undefined;
  let end = 0;
  ordered.forEach((section, i) => {
    if (section.page_start === null) return;
    const next = ordered[i + 1];
    const ownEnd = next ? next.start_offset : markdown.length;
    // A leaf's pages are its own; a parent's own text ends where its first child starts.
    const lastPage = Math.min(section.page_end ?? Infinity, next?.page_start ?? Infinity);
    if (section.page_start > to || (Number.isFinite(lastPage) ? lastPage : section.page_start) < from) return;
    taken.push(section);
    start = start === undefined ? section.start_offset : Math.min(start, section.start_offset);
    end = Math.max(end, ownEnd);
  });
  return start === undefined ? undefined : { text: markdown.slice(start, end), sections: taken };
}

/** Whether any section carries PDF page numbers. */
export function hasPageNumbers(sections: readonly SectionRow[]): boolean {
  return sections.some((s) => s.page_start !== null);
}
