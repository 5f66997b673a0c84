/**
 * What every converter returns: the document as Markdown plus its section tree. Converters
 * run inside prepare worker threads, read only the bytes they are given, and write nothing;
 * the analysis engines and compile read it.
 */
export interface SectionNode {
  /** Heading text, plain (no Markdown markup). */
  title: string;
  /** 1 = top level; a section's children follow it with a higher level. */
  level: number;
  /** Character offsets of the section's text in `markdown`: [start, end). */
  start: number;
  end: number;
  /** 1-based page range, for paged formats (PDF). */
  pageStart?: number;
  pageEnd?: number;
}

export interface ConvertedDocument {
  /** Best title: document metadata, frontmatter or first heading, else the file stem. */
  title: string;
  /** The full text as Markdown, without frontmatter. */
  markdown: string;
  /** Sections in document order (a flat list; levels give the tree). */
  sections: SectionNode[];
  /** Page count, for paged formats. */
  pages?: number;
  /** Frontmatter of Markdown input, PDF info fields, … as plain strings. */
  metadata: Record<string, string>;
  /** Text input not in UTF-8: the encoding it was read in (windows-1252, utf-16le…). */
  encoding?: string;
  /** Text read by OCR, and what read it: `pages 1, 3 (tesseract, eng)`, or `tesseract, eng` for an image. */
  ocr?: string;
}
