import { cleanInlineMarkdown, type CodeRange, type PlainText, type TextRange } from './clean-inline-markdown.js';
import { splitSentences } from './split-sentences.js';

/**
 * Where a piece of text sits decides how much a term in it counts: a title or heading names
 * what the text is about; a term is the name a definition list or a table row defines (the
 * code that opens a line of its own: `search_path` (`string`), `array_agg` ( … ) → …); a
 * sentence of the opening paragraph states it; a table cell or caption only mentions it.
 */
export type UnitKind = 'title' | 'heading' | 'term' | 'lead' | 'sentence' | 'fragment';

export interface TextUnit {
  kind: UnitKind;
  /** Plain text, as a reader sees it (Markdown markup removed). */
  text: string;
  code: CodeRange[];
  emphasis: TextRange[];
  /**
   * The Markdown line (0-based) where the unit's paragraph, heading or table row begins, so a
   * summary can tell which section a sentence is in; -1 for the title and section titles.
   */
  line: number;
}

export interface UnitSource {
  title: string;
  markdown: string;
  /** Section titles from the converter; those not already a Markdown heading count as headings. */
  sectionTitles?: readonly string[];
}

// A fence opens a code block unless a backtick fence's line has more backticks after it:
// ``` ``f(x)`` ``` is inline code on one line (CommonMark), not a block.
const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/;
const RULE = /^ {0,3}([-*_])( *\1){2,} *$/;
/**
 * A setext heading's underline, under the heading's text; of three or more, as READMEs write it:
 * text files' source pages written before kb dropped AsciiDoc's "--" open-block lines still
 * hold them under paragraphs, and `kb recompile` reads those pages again.
 */
const SETEXT_UNDERLINE = /^ {0,3}(?:={3,}|-{3,})[ \t]*$/;
// A bold line that ends a sentence ("**Pure TypeScript module for extracting text from PDFs.**") is prose.
const CAPTION = /^\*\*[^*]+(?<![.!?])\*\*$/;
/** `[label]: https://…`: where a reference link points, no text of the document. */
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S+\s*(?:["'(].*)?$/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;

/**
 * The document as an ordered list of text units: its title, headings, sentences and
 * fragments (table cells, captions, lines broken with <br>). Code blocks, fenced or
 * indented, are left out: they are examples, whose identifiers would crowd out what the
 * prose explains, and their lines are no sentences to quote.
 */
export function markdownTextUnits(source: UnitSource): TextUnit[] {
  const units: TextUnit[] = [];
  const seenHeadings = new Set<string>();
  const title = stripNumbering(cleanInlineMarkdown(source.title));
  if (title.text) {
    units.push({ kind: 'title', ...title, line: -1 });
    seenHeadings.add(title.text.toLowerCase());
  }
  let leadOpen = true;
  const body = dropCodeBlocks(source.markdown);
  // dropCodeBlocks keeps every line (code lines become empty), so line numbers are the source's;
  // a block separator spans the last line of one block, one blank line and the next block.
  let blockLine = 0;
  for (const block of body.split(/\n[ \t]*\n/)) {
    let paragraph: string[] = [];
    let paragraphLine = blockLine;
    const flush = (): void => {
      if (paragraph.length === 0) return;
      leadOpen = pushProse(units, paragraph.join(' '), leadOpen, paragraphLine);
      paragraph = [];
    };
    const lines = block.split('\n');
    lines.forEach((line, i) => {
      const at = blockLine + i;
      const heading = HEADING.exec(line);
      if (paragraph.length === 1 && SETEXT_UNDERLINE.test(line) && !LIST_ITEM.test(lines[i - 1]!) && !/^ {0,3}>/.test(lines[i - 1]!)) {
        // "semver(1) -- The semantic versioner for npm" over a line of "=": a heading, not prose,
        // as the outline reads it (sections-from-markdown.ts: a one-line paragraph only).
        pushHeading(units, seenHeadings, paragraph.join(' '), paragraphLine);
        paragraph = [];
      } else if (heading) {
        flush();
        pushHeading(units, seenHeadings, heading[1] ?? '', at);
      } else if (RULE.test(line) || LINK_DEFINITION.test(line)) {
        flush();
      } else if (/^\s*\|/.test(line) || /<br\s*\/?>/i.test(line) || CAPTION.test(line.trim())) {
        flush();
        const cells = line.split(/<br\s*\/?>|(?<!\\)\|/i).filter((cell) => cell.trim().length > 0);
        cells.forEach((cell, c) => (c === 0 && opensCallSignature(cell) ? pushTermLine(units, cell, at) : pushFragment(units, cell, at)));
      } else if (isTermLine(block, line)) {
        flush();
        pushTermLine(units, line, at);
      } else {
        if (paragraph.length === 0) paragraphLine = at;
        paragraph.push(line.replace(/^\s*(?:>\s*)*(?:[-*+]|\d+[.)])?\s+/, ''));
      }
    });
    flush();
    blockLine += lines.length + 1;
  }
  for (const sectionTitle of source.sectionTitles ?? []) pushHeading(units, seenHeadings, sectionTitle, -1);
  return units;
}

/**
 * The Markdown with the lines of code blocks emptied. An indented block (four spaces or a
 * tab, after a blank line) is code, as CommonMark reads it, unless it continues a list item:
 * there the indentation nests a paragraph in the item.
 */
function dropCodeBlocks(markdown: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  let previous = '';
  let inList = false;
  let indentedCode = false;
  for (const line of markdown.split('\n')) {
    if (fence === undefined) {
      const indented = /^(?: {4}|\t)/.test(line) && line.trim() !== '';
      if (indented && (indentedCode || (previous.trim() === '' && !inList))) {
        indentedCode = true;
        kept.push('');
        continue;
      }
      if (line.trim() !== '') {
        indentedCode = false;
        if (!/^\s/.test(line)) inList = LIST_ITEM.test(line);
      }
      previous = line;
      const open = FENCE_OPEN.exec(line);
      if (open) fence = open[1];
      kept.push(open ? '' : line);
    } else {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1]![0] === fence![0] && close[1]!.length >= fence!.length) fence = undefined;
      kept.push('');
    }
  }
  return kept.join('\n');
}

