/**
 * What typesetting leaves in a PDF's text that no reader reads as the text: running heads
 * and feet, page numbers, table-of-contents lines with dot leaders, and words broken at a
 * line end. Works on each page's lines before they become Markdown.
 */

// How many lines at each end of a page can be a running head or foot.
const EDGE = 3;
// A line is running when it sits at the edge of this share of the pages (and of 3 at least):
// a chapter's running head covers its chapter only, a caption's pattern may recur more often.
const RUNNING_SHARE = 0.3;
const PAGE_NUMBER = /^\s*(?:[-–—]\s*)?(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:\/|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$/i;
// ". . . . 12", "....... 12", "…… xi": at least five leader dots, then maybe a page number.
const DOT_LEADER = /(?:\.\s?){5,}\s*(?:\d{1,4}|[ivxlcdm]{1,7})?\s*$|…{2,}\s*\d*\s*$/i;
// "1.7 Getting help 12", "A Index 9": a numbered entry ending in a page number.
const TOC_ENTRY = /^\s*(?:\d+(?:\.\d+)*|[A-Z])\.?\s+\S.*\s\d{1,4}\s*$/;

export function dropPageResidue(pages: readonly string[][]): string[][] {
  const kept = dropRunningLines(pages).map(dropTableOfContents);
  return joinHyphenatedWords(kept);
}

/** The line as a running head or foot repeats it: case, spacing and numbers ignored. */
function runningKey(line: string): string {
  return line.toLowerCase().replace(/\d+/g, '#').replace(/\b[ivxlcdm]+$/, "#").replace(/\s+/g, ' ').trim();
}

/**
 * The indexes of the first and last EDGE lines with text (all of them on a page of at most
 * twice EDGE). Found from each end: a page's lines in between are never looked at, where a
 * list of every line with text cost an array a line (a third of this file's time, profiled).
 */
function edgeIndexes(lines: readonly string[]): number[] {
  const head: number[] = [];
  for (let i = 0; i < lines.length && head.length <= EDGE * 2; i++) if (hasText(lines[i]!)) head.push(i);
  if (head.length <= EDGE * 2) return head;
  const tail: number[] = [];
  for (let i = lines.length - 1; tail.length < EDGE; i--) if (hasText(lines[i]!)) tail.unshift(i);
  return [...head.slice(0, EDGE), ...tail];
}

function hasText(line: string): boolean {
  return line.trim() !== '';
}

/**
 * Whether a line can be a running head or foot at all: it has a letter (a closing brace of
 * code at the foot of many pages stays), ends no sentence or statement (running heads carry
 * no full stop; "mode param(pixels per inch, 82);" is a listing's), and is no caption
 * ("Figure 5: …" at the foot of many pages is still the figure's).
 */
function mayRun(key: string): boolean {
  return /\p{L}/u.test(key) && !/[.!?;:,]$/.test(key) && !/^(?:figure|fig\.|table|listing|example)\s*#/.test(key);
}

/**
 * Drops page numbers at a page's edge, and lines at the edge of many pages that are equal
 * but for their numbers ("TUGboat, Volume 30 (2009), No. 1 7").
 */
function dropRunningLines(pages: readonly string[][]): string[][] {
  const withText = pages.filter((lines) => lines.some((line) => line.trim() !== '')).length;
  const pagesByKey = new Map<string, number>();
  for (const lines of pages) {
    const keys = new Set(edgeIndexes(lines).map((i) => runningKey(lines[i]!)));
    for (const key of keys) if (mayRun(key)) pagesByKey.set(key, (pagesByKey.get(key) ?? 0) + 1);
  }
  const minimum = Math.max(3, Math.ceil(withText * RUNNING_SHARE));
  return pages.map((lines) => {
    const drop = new Set(edgeIndexes(lines).filter((i) => PAGE_NUMBER.test(lines[i]!) || (pagesByKey.get(runningKey(lines[i]!)) ?? 0) >= minimum));
    return lines.filter((_, i) => !drop.has(i));
  });
}

/** Drops dot-leader lines and the numbered entries between them (a contents list's rows). */
function dropTableOfContents(lines: readonly string[]): string[] {
  const leader = lines.map((line) => DOT_LEADER.test(line) && /\p{L}/u.test(line));
  if (!leader.includes(true)) return [...lines];
  const nearLeader = (i: number, step: number): boolean => {
    for (let j = i + step; j >= 0 && j < lines.length; j += step) {
      if (lines[j]!.trim() === '') continue;
      if (leader[j]) return true;
      if (!TOC_ENTRY.test(lines[j]!)) return false;
    }
    return false;
  };
  return lines.filter((line, i) => !leader[i] && !(TOC_ENTRY.test(line) && (nearLeader(i, -1) || nearLeader(i, 1))));
}

const WORD = /\p{L}+(?:[-’']\p{L}+)*/gu;
const BROKEN_END = /(\p{L}+)-$/u;
const CONTINUATION = /^(\p{Ll}[\p{L}]*)(\S*)\s*(.*)$/u;

/**
 * Joins a word broken at a line end: the piece on the next line moves up, so the word is
 * whole on one line. The hyphen goes when the joined word occurs elsewhere in the document
 * ("hyphenation"); it stays when the hyphenated form does ("write-ahead"). When neither
 * occurs, it stays only if both halves are words of the document on their own ("write" and
 * "ahead" are, "hyphen" and "ation" are not): a syllable is no word, a compound's parts are.
 */
function joinHyphenatedWords(pages: readonly string[][]): string[][] {
  const counts = wordCounts(pages);
  const count = (word: string) => counts.get(word.toLowerCase()) ?? 0;
  return pages.map((page) => {
    const lines = [...page];
    for (let i = 0; i + 1 < lines.length; i++) {
      // Tried on a line that ends with a hyphen only: the pattern, unanchored at its start,
      // tries every position of every line (a fifth of this file's time, profiled).
      const broken = lines[i]!.endsWith('-') ? BROKEN_END.exec(lines[i]!) : null;
      const next = broken ? CONTINUATION.exec(lines[i + 1]!.trimStart()) : null;
      if (!broken || !next) continue;
      const [head, tail] = [broken[1]!, next[1]!];
      const joined = `${head}${tail}`;
      const keepHyphen =
        count(joined) === 0 && (count(`${head}-${tail}`) > 0 || (count(head) > 1 && count(tail) > 1));
      lines[i] = `${lines[i]!.slice(0, -1)}${keepHyphen ? '-' : ''}${tail}${next[2]}`;
      lines[i + 1] = next[3]!;
      if (lines[i + 1] === '') lines.splice(i + 1, 1);
    }
    return lines;
  });
}

/**
 * How often each word occurs in the pages, by its lower-case form. Counted as written, then
 * folded: distinct forms are few, and lower-casing each of a long document's words (662,221 in
 * the R reference manual) cost more than counting them.
 */
function wordCounts(pages: readonly string[][]): Map<string, number> {
  const asWritten = new Map<string, number>();
  for (const lines of pages) for (const line of lines) for (const word of line.match(WORD) ?? []) asWritten.set(word, (asWritten.get(word) ?? 0) + 1);
  const counts = new Map<string, number>();
  for (const [word, n] of asWritten) {
    const key = word.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + n);
  }
  return counts;
}
