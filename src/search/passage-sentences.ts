import { isAppeal, MIN_STANDALONE_CHARS, standaloneFault } from '../analyze/sentence-check.js';
import { splitSentences } from '../analyze/split-sentences.js';

/** A sentence of a passage an answer may quote. */
export interface PassageSentence {
  text: string;
  /** Order in the passage. */
  position: number;
  /** Opens with "This", "It", "However"… or names "this option": it may be quoted only right after the sentence before it. */
  leansBack: boolean;
}

/**
 * The whole sentences of a passage's indexed text, in document order. The text keeps its
 * source's line breaks (AsciiDoc and PDF text wrap lines mid-sentence), so the lines of a
 * paragraph are joined before the text is cut into sentences; a quote cut at a line break reads
 * "Lets you rewrite Git revision history by rewriting the branches mentioned". Code, shell
 * sessions, tables and markup lines are left out (issue 18), and so is any piece that is not a
 * whole sentence by the check descriptions and key points pass (sentence-check.ts), or that
 * appeals for sponsors.
 * `opensDocument`: the passage is the start of its document (its first section, or a summary).
 * `entries`: a command list's entries ("git-stash(1): Stash the changes …") are quoted too,
 * for the answer to "What does git stash do?"; other answers leave them out, as an entry tells
 * a question on the working tree only which commands touch it.
 */
export function passageSentences(text: string, opensDocument = false, options: { introducing?: boolean; entries?: boolean } = {}): PassageSentence[] {
  const out: PassageSentence[] = [];
  let position = 0;
  for (const paragraph of paragraphsOf(text)) {
    for (const [start, end] of splitSentences(paragraph)) {
      const entry = options.entries ? asEntry(paragraph.slice(start, end).trim()) : undefined;
      const piece = entry?.text ?? withCodeOpening(paragraph.slice(start, end).trim());
      // `introducing`: a sentence that introduces what follows ("… maintained by Pratyush Yadav:")
      // is quoted as the statement it is, ending with a period.
      const sentence = options.introducing ? piece.replace(INTRODUCING_END, '.') : piece;
      if (sentence === '') continue;
      // A document's first sentence has none before it: its "This brief proposes …" speaks of the document.
      const fault = entry ? entryFault(entry) : standaloneFault(sentence, opensDocument && position === 0);
      // "It does …", "Without this option …": whole but for what it points back at (the
      // checks before those two passed), so it is quoted right after the sentence before it.
      const leansBack = fault === 'anaphora' || fault === 'pointer';
      // An appeal for sponsors or a commercial-support notice answers no question about the text.
      if ((fault === undefined || leansBack) && !looksLikeCode(sentence) && !isAppeal(sentence)) out.push({ text: sentence, position, leansBack });
      position++;
    }
  }
  return out;
}

/**
 * A command list's entry, "git-stash(1): Stash the changes …": a manual page's name, then what
 * the command does. Quoted with the name as code, as the page shows it in bold, and judged as a
 * sentence by what it says after the name.
 */
function asEntry(sentence: string): { text: string; says: string } | undefined {
  const entry = COMMAND_ENTRY.exec(sentence);
  return entry ? { text: `\`${entry[1]}\`: ${entry[2]}`, says: entry[2]! } : undefined;
}

/**
 * The command an entry asEntry quoted is for ("git-status" of "`git-status(1)`: Show the
 * working tree status."); undefined for any other sentence.
 */
export function entryCommand(sentence: string): string | undefined {
  return QUOTED_ENTRY.exec(sentence)?.[1];
}

/** What asEntry's entry says is judged as a sentence, but for its length: the name is read with it ("`git-switch(1)`: Switch branches."). */
function entryFault(entry: { text: string; says: string }): string | undefined {
  const fault = standaloneFault(entry.says);
  return fault === 'short' && entry.text.length >= MIN_STANDALONE_CHARS ? undefined : fault;
}

const COMMAND_ENTRY = /^([a-z][\w.-]*\(\d\w{0,3}\)): (\p{Lu}.*)$/u;
/** The same entry as asEntry quotes it, its name as code. */
const QUOTED_ENTRY = /^`([a-z][\w.-]*)\(\d\w{0,3}\)`: \p{Lu}/u;

const INTRODUCING_END = /(?<=[\p{L}\p{N})\]'"”])\s*:$/u;

/**
 * "tar-fs allows you to pack …", "pg_dump writes …": the index keeps no code marks, and a
 * sentence opening with a lower-case name is no sentence without them; the name gets them back,
 * as the page shows it. Only a name joined by "-", "_" or "." (a package, a command, a file),
 * then a lower-case word.
 */
function withCodeOpening(sentence: string): string {
  return sentence.replace(LOWER_CASE_NAME_OPENING, '`$1`');
}

const LOWER_CASE_NAME_OPENING = /^([a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+\/?)(?=\s+[a-z])/;

/**
 * Paragraphs as running text: blank lines, list items and block delimiters end one; a line
 * that is code, a table row or markup is no part of any.
 */
function paragraphsOf(text: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  let inFence = false;
  const flush = (): void => {
    if (current.length > 0) paragraphs.push(current.join(' ').replace(/\s+/g, ' ').trim());
    current = [];
  };
  // A summary's key point may have kept the mark inside its line: "… exits. + Loading stops …".
  for (const raw of text.replace(/([.!?])\s+\+\s+(?=[\p{Lu}\p{N}`"'])/gu, '$1\n\n').split('\n')) {
    const line = raw.trimEnd();
    if (/^\s*(?:```|~~~|-{4,}|\.{4,}|\+{4,}|_{4,}|={4,})\s*$/.test(line)) {
      // A fenced or delimited block (Markdown, AsciiDoc listings): code or a literal, not prose.
      inFence = !inFence;
      flush();
      continue;
    }
    if (inFence) continue;
    // AsciiDoc joins a list item's next paragraph with a lone '+': a paragraph break to a reader.
    if (line.trim() === '' || line.trim() === '+' || NOT_PROSE_LINE.test(line)) {
      flush();
      continue;
    }
    const item = /^\s*(?:[-*+•]|\d{1,2}[.)]|[a-z][.)])\s+(.*)$/u.exec(line);
    if (item) {
      flush();
      current.push(item[1]!);
      continue;
    }
    current.push(line.trim());
  }
  flush();
  return paragraphs;
}

// Indented or tab-led lines (code, [verse] synopses), shell prompts, table rows, AsciiDoc
// attributes and block titles, HTML breaks, headings.
const NOT_PROSE_LINE = /^(?: {4,}|\t)|^\s*(?:\$ |> |# |#{1,6} |\||\[[a-z]+\]$|:[\w-]+:|\.[A-Z]\w|<)|<br\s*\/?>|^\S+\$ /u;

/** Code that reads like a sentence to the splitter: braces, assignments, calls ending a statement. */
function looksLikeCode(sentence: string): boolean {
  return /[{}]|=>|:=|==|;\s*$|\(\)\s*;|\b\w+\([^()]*\): |\$\w|\/\*|\*\//u.test(sentence);
}
