import { escapeBlockMarkup } from './markdown-escape.js';

export interface PageText {
  lines: string[];
  /** The text set in the page's largest type (up to three lines): a title on a first page. */
  largest: string | undefined;
  /** The type size of each line (its largest upright glyph; 0 for a blank line); none for a page OCR read. */
  heights?: number[];
  /** Whether each line is set all in bold type; none for a page OCR read. */
  bold?: boolean[];
}

/** Characters of one text object on one line of a page, as the PDF engine reads them. */
export interface TextRun {
  str: string;
  /** Baseline of the run's first character, in page space (up is larger). */
  y: number;
  /** Type size: the font size scaled by the text's matrix. */
  height: number;
  /** Set without rotation or skew (rotated text, arXiv's margin stamp, is never a title). */
  upright: boolean;
  /** The engine ends a line after this run. */
  hasEOL: boolean;
  /** Set in a bold face (its font's weight above 500: cmbx12 545, a Bold 700). */
  bold: boolean;
}

/**
 * A page's text, line by line. The engine marks most line ends (hasEOL); a jump in the
 * baseline catches the rest. A gap well above the line height starts a new paragraph, so
 * the Markdown keeps the page's paragraphs instead of one block per page.
 */
export function pageText(runs: readonly TextRun[]): PageText {
  const lines: string[] = [];
  const heights: number[] = [];
  const bold: boolean[] = [];
  let line = '';
  let lineMaxHeight = 0;
  let lineBold = true;
  let lineY: number | undefined;
  let lineHeight = 0;
  let lastY: number | undefined;
  const endLine = () => {
    lines.push(escapeBlockMarkup(line.trimEnd()));
    heights.push(lineMaxHeight);
    bold.push(lineBold && line.trim() !== '');
    line = '';
    lineMaxHeight = 0;
    lineBold = true;
  };
  for (const item of runs) {
    const y = item.y;
    const height = item.height || lineHeight;
    if (line !== '' && lastY !== undefined && Math.abs(y - lastY) > Math.max(height, lineHeight) * 0.6) endLine();
    if (line === '' && item.str.trim() !== '') {
      if (lineY !== undefined && lines.length > 0 && Math.abs(lineY - y) > Math.max(height, lineHeight) * 1.8) {
        if (lines[lines.length - 1] !== '') {
          lines.push('');
          heights.push(0);
          bold.push(false);
        }
      }
      lineY = y;
      lineHeight = height;
    }
    line += item.str;
    if (item.upright && item.str.trim() !== '') lineMaxHeight = Math.max(lineMaxHeight, height);
    if (!item.bold && item.str.trim() !== '') lineBold = false;
    lastY = y;
    if (item.hasEOL && line !== '') endLine();
  }
  if (line !== '') endLine();
  return { lines, largest: largestText(lines, heights), heights, bold };
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

/** Type at least this much larger than the page's text is a heading's, when the line is short. */
const HEADING_SCALE = 1.15;
/** Longest line, and most lines in a run, that larger type may be a heading in. */
const MAX_HEADING_CHARS = 120;
const MAX_HEADING_LINES = 3;

/**
 * The page's lines for the Markdown, with each heading set in larger type than its text made a
 * Markdown heading of its own ("### 1 How to Use MakeIndex"): the spacing under such a heading
 * is often ordinary, and it was read as the first words of the paragraph under it ("1 How to
 * Use MakeIndex MakeIndex is a program …"). A heading is up to MAX_HEADING_LINES lines of type
 * HEADING_SCALE times the size set in most letters on the page, short, not ending as a clause
 * does (, ; :) or a sentence does (.); a longer run of large type is text (a slide's).
 */
export function linesWithHeadings(page: PageText): string[] {
  const { lines, heights } = page;
  if (heights === undefined) return lines;
  const body = bodyHeight(lines, heights);
  if (body === 0) return lines;
  const large = (i: number): boolean => heights[i]! >= body * HEADING_SCALE && lines[i]!.length <= MAX_HEADING_CHARS && /\p{L}/u.test(lines[i]!);
  const out: string[] = [];
  // Large type above the page's first line of text is a title block or a chapter's opening,
  // read as the document's opening lines (its title, authors, date), not as a section of it.
  let i = heights.findIndex((h, at) => h > 0 && !large(at));
  if (i === -1) return lines;
  out.push(...lines.slice(0, i));
  while (i < lines.length) {
    let end = i;
    while (end < lines.length && large(end) && Math.abs(heights[end]! - heights[i]!) <= heights[i]! * 0.05) end++;
    const heading = end - i <= MAX_HEADING_LINES ? lines.slice(i, end).join(' ').replace(/\s+/g, ' ').trim() : '';
    if (end > i && heading !== '' && !/[.,;:]$/.test(heading)) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      out.push(`### ${heading}`, '');
      i = end;
      if (lines[i] === '') i++;
      continue;
    }
    if (boldNumberedHeading(page, i)) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      out.push(`### ${lines[i]!.trim()}`, '');
      i++;
      continue;
    }
    for (const last = Math.max(end, i + 1); i < last; i++) out.push(lines[i]!);
  }
  return out;
}

/** "2.1 When, Why, What, and How to Index": a section's number, then a capital. */
const SECTION_NUMBER_LINE = /^\d+(?:\.\d+)*\.?\s+\p{Lu}/u;

/**
 * A numbered line set all in bold over text that is not, in the text's own size or close to it
 * ("2.1 When, Why, What, and How to Index" in cmbx12 over cmr10 text, the spacing under it
 * ordinary): a subsection's heading, which the analysis would otherwise read as the first
 * words of the paragraph under it ("2.1 When, Why, What, and How to Index It's tempting …").
 */
function boldNumberedHeading(page: PageText, i: number): boolean {
  const { lines, bold } = page;
  const line = lines[i]!.trim();
  return (
    bold?.[i] === true &&
    bold[i + 1] === false &&
    lines[i + 1]!.trim() !== '' &&
    line.length <= MAX_HEADING_CHARS &&
    SECTION_NUMBER_LINE.test(line) &&
    // A table of contents' entry ends in its page number ("1 User interface 1").
    !/(?:[.,;:]|\s\d+)$/.test(line)
  );
}

/** The type size most of the page's letters are set in: its text's. */
function bodyHeight(lines: readonly string[], heights: readonly number[]): number {
  const letters = new Map<number, number>();
  lines.forEach((line, i) => {
    const h = Math.round(heights[i]! * 10) / 10;
    if (h > 0) letters.set(h, (letters.get(h) ?? 0) + line.length);
  });
  let best = 0;
  let most = 0;
  for (const [h, n] of letters) if (n > most || (n === most && h < best)) [best, most] = [h, n];
  return best;
}
