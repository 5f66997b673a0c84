import { finished } from 'node:stream/promises';
import { Tokenize } from 'rtf-stream-parser';
import { ConversionError } from './converted-document.js';
import { decodeWindows1252 } from './decode-text.js';
import { firstLineOf } from './first-line-of.js';

/** What an RTF document says, block by block: paragraphs, headings, list items and table rows. */
export type RtfBlock =
  | { kind: 'paragraph'; text: string; heading?: number; listDepth?: number }
  | { kind: 'table'; rows: string[][] };

export interface RtfContent {
  blocks: RtfBlock[];
  /** `{\info{\title …}}`, when the document has one. */
  title: string | undefined;
}

// rtf-stream-parser's tokens (its index does not export the type; its token kinds are a const enum).
interface Token {
  type: number;
  word?: string;
  param?: number;
  data?: Buffer;
}
const GROUP_START = 0;
const GROUP_END = 1;
const CONTROL = 2;

/**
 * Destinations whose text is not the document's reading text: tables of fonts, colours and
 * lists, pictures, objects, headers and footers, fields' instructions, shapes. Any group opened
 * with `\*` is skipped as well, as the specification asks of destinations a reader does not know.
 */
const SKIPPED = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'shp', 'shpinst', 'nonshppict', 'listtable',
  'listoverridetable', 'rsidtbl', 'revtbl', 'filetbl', 'pgdsctbl', 'header', 'headerl', 'headerr', 'headerf',
  'footer', 'footerl', 'footerr', 'footerf', 'fldinst', 'datafield', 'listtext', 'pntext', 'pn', 'xe', 'tc', 'txe',
  'bkmkstart', 'bkmkend', 'generator', 'themedata', 'colorschememapping', 'latentstyles', 'datastore', 'xmlnstbl',
]);

/** Characters some control words stand for. */
const SYMBOLS: Readonly<Record<string, string>> = {
  tab: ' ', line: ' ', emdash: '—', endash: '–', bullet: '•', lquote: '‘', rquote: '’', ldblquote: '“', rdblquote: '”',
  emspace: ' ', enspace: ' ', qmspace: ' ', '~': ' ', _: '-', '{': '{', '}': '}', '\\': '\\', nestcell: ' ',
};

/** `\fcharsetN` of a font to the code page its `\'xx` bytes are in (the document's when absent). */
const CHARSET_CODE_PAGE: Readonly<Record<number, number>> = {
  77: 10000, 128: 932, 129: 949, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250,
};
const CODE_PAGE_LABEL: Readonly<Record<number, string>> = { 932: 'shift_jis', 936: 'gbk', 949: 'euc-kr', 950: 'big5', 10000: 'macintosh' };

interface GroupState {
  /** Inside a destination whose text is dropped. */
  skip: boolean;
  /** Where text goes: the body, the title (`\info{\title …}`), a footnote; inside `\info`, nowhere else. */
  sink: 'body' | 'info' | 'title' | 'footnote';
  /** Characters of fallback to drop after `\uN` (`\ucN`). */
  uc: number;
  font: number;
  /** Only in the font and style tables: the entry being defined. */
  table?: 'fonts' | 'styles';
}

interface ParagraphState {
  style: number;
  outline: number | undefined;
  inTable: boolean;
  list: boolean;
  listLevel: number;
}

const newStyleEntry = () => ({ number: 0, outline: undefined as number | undefined, name: '', paragraph: true });
const plainParagraph = (): ParagraphState => ({ style: 0, outline: undefined, inTable: false, list: false, listLevel: 0 });

/**
 * Reads RTF with rtf-stream-parser's tokenizer (groups, control words, hex and `\bin` data) and
 * interprets the tokens as the specification says: destinations, `\uN` with its `\ucN`
 * fallback skipped, `\'xx` bytes in the code page of the document (`\ansicpgN`) or of the font
 * (`\fcharsetN`), paragraph properties reset by `\pard`, table cells and rows, heading levels
 * from `\outlinelevelN` or from the paragraph style (`\sN`) the stylesheet defines.
 */
export async function readRtf(bytes: Uint8Array): Promise<RtfContent> {
  const reader = new RtfReader();
  const tokenizer = new Tokenize();
  tokenizer.on('data', (token: Token) => reader.take(token));
  tokenizer.end(withoutBadHexEscapes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)));
  try {
    await finished(tokenizer);
  } catch (error) {
    throw error instanceof ConversionError ? error : new ConversionError(`corrupt RTF: ${firstLineOf(error)}`);
  }
  return reader.finish();
}

/**
 * A `\'` not followed by two hex digits is dropped (its characters stay text): the tokenizer
 * would print "Bad hex digit" on the console, which belongs to the CLI. Latin-1 round-trips
 * every byte, so nothing else changes. An escaped backslash (`\\'`) is not an escape.
 */
