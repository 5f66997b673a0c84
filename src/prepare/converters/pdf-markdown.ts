import type { SectionNode } from './converted-document.js';
import type { OutlineEntry } from './pdf-outline.js';
import { nestSections, type Heading } from './sections-from-markdown.js';

/**
 * Joins the pages into one Markdown text and turns bookmarks into headings with page
 * ranges. A bookmark's heading replaces the line that already carries its title on its
 * page, else it is inserted where that page's earlier headings end. Without an outline,
 * each page with text is a section of its own, so page ranges survive either way.
 */
export function pdfMarkdown(pages: readonly string[][], outline: readonly OutlineEntry[]): { markdown: string; sections: SectionNode[] } {
  const chunks: string[] = [];
  let length = 0;
  let tail = '\n\n';
  const append = (text: string) => {
    chunks.push(text);
    length += text.length;
    tail = (tail + text).slice(-2);
  };
  // Exactly one blank line before a heading or a new page, however the text before ended.
  const blankLine = () => {
    if (tail !== '\n\n') append(tail.endsWith('\n') ? '\n' : '\n\n');
  };
  const pageStarts: number[] = [];
  const headings: Heading[] = [];
  const headingPages: number[] = [];
  let next = 0;
  pages.forEach((lines, index) => {
    const page = index + 1;
    blankLine();
    pageStarts.push(length);
    let cursor = 0;
    const emitLinesUpTo = (end: number) => {
      for (; cursor < end; cursor++) {
        // One blank line is a paragraph break; more (after a heading, an empty page) is noise.
        if (lines[cursor] === '' && tail === '\n\n') continue;
        append(`${lines[cursor]}\n`);
      }
    };
    for (; next < outline.length && outline[next]!.page === page; next++) {
      const entry = outline[next]!;
      const found = findTitleLine(lines, cursor, entry.title);
      emitLinesUpTo(found === -1 ? cursor : found);
      const text = found === -1 ? entry.title : titleFromLine(lines[found]!, entry.title);
      if (found !== -1) cursor++;
      blankLine();
      headings.push({ title: entry.title, level: entry.level, start: length });
      headingPages.push(page);
      append(`${'#'.repeat(Math.min(entry.level, 6))} ${text}\n\n`);
    }
    emitLinesUpTo(lines.length);
  });
  const markdown = chunks.join('').replace(/\n+$/, '\n');
  const pageAt = (offset: number) => upperBound(pageStarts, offset);
  const sections =
    outline.length > 0
      ? nestSections(headings, markdown.length).map((s, i) => ({ ...s, pageStart: headingPages[i], pageEnd: Math.max(headingPages[i]!, pageAt(s.end - 1)) }))
      : pageSections(pages, pageStarts, markdown.length);
  return { markdown, sections };
}

function pageSections(pages: readonly string[][], pageStarts: readonly number[], length: number): SectionNode[] {
  const sections: SectionNode[] = [];
  pages.forEach((lines, index) => {
    if (!lines.some((line) => line.trim() !== '')) return;
    const end = Math.min(index + 1 < pageStarts.length ? pageStarts[index + 1]! : length, length);
    sections.push({ title: `Page ${index + 1}`, level: 1, start: pageStarts[index]!, end, pageStart: index + 1, pageEnd: index + 1 });
  });
  return sections;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

// Headings are often numbered on the page but not in the outline ("2.1 Setup" / "Setup"),
// or the other way round, so a few characters of difference still count as the same line,
// but only when no line matches exactly: running heads repeat a title plus a page number.
function findTitleLine(lines: readonly string[], from: number, title: string): number {
  const wanted = normalise(title);
  if (!wanted) return -1;
  const normalised = lines.slice(from).map(normalise);
  const exact = normalised.indexOf(wanted);
  if (exact !== -1) return from + exact;
  const near = normalised.findIndex((line) => {
    const [short, long] = line.length < wanted.length ? [line, wanted] : [wanted, line];
    if (long.length - short.length > 8 || short.length < Math.max(3, long.length * 0.6)) return false;
    return long.startsWith(short) || long.endsWith(short);
  });
  return near === -1 ? -1 : from + near;
}

function titleFromLine(line: string, title: string): string {
  // The line may be a heading already, by its type size (pdf-page-text.ts linesWithHeadings).
  const text = line.replace(/^### /, '').replace(/^\s*\\/, '').trim();
  return normalise(text).length >= normalise(title).length ? text : title;
}

/** 1-based index of the last start <= offset. */
function upperBound(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(1, lo);
}
