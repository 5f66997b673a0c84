import { bylinePersons } from './extract-entities.js';
import { markdownTextUnits } from './markdown-text-units.js';

/**
 * How much of a document's text its byline is looked for in: a title block stands at the top.
 * Only this much is split, and only the title block is tagged: a 2,400-page manual costs what a
 * page does (409 corpus documents: 0.7 s when their openings were tagged whole).
 */
const OPENING_CHARS = 2500;
/** How much of an "Author" section is read: its first lines name the author. */
const AUTHOR_SECTION_CHARS = 400;

/**
 * The authors a document names, joined by ", " (extract-entities.ts bylinePersons), for the
 * source page's `author:` when the file's metadata names none: the byline under its title (a
 * paper or a manual typeset with no Info Author), else the names that open a section headed
 * "Author" or "Authors" (a README's "### Author" / "**Jon Schlinkert**"). Undefined when none.
 */
export function bylineOf(doc: { title: string; markdown: string }): string | undefined {
  const cut = doc.markdown.length <= OPENING_CHARS ? doc.markdown.length : doc.markdown.lastIndexOf('\n', OPENING_CHARS);
  const opening = doc.markdown.slice(0, cut > 0 ? cut : OPENING_CHARS);
  const names = bylinePersons(doc.title, markdownTextUnits({ title: doc.title, markdown: opening }));
  const found = names.length > 0 ? names : authorSection(doc.markdown);
  return found.length > 0 ? found.join(', ') : undefined;
}

const AUTHOR_HEADING = /^#{1,6}[ \t]+(Authors?)[ \t]*:?[ \t]*$/im;

/** The persons that open a Markdown section headed "Author(s)", read as a title block under that heading. */
function authorSection(markdown: string): string[] {
  const heading = AUTHOR_HEADING.exec(markdown);
  if (!heading) return [];
  const body = markdown.slice(heading.index + heading[0].length, heading.index + heading[0].length + AUTHOR_SECTION_CHARS).split(/\n#{1,6}[ \t]/)[0]!;
  const title = heading[1]!;
  return bylinePersons(title, markdownTextUnits({ title, markdown: `${title}\n\n${body}` }));
}