function withoutBadHexEscapes(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const fixed = text.replace(/(?<!\\)((?:\\\\)*)\\'(?![0-9A-Fa-f]{2})/g, '$1');
  return fixed === text ? bytes : Buffer.from(fixed, 'latin1');
}

class RtfReader {
  private readonly blocks: RtfBlock[] = [];
  private readonly stack: GroupState[] = [];
  private group: GroupState = { skip: false, sink: 'body', uc: 1, font: -1 };
  private paragraph = plainParagraph();
  private codePage = 1252;
  private readonly fontCodePages = new Map<number, number>();
  private readonly styles = new Map<number, { outline: number | undefined; name: string }>();
  /** The stylesheet entry being read; only paragraph styles (`\sN`, or none for Normal) can be headings. */
  private entry = newStyleEntry();
  private defaultFont = -1;
  private pending: number[] = [];
  private toSkip = 0;
  private text = { body: '', title: '', footnote: '' };
  private cell: string[] = [];
  private rows: string[][] = [];
  private groups = 0;
  /** The document's group has closed: what follows (a NUL, a newline) is not the document's. */
  private ended = false;

  take(token: Token): void {
    if (this.ended) return;
    if (token.type === GROUP_START || token.type === GROUP_END) this.flushBytes();
    if (token.type === GROUP_START) {
      this.stack.push(this.group);
      this.group = { ...this.group };
      this.groups++;
      this.toSkip = 0;
    } else if (token.type === GROUP_END) this.endGroup();
    else if (token.type === CONTROL) this.control(token.word ?? '', token.param, token.data);
    else if (token.data) this.bytes(token.data);
  }

  finish(): RtfContent {
    if (this.groups > 0) throw new ConversionError(`corrupt RTF: the file ends inside ${this.groups} unclosed group${this.groups === 1 ? '' : 's'} (truncated?)`);
    this.endParagraph();
    this.endTable();
    const title = this.text.title.replace(/\s+/g, ' ').trim();
    return { blocks: this.blocks, title: title || undefined };
  }

  private endGroup(): void {
    const closing = this.group;
    this.group = this.stack.pop()!;
    this.groups--;
    this.toSkip = 0;
    if (closing.table === 'styles' && this.group.table === 'styles') this.defineStyle();
    if (closing.sink === 'footnote' && this.group.sink !== 'footnote') {
      const note = this.text.footnote.replace(/\s+/g, ' ').trim();
      if (note) this.text.body = `${this.text.body.trimEnd()} [${note}]`;
      this.text.footnote = '';
    }
    if (this.groups === 0) this.ended = true;
  }

  private control(word: string, param: number | undefined, data: Buffer | undefined): void {
    if (word === "'") {
      if (this.consumeFallback(1) === 0 && data && this.keepsText()) this.pending.push(data[0]!);
      return;
    }
    this.flushBytes();
    if (word === 'bin') return;
    if (this.consumeFallback(1) === 1) return;
    if (this.destination(word)) return;
    if (word === 'u' && param !== undefined) {
      this.append(String.fromCharCode(param < 0 ? param + 65536 : param));
      this.toSkip = this.group.uc;
      return;
    }
    this.property(word, param);
  }

  /** A destination control word opens a group whose text goes elsewhere, or nowhere. */
  private destination(word: string): boolean {
    if (word === '*') this.group.skip = true;
    else if (word === 'info') this.group = { ...this.group, skip: true, sink: 'info' };
    else if (word === 'title' && this.group.sink === 'info') this.group = { ...this.group, skip: false, sink: 'title' };
    // `{\*\footnote …}` is a footnote all the same; one inside a skipped destination stays skipped.
    else if (word === 'footnote') this.group = { ...this.group, skip: this.stack[this.stack.length - 1]?.skip ?? false, sink: 'footnote' };
    else if (word === 'fonttbl' || word === 'stylesheet') this.group = { ...this.group, skip: true, table: word === 'fonttbl' ? 'fonts' : 'styles' };
    else if (SKIPPED.has(word)) this.group.skip = true;
    else return false;
    return true;
  }

  private property(word: string, param: number | undefined): void {
    const symbol = SYMBOLS[word];
    if (symbol !== undefined) return this.append(symbol);
    switch (word) {
      case 'ansicpg':
        if (param) this.codePage = param;
        return;
      case 'uc':
        this.group.uc = Math.max(0, param ?? 1);
        return;
      case 'mac':
        this.codePage = 10000;
        return;
      case 'deff':
        this.defaultFont = this.group.font = param ?? 0;
        return;
      case 'plain':
        this.group.font = this.defaultFont;
        return;
      case 'f':
        if (this.group.table === 'fonts') this.entry.number = param ?? 0;
        else this.group.font = param ?? 0;
        return;
      case 'fcharset': {
        const codePage = CHARSET_CODE_PAGE[param ?? 0];
        if (this.group.table === 'fonts' && codePage) this.fontCodePages.set(this.entry.number, codePage);
        return;
      }
      case 's':
        if (this.group.table === 'styles') this.entry.number = param ?? 0;
        else this.paragraph.style = param ?? 0;
        return;
      case 'cs':
      case 'ds':
      case 'ts':
        if (this.group.table === 'styles') this.entry.paragraph = false;
        return;
      case 'outlinelevel':
        if (this.group.table === 'styles') this.entry.outline = param;
        else this.paragraph.outline = param;
        return;
      case 'pard':
        this.paragraph = plainParagraph();
        return;
      case 'intbl':
        this.paragraph.inTable = true;
        return;
      case 'ls':
        this.paragraph.list = (param ?? 0) > 0;
        return;
      case 'ilvl':
        this.paragraph.listLevel = param ?? 0;
        return;
      case 'par':
      case '\n':
      case '\r':
      case 'sect':
        return this.endParagraph();
      case 'cell':
        this.cell.push(this.takeText());
        return;
      case 'row':
        this.rows.push(this.cell);
        this.cell = [];
        return;
      default:
        return;
    }
  }

  private bytes(data: Buffer): void {
    const skipped = this.consumeFallback(data.length);
    if (!this.keepsText()) return;
    for (let i = skipped; i < data.length; i++) this.pending.push(data[i]!);
  }

  /** Drops up to `count` characters of a `\uN` fallback; returns how many were dropped. */
  private consumeFallback(count: number): number {
    const dropped = Math.min(count, this.toSkip);
    this.toSkip -= dropped;
    return dropped;
  }

  /** Text is read outside skipped destinations, and in the stylesheet for the styles' names; a picture's hex is never decoded. */
  private keepsText(): boolean {
    return !this.group.skip || this.group.table === 'styles';
  }

  private flushBytes(): void {
    if (this.pending.length === 0) return;
    const bytes = Uint8Array.from(this.pending);
    this.pending = [];
    if (this.group.table === 'styles') this.entry.name += decodeCodePage(bytes, this.codePage);
    else this.append(decodeCodePage(bytes, this.fontCodePages.get(this.group.font) ?? this.codePage));
  }

  private append(text: string): void {
    if (this.group.skip) return;
    if (this.group.sink === 'title') this.text.title += text;
    else if (this.group.sink === 'footnote') this.text.footnote += text;
    else this.text.body += text;
  }

  private defineStyle(): void {
    const { number, outline, name, paragraph } = this.entry;
    if (paragraph) this.styles.set(number, { outline, name: name.replace(/;\s*$/, '').trim() });
    this.entry = newStyleEntry();
  }

  private takeText(): string {
    const text = this.text.body.replace(/\s+/g, ' ').trim();
    this.text.body = '';
    return text;
  }

  private endParagraph(): void {
    if (this.group.sink === 'footnote') return void (this.text.footnote += ' ');
    if (this.paragraph.inTable) return void (this.text.body += ' ');
    this.endTable();
    const text = this.takeText();
    if (!text) return;
    const heading = this.headingLevel();
    if (heading) this.blocks.push({ kind: 'paragraph', text, heading });
    else if (this.paragraph.list) this.blocks.push({ kind: 'paragraph', text, listDepth: this.paragraph.listLevel });
    else this.blocks.push({ kind: 'paragraph', text });
  }

  private endTable(): void {
    if (this.cell.length > 0) this.rows.push(this.cell);
    this.cell = [];
    if (this.rows.length > 0) this.blocks.push({ kind: 'table', rows: this.rows });
    this.rows = [];
  }

  /** 1–6 from the paragraph's outline level, else its style's; Word's "heading N" and "Title" styles name theirs. */
  private headingLevel(): number | undefined {
    const style = this.styles.get(this.paragraph.style);
    const outline = this.paragraph.outline ?? style?.outline;
    if (outline !== undefined && outline < 9) return Math.min(6, outline + 1);
    const named = /^heading (\d)$/i.exec(style?.name ?? '')?.[1];
    if (named) return Math.min(6, Number(named));
    return style?.name.toLowerCase() === 'title' ? 1 : undefined;
  }
}

/**
 * Bytes in a Windows code page. Node's TextDecoder reads windows-1252 as Latin-1, so that one
 * goes through decode-text's table; a code page TextDecoder does not know is read as 1252.
 */
function decodeCodePage(bytes: Uint8Array, codePage: number): string {
  if (codePage === 1252) return decodeWindows1252(bytes);
  try {
    return new TextDecoder(CODE_PAGE_LABEL[codePage] ?? `windows-${codePage}`).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}
