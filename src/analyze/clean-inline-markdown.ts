import { IMAGE_OR_BADGE, LINK_TARGET } from '../core/markdown-links.js';

/** A code span inside plain text: [start, end) offsets of its content. */
export interface CodeRange {
  start: number;
  end: number;
  /**
   * Italic code (`_`name`_`): reference manuals (DocBook's <replaceable>, man pages) use it
   * for placeholders the reader substitutes, never for names worth a concept.
   */
  placeholder: boolean;
}

/** Emphasised text (_x_, *x*, **x**): authors mark a term so where they define it. */
export interface TextRange {
  start: number;
  end: number;
}

export interface PlainText {
  text: string;
  code: CodeRange[];
  emphasis: TextRange[];
}

// One alternation scanned left to right, so offsets of code spans are those of the output.
const INLINE = new RegExp(
  [
    // A badge or an image is no text: it goes whole, label and all.
    `(?<image>${IMAGE_OR_BADGE})`,
    /(?<italicCode>[_*](?<ic>`+)(?<icText>[^`]+?)\k<ic>[_*])/.source,
    // A run of n backticks closes a code span opened by n: `` a `b` `` holds a `b`.
    /(?<code>(?<tick>`+)(?<codeText>[^`][\s\S]*?)(?<!`)\k<tick>(?!`))/.source,
    /(?<emph>(?<![\p{L}\p{N}_\\])(?<em>\*\*|__|\*|_)(?=[^\s*_])(?<emText>[^*_`\n]+?)(?<=[^\s*_\\])\k<em>(?![\p{L}\p{N}_]))/u.source,
    // Links inline ([text](url)) or by reference ([text][label]) keep their text.
    `(?<link>\\[(?<linkText>[^\\]]*)\\]${LINK_TARGET})`,
    /(?<tag><\/?[A-Za-z][^>]*>)/.source,
    /(?<entity>&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z]{2,8});)/.source,
    /(?<escape>\\(?<escaped>[!-/:-@[-`{-~]))/.source,
    /(?<emphasis>\*{1,3}|(?<![\p{L}\p{N}_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![\p{L}\p{N}_]))/u.source,
  ].join('|'),
  'gu',
);

