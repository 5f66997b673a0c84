import { count, listed } from './list-in-words.js';

/**
 * A description for a document that is one definition list and little else (git's
 * command-list includes: "linkgit:git-add[1]::" then "Add file contents to the index.", or
 * fsck's message ids): no sentence of it says what the whole is, so it is described by what it
 * holds, as a table is (describe-table.ts): how many entries, of what, and the first names.
 * Undefined when the text is not mostly a definition list.
 */
export function describeDefinitionList(markdown: string): string | undefined {
  return definitionList(markdown)?.description;
}

/**
 * The description of a document that is one definition list, and whether each entry's
 * definition is one line (a catalogue: git's command lists, fsck's message ids), where no one
 * entry's sentence may stand for the whole.
 */
export function definitionList(markdown: string): { description: string; oneLineEach: boolean } | undefined {
  const entries: Array<{ term: string; lines: number }> = [];
  let inList = 0;
  let other = 0;
  let lastTerm = '';
  let current: { term: string; lines: number } | undefined;
  for (const line of markdown.split('\n')) {
    if (line.trim() === '') {
      // A term shown in bold stands in a paragraph of its own: its definition is the next one.
      if (!(current && current.lines === 0 && BOLD_TERMS.test(lastTerm))) current = undefined;
      continue;
    }
    const term = TERM_LINE.exec(line) ?? BOLD_TERMS.exec(line);
    if (term) {
      current = { term: plainTerm(term[1]!), lines: term[2] ? 1 : 0 };
      lastTerm = line;
      entries.push(current);
      inList++;
    } else if (current) {
      current.lines++;
      inList++;
    } else if (!/^#{1,6} /.test(line)) {
      other++;
    }
  }
  if (entries.length < MIN_ENTRIES || inList < (inList + other) * MIN_SHARE) return undefined;
  const pages = entries.every((e) => e.term.startsWith(MAN_PAGE_MARK));
  const names = entries.map((e) => e.term.replace(MAN_PAGE_MARK, ''));
  const what = count(entries.length, pages ? 'manual page' : 'term');
  const oneLineEach = entries.every((e) => e.lines <= 1);
  return { description: `A list of ${what}, each with ${oneLineEach ? 'a one-line description' : 'a description'}: ${listedNames(names)}.`, oneLineEach };
}

const MIN_ENTRIES = 3;
/** Share of the non-blank lines, headings aside, that the list's terms and definitions fill. */
const MIN_SHARE = 0.8;
const MAN_PAGE_MARK = '\u0000';
const SHOWN_NAMES = 3;

// AsciiDoc's "term::" (or "term;;", a nested list), alone on its line or followed by the definition.
const TERM_LINE = /^(\S.*?)(?:::|;;)(?:\s+(\S.*))?\s*$/;
// The same terms as the text converter shows them, in bold, before their definition or alone on
// their line: "**-l**, **--local**: When …".
const BOLD_TERMS = /^\*\*(.+?)\*\*(?:, \*\*.+?\*\*)*(?::\s+(\S.*))?\s*$/;

/** The term as a reader names it: a manual page's name, code without its marks. */
function plainTerm(term: string): string {
  // "git-add(1)", as the text converter renders AsciiDoc's linkgit:git-add[1], or that macro as written.
  const page = /^(?:linkgit:([^[\s]+)\[\d*\]|([\w.-]+)\(\d\w*\))$/.exec(term.trim());
  if (page) return `${MAN_PAGE_MARK}${page[1] ?? page[2]}`;
  return term.trim().replace(/`/g, '').replace(/\\(.)/g, '$1').replace(/^(['*_]+)(.*)\1$/, '$2');
}

function listedNames(names: readonly string[]): string {
  return listed(names, names.length <= SHOWN_NAMES + 1 ? names.length : SHOWN_NAMES);
}