/** Sentences of one paragraph; returns whether the opening paragraph is still to come. */
function pushProse(units: TextUnit[], markdown: string, leadOpen: boolean, line: number): boolean {
  const plain = cleanInlineMarkdown(markdown);
  if (!/\p{L}/u.test(plain.text)) return leadOpen;
  for (const [start, end] of splitSentences(plain.text, plain.code)) {
    units.push({ kind: leadOpen ? 'lead' : 'sentence', ...slicePlain(plain, start, end), line });
  }
  return false;
}

function pushHeading(units: TextUnit[], seen: Set<string>, markdown: string, line: number): void {
  const plain = stripNumbering(cleanInlineMarkdown(markdown));
  const key = plain.text.toLowerCase();
  if (!plain.text || seen.has(key)) return;
  seen.add(key);
  units.push({ kind: 'heading', ...plain, line });
}

/**
 * A table row defines the name in its first cell when the cell is a call signature, as in a
 * function reference (`abs` ( numeric ) → numeric, `len(s)`). A row of name and type (`relid`
 * `oid`) lists a column of a table or view: a detail of the thing the page is about, which
 * neither a back-of-book index nor a reader looks up on its own. On the tuning half of the
 * PostgreSQL pages (`npm run bench:concepts`), reading only signatures as definitions raised
 * strict F1 of the concepts a document names from 0.491 to 0.599, at the same recall (0.736).
 */
function opensCallSignature(cell: string): boolean {
  return /^\s*`[^`(]+(?:\(|`\s*\()/.test(cell);
}

/** A paragraph of one short line that opens with code and is no sentence: a defined term. */
function isTermLine(block: string, line: string): boolean {
  const trimmed = line.trim();
  return block.trim() === trimmed && trimmed.length <= 120 && /^`/.test(trimmed) && !/[.:;!?]$/.test(trimmed);
}

/** The code opening the line is a term; what follows (types, arguments) a fragment. */
function pushTermLine(units: TextUnit[], markdown: string, line: number): void {
  const plain = cleanInlineMarkdown(markdown.trim());
  const first = plain.code[0];
  if (!first || first.start !== 0 || first.placeholder) {
    if (/\p{L}/u.test(plain.text)) units.push({ kind: 'fragment', ...plain, line });
    return;
  }
  units.push({ kind: 'term', ...slicePlain(plain, 0, first.end), line });
  const rest = slicePlain(plain, first.end, plain.text.length);
  if (/\p{L}/u.test(rest.text)) units.push({ kind: 'fragment', ...rest, line });
}

function pushFragment(units: TextUnit[], markdown: string, line: number): void {
  const plain = cleanInlineMarkdown(markdown.trim());
  if (/\p{L}/u.test(plain.text)) units.push({ kind: 'fragment', ...plain, line });
}

function slicePlain(plain: PlainText, start: number, end: number): PlainText {
  const within = <T extends TextRange>(ranges: readonly T[]): T[] =>
    ranges.filter((r) => r.start >= start && r.end <= end).map((r) => ({ ...r, start: r.start - start, end: r.end - start }));
  return { text: plain.text.slice(start, end), code: within(plain.code), emphasis: within(plain.emphasis) };
}

/** "21.5. Password Authentication", "Chapter 9. Functions", "F.2. adminpack": the number is no topic. */
function stripNumbering(plain: PlainText): PlainText {
  const prefix = /^(?:(?:[Cc]hapter|[Aa]ppendix|[Pp]art|[Ss]ection|[Tt]able|[Ff]igure|[Ee]xample)\s+)?(?:[\p{Lu}\d]{1,4}(?:\.\d+)*\.|\d+(?:\.\d+)*)\s+(?=\S)/u.exec(plain.text);
  if (!prefix) return plain;
  return slicePlain(plain, prefix[0].length, plain.text.length);
}