/** Every match of INLINE holds one of these: ` * _ [ < & \ (an image's ! comes with its [). */
const MARKUP_CHARACTER = /[`*_[<&\\]/;

/**
 * Inline Markdown → the text a reader sees, with the positions of its code spans. Links keep
 * their label, images and HTML tags go, escapes are undone; code keeps its content so names
 * like `pg_dump` survive, and is reported so the tokenizer keeps each span whole.
 */
export function cleanInlineMarkdown(markdown: string): PlainText {
  // Most text units of a PDF hold no markup at all: the alternation would still be tried at
  // every character (profiled: that scan was a fifth of splitting the R reference manual into units).
  if (!MARKUP_CHARACTER.test(markdown)) return collapseSpaces(markdown, [], []);
  let text = '';
  const code: CodeRange[] = [];
  const emphasis: TextRange[] = [];
  let last = 0;
  for (const match of markdown.matchAll(INLINE)) {
    text += markdown.slice(last, match.index);
    last = match.index + match[0].length;
    const g = match.groups ?? {};
    if (g.italicCode !== undefined) pushCode(g.icText ?? '', true);
    else if (g.code !== undefined) pushCode(g.codeText ?? '', false);
    else if (g.emph !== undefined) pushEmphasis(g.emText ?? '');
    else if (g.link !== undefined) text += cleanInlineMarkdown(g.linkText ?? '').text;
    else if (g.escape !== undefined) text += g.escaped ?? '';
    else if (g.entity !== undefined) text += decodeEntity(g.entity);
    else if (g.tag !== undefined) text += ' ';
    // images and emphasis markers add nothing
  }
  text += markdown.slice(last);
  return collapseSpaces(text, code, emphasis);

  function pushCode(content: string, placeholder: boolean): void {
    // Converters nest markup in code (`` `f`(_`arg`_) ``): drop the placeholders and the ticks.
    const inner = content.replace(/[_*]`[^`]*`[_*]/g, '').replace(/`/g, '').trim();
    code.push({ start: text.length, end: text.length + inner.length, placeholder });
    text += inner;
  }

  function pushEmphasis(content: string): void {
    const start = text.length;
    text += cleanInlineMarkdown(content).text;
    emphasis.push({ start, end: text.length });
  }
}

// Entities Markdown writers leave in text; any other named one is dropped, not read as a word.
const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", mdash: '—', ndash: '–', hellip: '…', copy: '©' };

/** The character of an HTML entity (`&nbsp;`, `&#8212;`); an unknown named one reads as a space. */
export function decodeEntity(entity: string): string {
  const body = entity.slice(1, -1);
  if (body[0] !== '#') return ENTITIES[body.toLowerCase()] ?? ' ';
  const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
}

/** Collapses runs of white space to one space, moving ranges along. Linear: no string is re-read. */
function collapseSpaces(raw: string, code: CodeRange[], emphasis: TextRange[]): PlainText {
  // Most text has nothing to collapse: it is its own result, where copying it word by word
  // cost two string pieces a word, and ranges keep their offsets.
  if (isCollapsed(raw)) return movedRanges(raw, code, emphasis, (offset) => offset);
  // Offsets are only moved for ranges: text without any needs no map (an array the size of the text).
  const map = code.length + emphasis.length > 0 ? new Array<number>(raw.length + 1) : undefined;
  let text = '';
  let pendingSpace = false;
  let i = 0;
  while (i < raw.length) {
    if (isWhiteSpace(raw.charCodeAt(i))) {
      if (map) map[i] = text.length;
      pendingSpace = text.length > 0;
      i++;
      continue;
    }
    if (pendingSpace) {
      text += ' ';
      pendingSpace = false;
    }
    // A run of other characters is copied in one slice (this runs on every unit of every document).
    let end = i + 1;
    while (end < raw.length && !isWhiteSpace(raw.charCodeAt(end))) end++;
    if (map) for (let k = i; k < end; k++) map[k] = text.length + (k - i);
    text += raw.slice(i, end);
    i = end;
  }
  if (!map) return { text, code: [], emphasis: [] };
  map[raw.length] = text.length;
  return movedRanges(text, code, emphasis, (offset) => map[offset]!);
}

/** No white space at either end, and each space alone, between other characters: nothing to collapse. */
function isCollapsed(raw: string): boolean {
  if (raw.length === 0) return true;
  if (isWhiteSpace(raw.charCodeAt(0)) || isWhiteSpace(raw.charCodeAt(raw.length - 1))) return false;
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x20 ? isWhiteSpace(raw.charCodeAt(i + 1)) : isWhiteSpace(c)) return false;
  }
  return true;
}

/** `text` with the ranges moved to where `moved` says their offsets went; ranges left empty go. */
function movedRanges(text: string, code: CodeRange[], emphasis: TextRange[], moved: (offset: number) => number): PlainText {
  if (code.length + emphasis.length === 0) return { text, code: [], emphasis: [] };
  const length = text.length;
  // One mapper per range type, objects built field by field: a generic `{ ...r }` mapper
  // saw both shapes, and V8 threw its optimised code away on nearly every call (1,281
  // "wrong map" deopts in one `kb add` of the shared PDFs), in every prepare worker anew.
  const start = (offset: number): number => moved(offset);
  const end = (offset: number): number => Math.min(moved(offset), length);
  return {
    text,
    code: code.map((c): CodeRange => ({ start: start(c.start), end: end(c.end), placeholder: c.placeholder })).filter((c) => c.end > c.start),
    emphasis: emphasis.map((e): TextRange => ({ start: start(e.start), end: end(e.end) })).filter((e) => e.end > e.start),
  };
}

/** Exactly the characters of the regular expression class \s, by code (a regex per character was a profile hot spot). */
export function isWhiteSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
