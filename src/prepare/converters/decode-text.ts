import { ConversionError } from './converted-document.js';

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Binary formats need no decoding, only the same "empty file" verdict as text. */
export function assertNotEmpty(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ConversionError('empty file');
}

/**
 * The text of a file behind a text extension, or the one-line reason it is not text.
 * The BOM is dropped and line endings become "\n", so converters only ever see LF.
 */
export function decodeText(bytes: Uint8Array): string {
  assertTextLike(bytes);
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    throw new ConversionError(`invalid UTF-8 at byte ${firstInvalidUtf8Byte(bytes)}`);
  }
  if (text.trim() === '') throw new ConversionError('empty file');
  return text.replace(/\r\n?/g, '\n');
}

/** The checks every text encoding shares: not empty, not UTF-16, no NUL bytes. */
export function assertTextLike(bytes: Uint8Array): void {
  assertNotEmpty(bytes);
  // UTF-16 is full of NULs; naming it beats calling a perfectly good text file binary.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ConversionError('UTF-16 text is not supported (save the file as UTF-8)');
  }
  // Text never contains NUL; images, archives and executables almost always do.
  if (bytes.indexOf(0) !== -1) throw new ConversionError('binary content in a text file');
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
