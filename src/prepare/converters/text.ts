import { AsciidocAttributes, headerAuthor } from './asciidoc-attributes.js';
import { isBlockAnchor, renderAsciidocInline } from './asciidoc-inline.js';
import { preprocessAsciidoc } from './asciidoc-preprocess.js';
import type { ConvertedDocument, ConvertInput } from './converted-document.js';
import { decodeText, encodingField } from './decode-text.js';
import { fileStem } from '../../core/file-stem.js';
import { looksLikeRst, rstDocument } from './rst.js';
import { escapeTagLike } from './markdown-escape.js';
import { NOT_PARAGRAPH, SETEXT_UNDERLINE, sectionsFromMarkdown } from './sections-from-markdown.js';

const ONE_LINE_TITLE = /^(={1,6})[ \t]+(\S.*?)(?:[ \t]+=+)?[ \t]*$/;
const UNDERLINE = /^([=\-~^+])\1+[ \t]*$/;
const UNDERLINE_LEVEL: Record<string, number> = { '=': 1, '-': 2, '~': 3, '^': 4, '+': 5 };
// Listing, literal, comment, passthrough, example, sidebar and quote block delimiters.
const DELIMITER = /^(-{4,}|\.{4,}|\/{4,}|\+{4,}|={4,}|\*{4,}|_{4,})[ \t]*$/;
const SOURCE_ATTRIBUTE = /^\[source(?:,\s*([\w+#.-]+))?[^\]]*\]\s*$/;
const INDENTED = /^(?:\t| {4})/;
// AsciiDoc's single-line comment (//// opens a comment block instead).
const LINE_COMMENT = /^\/\/(?!\/)/;
// What only AsciiDoc text has: a document title, an attribute entry, a block attribute line,
// a conditional or include directive, a labelled list entry, a linkgit: macro.
const ASCIIDOC_MARK = /^(?:= \S|:[\w-]+:(?:\s|$)|\[(?:verse|source|listing|literal|quote|NOTE|TIP|WARNING|IMPORTANT|CAUTION)\b|(?:ifdef|ifndef|ifeval|endif|include)::)|\S::$|linkgit:\S+\[/m;
// Lines that are block markup, list items or attributes in AsciiDoc, never a title.
const NOT_TITLE = /^(?:[\s.[:/|*\-+<]|\d+\.\s|$)/;

/**
 * Plain text and AsciiDoc-ish text (Git's manual pages, READMEs): AsciiDoc titles and
 * setext-underlined headings become Markdown headings, listing and literal blocks become
 * fenced code; everything else stays as written, so paragraphs stay paragraphs. A .txt
 * that is reStructuredText (Python ships its documentation sources so) is read as reST.
 */
export async function convertText(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const decoded = decodeText(bytes);
  if (looksLikeRst(decoded.text)) return { ...rstDocument(decoded.text, input), ...encodingField(decoded) };
  const markdown = textToMarkdown(decoded.text);
  const sections = sectionsFromMarkdown(markdown);
  const title = sections.find((s) => s.level === 1)?.title ?? openingHeading(markdown) ?? fileStem(input.fileName);
  // AsciiDoc's header may name the author (`:author: …`): the source page's `author:`.
  const author = ASCIIDOC_MARK.test(decoded.text) ? headerAuthor(decoded.text) : undefined;
  return { title, markdown, sections, metadata: author !== undefined ? { author } : {}, ...encodingField(decoded) };
}

/**
 * A heading of any level that opens the text names it: Git's included pages
 * ("CONFIGURATION FILE" underlined with `-`) start with a level-2 title.
 */
function openingHeading(markdown: string): string | undefined {
  return /^#{1,6} (\S.*)/.exec(markdown.trimStart())?.[1]?.trim();
}

export function textToMarkdown(text: string): string {
  // Single-line comments are dropped only from text that is AsciiDoc: in plain notes a line
  // starting with // is the writer's text.
  const asciidoc = ASCIIDOC_MARK.test(text);
  const lines = asciidoc ? preprocessAsciidoc(text.split('\n')) : text.split('\n');
  const out: string[] = [];
  const dropped = new Set<number>();
  const attributes = new AsciidocAttributes(text);
  // The document's header: the lines right under a title that opens it, up to a blank line.
  let inHeader = false;
  let indentedCode = false;
  // AsciiDoc's labelled list ("term::"): its description may be indented, after a blank line
  // too, and is text; what a lone + attaches indented, or an indented paragraph outside a list,
  // is literal (a Markdown code block).
  let list: ListState = { inItem: false, described: false, attached: false };
  // The output line that holds the terms of the entry being read, while it is the last one;
  // every such line, and the first line of each description.
  let termLine = -1;
  const termLines = new Set<number>();
  const descriptionStarts = new Set<number>();
  const heading = (level: number, title: string): void => {
    inHeader = out.every((l) => l.trim() === '');
    out.push(`${'#'.repeat(level)} ${attributes.expand(title)}`);
  };
  for (let i = 0; i < lines.length; i++) {
    if (dropped.has(i)) continue;
    const line = lines[i]!;
    const next = lines[i + 1];
    const level = next === undefined ? undefined : underlineLevel(lines, i);
    if (level !== undefined) {
      heading(level, line.trim());
      i++;
      continue;
    }
    const oneLine = ONE_LINE_TITLE.exec(line);
    if (oneLine) {
      heading(oneLine[1]!.length, oneLine[2]!);
      continue;
    }
    if (line.trim() === '') inHeader = false;
    if (attributes.take(line, inHeader)) continue;
    const delimiter = DELIMITER.exec(line)?.[1];
    const close = delimiter === undefined ? -1 : closingDelimiter(lines, i, delimiter);
    if (delimiter === undefined || close === -1) {
      if (asciidoc && (LINE_COMMENT.test(line) || isBlockAnchor(line))) continue;
      // A verse paragraph (a man page's synopsis) keeps its lines: Markdown would run them into
      // one, "[verse]" first. Each line but the last ends in a hard break (two spaces); the
      // paragraph stays text, as the command's name in it counts for the page's concepts.
      if (asciidoc && VERSE.test(line) && (lines[i + 1] ?? '').trim() !== '') {
        const end = paragraphEnd(lines, i + 1);
        const body = lines.slice(i + 1, end).map((l) => escapeTagLike(attributes.expand(l.trim())));
        out.push(...body.map((l, k) => (k < body.length - 1 ? `${l}  ` : l)));
        i = end - 1;
        continue;
      }
      const afterBlank = (out[out.length - 1] ?? '').trim() === '';
      // AsciiDoc's open block ("--" alone) is markup; any other line of "-" or "=" under a line
      // of paragraph text would be read by Markdown as a heading's underline, making the text
      // above a heading: it is shown as written.
      if (asciidoc && line.trim() === '--') {
        out.push('');
        continue;
      }
      if (!afterBlank && SETEXT_UNDERLINE.test(line) && !NOT_PARAGRAPH.test(out[out.length - 1]!)) {
        out.push(`\\${line.trimStart()}`);
        continue;
      }
      const before = list;
      if (asciidoc) list = nextListState(line, afterBlank, list);
      // A labelled list's terms ("-l::", "--local::", "linkgit:git-stash[1]::") are shown in
      // bold, those of one entry on one line, and lead its description's first paragraph
      // (joinTermsToDescriptions): left as written, Markdown ran "-l:: --local:: When the
      // repository …" into one line that no sentence check let through.
      if (asciidoc && !indentedCode && LIST_TERM.test(line)) {
        const term = `**${escapeTagLike(renderAsciidocInline(attributes.expand(line.trim().replace(LIST_MARK, ''))))}**`;
        if (termLine >= 0 && termLine === out.length - 1) out[termLine] += `, ${term}`;
        else {
          if (!afterBlank) out.push('');
          out.push(term);
          termLine = out.length - 1;
          termLines.add(termLine);
        }
        // A lone + after the terms is shown as the blank line that ends their paragraph.
        if (!['', '+'].includes((next ?? '').trim()) && !LIST_TERM.test(next ?? '')) out.push('');
        continue;
      }
      const description = list.inItem && !list.attached && line.trim() !== '' && LEADING_SPACE.test(line);
      // An indented line after a blank one opens a Markdown code block, where < is literal.
      if (line.trim() !== '') indentedCode = !description && INDENTED.test(line) && (indentedCode || afterBlank);
      const expanded = attributes.expand(description ? line.trimStart() : line);
      const shown = asciidoc && !indentedCode ? renderAsciidocInline(expanded.replace(DOUBLE_QUOTED, '“$1”')) : expanded;
      // A lone '+' joins the next paragraph to a list item in AsciiDoc: to a reader, a paragraph break.
      out.push(line.trim() === '+' ? '' : indentedCode ? shown : escapeTagLike(shown));
      if (asciidoc && !indentedCode && before.inItem && !before.described && list.described) descriptionStarts.add(out.length - 1);
      continue;
    }
    const kind = delimiter[0];
    if (kind === '-' || kind === '.') {
      const language = SOURCE_ATTRIBUTE.exec(out[out.length - 1] ?? '');
      if (language) out.pop();
      const body = lines.slice(i + 1, close);
      const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
      out.push(`${fence}${language?.[1] ?? ''}`, ...body, fence);
      i = close;
    } else if (kind === '/') {
      i = close;
    } else {
      // Example, sidebar, quote and passthrough blocks hold ordinary text: keep it, drop the fences.
      dropped.add(close);
    }
  }
  return joinTermsToDescriptions(out, termLines, descriptionStarts).join('\n');
}

/**
 * A labelled list's entry as one paragraph, its terms first: "**git-clean(1)**: Remove
 * untracked files from the working tree." says which command removes them, where the
 * definition alone did not. Terms whose entry opens with a block (code, an attached paragraph)
 * stay a paragraph of their own.
 */
function joinTermsToDescriptions(out: readonly string[], terms: ReadonlySet<number>, starts: ReadonlySet<number>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < out.length; i++) {
    if (terms.has(i) && out[i + 1] === '' && starts.has(i + 2)) {
      joined.push(`${out[i]}: ${out[i + 2]}`);
      i += 2;
    } else joined.push(out[i]!);
  }
  return joined;
}

const LEADING_SPACE = /^[ \t]+/;
const VERSE = /^\[verse\]\s*$/;

/** The index of the blank line (or the end) that closes the paragraph starting at `start`. */
function paragraphEnd(lines: readonly string[], start: number): number {
  let end = start;
  while (end < lines.length && lines[end]!.trim() !== '') end++;
  return end;
}
// AsciiDoc's ``quoted text'': curly double quotes to a reader; Markdown would take the
// backticks for an unclosed code span.
const DOUBLE_QUOTED = /``([^`'\n]+)''/g;
// "--decorate[=short|full]::", "`git log --no-merges`::", "linkgit:git-add[1]::".
const LIST_TERM = /^\S.*::\s*$/;
// The mark that ends a term: "::", or ":::" and "::::" in nested lists.
const LIST_MARK = /:{2,4}\s*$/;

/** Where a line stands in AsciiDoc's labelled list ("term::" then its description). */
interface ListState {
  /** After a term, until its description's first paragraph ends. */
  inItem: boolean;
  /** That paragraph has begun. */
  described: boolean;
  /** In a block a lone + attached to the item. */
  attached: boolean;
}

/**
 * The list state after `line`. A term opens an item; its description's first paragraph may
 * follow on the next lines or after blank ones, indented or not, and ends at a blank line;
 * + attaches the next block (literal when indented), up to a blank line; a paragraph that
 * starts flush after a blank line is no part of the item.
 */
function nextListState(line: string, afterBlank: boolean, state: ListState): ListState {
  if (LIST_TERM.test(line)) return { inItem: true, described: false, attached: false };
  if (line.trim() === '+') return { ...state, attached: state.inItem || state.described };
  if (line.trim() === '') return { inItem: state.inItem && !state.described, described: false, attached: false };
  if (state.attached) return state;
  if (afterBlank && !LEADING_SPACE.test(line)) return { inItem: false, described: false, attached: false };
  return state.inItem ? { ...state, described: true } : state;
}

/** The heading level when line i is a title underlined by line i + 1, else undefined. */
function underlineLevel(lines: readonly string[], i: number): number | undefined {
  const title = lines[i]!.trim();
  const underline = lines[i + 1]!.trim();
  const char = UNDERLINE.exec(underline)?.[1];
  if (char === undefined || NOT_TITLE.test(lines[i]!)) return undefined;
  const level = UNDERLINE_LEVEL[char]!;
  // AsciiDoc wants the underline as long as the title, give or take two; Markdown-style
  // text does not care, but then a `----` could open a listing block instead.
  if (Math.abs(underline.length - title.length) <= 2) return level;
  const loose = (char === '=' || char === '-') && underline.length >= 3 && (i === 0 || lines[i - 1]!.trim() === '');
  const opensBlock = DELIMITER.test(underline) && closingDelimiter(lines, i + 1, underline) !== -1;
  return loose && !opensBlock ? level : undefined;
}

function closingDelimiter(lines: readonly string[], open: number, delimiter: string): number {
  for (let j = open + 1; j < lines.length; j++) if (lines[j]!.trimEnd() === delimiter) return j;
  return -1;
}

function longestBacktickRun(lines: readonly string[]): number {
  let longest = 0;
  for (const line of lines) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
