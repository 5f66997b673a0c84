import { ConversionError } from './converted-document.js';

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const latin1 = new TextDecoder('latin1');

/** Bytes Windows-1252 leaves undefined; in Latin-1 they (and all of 0x80–0x9F) are C1 controls, never text. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Windows-1252's 0x80–0x9F (undefined ones kept as their C1 code points, as WHATWG does). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x80–0x9F become C1
 * controls, not € and curly quotes), so the 32 bytes where the two differ are mapped here.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

export interface DecodedText {
  text: string;
  /** The WHATWG name of the encoding the bytes were read in: utf-8, utf-16le, utf-16be, windows-1252… */
  encoding: string;
}

/** Binary formats need no decoding, only the same "empty file" verdict as text. */
export function assertNotEmpty(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ConversionError('empty file');
}

/**
 * The text of a file behind a text extension, or the one-line reason it is not text.
 * A BOM decides (UTF-8, UTF-16 LE/BE); else UTF-8 if the bytes are valid UTF-8; else
 * Windows-1252 — most older text is in it or in Latin-1, which reads the same wherever it
 * holds text — if no byte is undefined there and control bytes are rare. The BOM is dropped
 * and line endings become "\n", so converters only ever see LF.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  assertNotEmpty(bytes);
  const decoded = decodeByBom(bytes) ?? decodeWithoutBom(bytes);
  if (decoded.text.trim() === '') throw new ConversionError('empty file');
  return { text: decoded.text.replace(/\r\n?/g, '\n'), encoding: decoded.encoding };
}

/** A UTF-8 or UTF-16 byte order mark: it names the encoding, whatever a file declares inside. */
export function startsWithBom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function decodeByBom(bytes: Uint8Array): DecodedText | undefined {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (!encoding) return undefined;
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new ConversionError(`invalid ${encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} text (it starts with that byte order mark)`);
  }
  if (text.includes('\0')) throw new ConversionError('binary content in a text file');
  return { text, encoding };
}

function decodeWithoutBom(bytes: Uint8Array): DecodedText {
  assertTextLike(bytes);
  try {
    return { text: fatalUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) throw new ConversionError(`invalid UTF-8 at byte ${firstInvalidUtf8Byte(bytes)} (after a UTF-8 byte order mark)`);
    const undefinedAt = bytes.findIndex((b) => UNDEFINED_IN_1252.has(b));
    if (undefinedAt !== -1) {
      const byte = bytes[undefinedAt]!.toString(16).toUpperCase();
      throw new ConversionError(`invalid UTF-8 at byte ${firstInvalidUtf8Byte(bytes)}, and not Windows-1252 either (byte 0x${byte} at ${undefinedAt})`);
    }
    // Valid UTF-8 proves an encoding; Windows-1252 accepts almost any bytes, so ask for text-like ones.
    if (controlBytes(bytes) * 100 > bytes.length) throw new ConversionError('binary content in a text file');
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** The check every text encoding without a UTF-16 BOM shares: no NUL bytes. */
export function assertTextLike(bytes: Uint8Array): void {
  // Text never contains NUL; images, archives and executables almost always do (and so does
  // UTF-16 without a BOM, which is not guessed at).
  if (bytes.indexOf(0) !== -1) throw new ConversionError('binary content in a text file');
}

/** C0 control bytes other than tab, line breaks, form feed, escape (ANSI colours) and ^Z (DOS end of file). */
function controlBytes(bytes: Uint8Array): number {
  let count = 0;
  for (const b of bytes) if ((b < 0x20 && ![0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a, 0x1b].includes(b)) || b === 0x7f) count++;
  return count;
}

/** What a converter records of the encoding: nothing for plain UTF-8, the name otherwise. */
export function encodingField(decoded: DecodedText): { encoding?: string } {
  return decoded.encoding === 'utf-8' ? {} : { encoding: decoded.encoding };
}

/**
 * 0-based offset where the first invalid UTF-8 sequence starts, as Python reports it
 * (TextDecoder says only that there is one). Same rules as the WHATWG decoder: overlong
 * forms, surrogates and code points above U+10FFFF are invalid.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < lower || c > upper) return i;
      lower = 0x80;
      upper = 0xbf;
    }
    i += need + 1;
  }
  return bytes.length;
}
