import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { escapeBlockMarkup } from './markdown-escape.js';

export interface PageText {
  lines: string[];
  /** The text set in the page's largest type (up to three lines): a title on a first page. */
  largest: string | undefined;
}

/**
 * A page's text, line by line. pdf.js marks most line ends (hasEOL); a jump in the
 * baseline catches the rest. A gap well above the line height starts a new paragraph, so
 * the Markdown keeps the page's paragraphs instead of one block per page.
 */
export function pageText(content: TextContent): PageText {
  const lines: string[] = [];
  const heights: number[] = [];
  let line = '';
  let lineMaxHeight = 0;
  let lineY: number | undefined;
  let lineHeight = 0;
  let lastY: number | undefined;
  const endLine = () => {
    lines.push(escapeBlockMarkup(line.trimEnd()));
    heights.push(lineMaxHeight);
    line = '';
    lineMaxHeight = 0;
  };
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const item = raw as TextItem;
    const y = item.transform[5] as number;
    const height = item.height || Math.abs(item.transform[3] as number) || lineHeight;
    if (line !== '' && lastY !== undefined && Math.abs(y - lastY) > Math.max(height, lineHeight) * 0.6) endLine();
    if (line === '' && item.str.trim() !== '') {
      if (lineY !== undefined && lines.length > 0 && Math.abs(lineY - y) > Math.max(height, lineHeight) * 1.8) {
        if (lines[lines.length - 1] !== '') {
          lines.push('');
          heights.push(0);
        }
      }
      lineY = y;
      lineHeight = height;
    }
    line += item.str;
    // Rotated text (arXiv's margin stamp) is set large but is never the title.
    const upright = item.transform[1] === 0 && item.transform[2] === 0;
    if (upright && item.str.trim() !== '') lineMaxHeight = Math.max(lineMaxHeight, height);
    lastY = y;
    // pdf.js also marks a line end with an empty item placed on the next line; that one
    // ends nothing when the baseline jump has ended the line already.
    if (item.hasEOL && line !== '') endLine();
  }
  if (line !== '') endLine();
  return { lines, largest: largestText(lines, heights) };
}

function largestText(lines: readonly string[], heights: readonly number[]): string | undefined {
  const candidates = lines.map((line, i) => (/\p{L}/u.test(line) ? heights[i]! : 0));
  const max = candidates.reduce((a, b) => Math.max(a, b), 0);
  if (max === 0) return undefined;
  const first = candidates.findIndex((h) => h >= max * 0.95);
  // A title set larger than the text may wrap; text all of one size gives only its first line.
  const sizes = candidates.filter((h) => h > 0);
  const distinct = sizes.filter((h) => h >= max * 0.95).length <= sizes.length / 2;
  const parts: string[] = [];
  for (let i = first; i < lines.length && parts.length < (distinct ? 3 : 1) && candidates[i]! >= max * 0.95; i++) {
    parts.push(lines[i]!.replace(/^\\/, '').trim());
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim() || undefined;
}
