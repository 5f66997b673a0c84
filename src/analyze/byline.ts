import { bylinePersons } from './extract-entities.js';
import { markdownTextUnits } from './markdown-text-units.js';

/**
 * How much of a document's text its byline is looked for in: a title block stands at the top.
 * Only this much is split, and only the title block is tagged: a 2,400-page manual costs what a
 * page does (409 corpus documents: 0.7 s when their openings were tagged whole).
 */
const OPENING_CHARS = 2500;

/**
 * The authors a document's byline names, joined by ", " (extract-entities.ts bylinePersons),
 * for the source page's `author:` when the file's metadata names none: a paper or a manual
 * typeset with no Info Author still has its authors under its title. Undefined when none.
 */
export function bylineOf(doc: { title: string; markdown: string }): string | undefined {
  const cut = doc.markdown.length <= OPENING_CHARS ? doc.markdown.length : doc.markdown.lastIndexOf('\n', OPENING_CHARS);
  const opening = doc.markdown.slice(0, cut > 0 ? cut : OPENING_CHARS);
  const names = bylinePersons(doc.title, markdownTextUnits({ title: doc.title, markdown: opening }));
  return names.length > 0 ? names.join(', ') : undefined;
}
