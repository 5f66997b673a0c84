import { headingText } from './markdown-escape.js';

/**
 * One slide of a deck (PPTX, ODP) as a section: `## Slide N: <title>`, the slide's other text
 * as Markdown blocks, and its speaker notes as a `### Speaker notes` subsection. Blocks come
 * already escaped (markdown-escape.ts); undefined for a slide with no text at all.
 */
export function slideSection(number: number, title: string | undefined, body: readonly string[], notes: readonly string[]): string | undefined {
  if (title === undefined && body.length === 0 && notes.length === 0) return undefined;
  const heading = `## Slide ${number}${title ? `: ${headingText(title)}` : ''}`;
  const bodyText = body.length > 0 ? `\n\n${body.join('\n\n')}` : '';
  const notesText = notes.length > 0 ? `\n\n### Speaker notes\n\n${notes.join('\n\n')}` : '';
  return `${heading}${bodyText}${notesText}`;
}
