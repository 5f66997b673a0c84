import type { SectionNode } from '../model/converted-document.js';

/** A consecutive stretch of the document small enough for one prompt. */
export interface DocumentChunk {
  text: string;
  /** Titles of the sections that start in this chunk, for the prompt's bearings. */
  sectionTitles: string[];
}

/**
 * Splits a document into chunks of at most `maxChars` characters along its section tree:
 * every section start is a cut point, consecutive pieces are packed while they fit, and a
 * single section longer than the budget is cut at paragraph breaks (then line breaks, then
 * anywhere). Works the same for every format: converters all give Markdown plus sections.
 */
export function chunkDocument(body: string, sections: readonly SectionNode[], maxChars: number): DocumentChunk[] {
  if (maxChars < 1) throw new Error('chunk budget must be positive');
  const starts = [...new Set([0, ...sections.map((s) => Math.max(0, Math.min(s.start, body.length))), body.length])].sort((a, b) => a - b);
  const titlesAt = new Map<number, string[]>();
  for (const s of sections) titlesAt.set(s.start, [...(titlesAt.get(s.start) ?? []), s.title]);

  const chunks: DocumentChunk[] = [];
  let text = '';
  let titles: string[] = [];
  const flush = (): void => {
    if (text.trim()) chunks.push({ text, sectionTitles: titles });
    text = '';
    titles = [];
  };
  for (let i = 0; i + 1 < starts.length; i++) {
    const piece = body.slice(starts[i], starts[i + 1]);
    const pieceTitles = titlesAt.get(starts[i]!) ?? [];
    if (text.length + piece.length > maxChars) flush();
    if (piece.length <= maxChars) {
      text += piece;
      titles.push(...pieceTitles);
      continue;
    }
    splitLong(piece, maxChars).forEach((part, k) => {
      text = part;
      titles = k === 0 ? [...pieceTitles] : pieceTitles.map((t) => `${t} (continued)`);
      flush();
    });
  }
  flush();
  return chunks;
}

function splitLong(text: string, maxChars: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    // Prefer the last paragraph break in the second half of the window, then a line break.
    const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((at) => at >= maxChars / 2);
    const end = cut !== undefined && cut > 0 ? cut + 1 : maxChars;
    parts.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  if (rest) parts.push(rest);
  return parts;
}
