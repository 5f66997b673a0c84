/**
 * Text from a document's own structure (a key, a sheet name, a slide title, a paragraph) put
 * into Markdown must read as that text, not as markup: the converters that build Markdown
 * themselves (PDF, structured text, spreadsheets, decks, OpenDocument, EPUB chapters) escape it here.
 */

/** One line for a `#` heading: whitespace collapsed, inline markup escaped (sections-from-markdown reads it back unescaped). */
export function headingText(text: string, empty = '(untitled)'): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line === '' ? empty : line.replace(/([\\`*_[\]#<>])/g, '\\$1');
}

/**
 * A line of running text that would read as a heading, a rule or a quote is escaped, so the
 * only headings in the Markdown are the ones the converter put there.
 */
export function escapeBlockMarkup(line: string): string {
  return line.replace(/^(\s{0,3})(#{1,6}(?:\s|$)|=+\s*$|-{3,}\s*$|>)/, '$1\\$2');
}

/**
 * Each `<` that Markdown would take for the start of an HTML tag ("<rev-list options>",
 * "<path>", "<b>") escaped, outside code spans: text files are not HTML, and a Markdown viewer
 * hides what reads as a tag along with the words in it. Autolinks (<https://…>, <name@host>)
 * stay links.
 */
export function escapeTagLike(line: string): string {
  if (!line.includes('<')) return line;
  return line
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(TAG_OPENING, '\\<')))
    .join('');
}

const TAG_OPENING = /(?<!\\)<(?=[A-Za-z/!?])(?![A-Za-z][\w+.-]*:\/\/[^\s>]*>)(?![^\s<>@]+@[^\s<>]+>)/g;
