import { escapeBlockMarkup } from './markdown-escape.js';

/**
 * Tesseract's plain-text output as the lines a PDF page gives (pdf-page-text.ts): one per
 * recognised line, an empty line between blocks, so the page keeps its paragraphs.
 */
export function ocrLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/\f/g, '\n').split('\n')) {
    const line = raw.replace(/\s+/g, ' ').trim();
    // Runs of blank lines are one paragraph break; none at the start or the end.
    if (line !== '' || (lines.length > 0 && lines[lines.length - 1] !== '')) lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Tesseract's output for an image as Markdown paragraphs: a paragraph's lines joined, a word
 * hyphenated across a line end joined again (`recog-` + `nised`), markup-like starts escaped.
 * Pages of a multi-page TIFF (form feeds) are paragraphs like any other.
 */
export function ocrMarkdown(text: string): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of [...ocrLines(text), '']) {
    if (line !== '') {
      current.push(line);
      continue;
    }
    if (current.length > 0) paragraphs.push(escapeBlockMarkup(joinLines(current)));
    current = [];
  }
  return paragraphs.length === 0 ? '' : `${paragraphs.join('\n\n')}\n`;
}

function joinLines(lines: readonly string[]): string {
  return lines.reduce((joined, line) => (/\p{Ll}-$/u.test(joined) && /^\p{Ll}/u.test(line) ? joined.slice(0, -1) + line : `${joined} ${line}`));
}
