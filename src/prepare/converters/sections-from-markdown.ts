import { decodeEntity } from '../../analyze/clean-inline-markdown.js';
import { IMAGE_OR_BADGE, LINK_TARGET } from '../../core/markdown-links.js';
import type { SectionNode } from './converted-document.js';

export interface Heading {
  title: string;
  level: number;
  start: number;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
/** A setext heading's underline, as CommonMark reads it under a paragraph line. */
export const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that CommonMark never turns into a setext heading's text. */
export const NOT_PARAGRAPH = /^(?: {4}|\t| {0,3}(?:[>|<]|[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|`{3}|~{3}))/;

/**
 * The section tree of a Markdown text: ATX and single-line setext headings outside fenced
 * code. A section spans from its heading line to the next heading of the same or a higher
 * level, so a section's range contains its subsections.
 */
export function sectionsFromMarkdown(markdown: string): SectionNode[] {
  return nestSections(findHeadings(markdown), markdown.length);
}

/** Turns headings in document order into sections whose ends follow the tree. */
export function nestSections(headings: readonly Heading[], length: number): SectionNode[] {
  const sections: SectionNode[] = [];
  const open: SectionNode[] = [];
  for (const heading of headings) {
    while (open.length > 0 && open[open.length - 1]!.level >= heading.level) open.pop()!.end = heading.start;
    const section: SectionNode = { title: heading.title, level: heading.level, start: heading.start, end: length };
    sections.push(section);
    open.push(section);
  }
  return sections;
}

function findHeadings(markdown: string): Heading[] {
  const headings: Heading[] = [];
  let fence: { char: string; length: number } | undefined;
  // A setext underline only makes a heading of a one-line paragraph's first line.
  let candidate: { text: string; start: number } | undefined;
  let blockBoundary = true;
  let offset = 0;
  for (const line of markdown.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (fence) {
      const close = line.match(/^ {0,3}(`{3,}|~{3,})[ \t]*$/)?.[1];
      if (close && close[0] === fence.char && close.length >= fence.length) fence = undefined;
      blockBoundary = fence === undefined;
      continue;
    }
    const open = line.match(FENCE_OPEN)?.[1];
    // A backtick fence's info string may not contain a backtick (that is inline code).
    if (open && !(open[0] === '`' && line.slice(line.indexOf(open) + open.length).includes('`'))) {
      fence = { char: open[0]!, length: open.length };
      candidate = undefined;
      continue;
    }
    const atx = line.match(ATX);
    const underline = candidate ? line.match(SETEXT_UNDERLINE) : null;
    if (atx || (underline && candidate)) {
      const title = plainHeadingText(atx ? (atx[2] ?? '') : candidate!.text);
      const level = atx ? atx[1]!.length : underline![1]![0] === '=' ? 1 : 2;
      if (title) headings.push({ title, level, start: atx ? start : candidate!.start });
      candidate = undefined;
      blockBoundary = true;
      continue;
    }
    const blank = line.trim() === '';
    candidate = !blank && blockBoundary && !NOT_PARAGRAPH.test(line) ? { text: line, start } : undefined;
    blockBoundary = blank;
  }
  return headings;
}

/**
 * Heading text without Markdown markup: what a reader sees. A backslash-escaped character is
 * text, never markup (`\*mean\*` is "*mean*", not emphasis): escapes are set aside in the
 * private-use area before the markup is read, and put back as the plain character after.
 * Badges and images beside the words are no part of them ("# buffer [![travis][travis-image]][travis-url]"
 * is "buffer"); a heading that is only an image (a logo) is named by its alternative text.
 */
export function plainHeadingText(raw: string): string {
  const escaped = raw.replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => String.fromCharCode(ESCAPED + c.charCodeAt(0)));
  return headingWords(escaped.replace(IMAGE_OR_BADGE_PATTERN, ' ')) || headingWords(escaped.replace(IMAGE_PATTERN, '$1'));
}

const IMAGE_OR_BADGE_PATTERN = new RegExp(IMAGE_OR_BADGE, 'g');
const IMAGE_PATTERN = new RegExp(`!\\[([^\\]]*)\\]${LINK_TARGET}`, 'g');
const LINK_PATTERN = new RegExp(`\\[([^\\]]*)\\]${LINK_TARGET}`, 'g');

function headingWords(text: string): string {
  return text
    .replace(/\[\[(?:[^\]|]*\|)?([^\]]*)\]\]/g, '$1')
    .replace(LINK_PATTERN, '$1')
    .replace(/(`+)(.+?)\1/g, '$2')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z]{2,8});/g, decodeEntity)
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}*])([*_])(?=\S)(.+?)(?<=\S)\2(?![\p{L}\p{N}])/gu, '$1$3')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/[\uE000-\uE07F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - ESCAPED))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where plainHeadingText keeps escaped ASCII punctuation while it reads the markup. */
const ESCAPED = 0xe000;
