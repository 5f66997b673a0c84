/**
 * A PDF date string ("D:20230120143000+01'00'", every part after the year optional) as a
 * Date, or undefined when it is not one. A missing offset reads as UTC, as pdf.js read it when
 * it was kb's reader, so that no date moves.
 */
export function pdfDate(value: string): Date | undefined {
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(value.trim());
  if (!match) return undefined;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', sign, offsetHours = '00', offsetMinutes = '00'] = match;
  const fields = [Number(month), Number(day), Number(hour), Number(minute), Number(second)];
  if (fields[0]! < 1 || fields[0]! > 12 || fields[1]! < 1 || fields[1]! > 31 || fields[2]! > 23 || fields[3]! > 59 || fields[4]! > 59) return undefined;
  const utc = Date.UTC(Number(year), fields[0]! - 1, fields[1]!, fields[2]!, fields[3]!, fields[4]!);
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return new Date(sign === '+' ? utc - offset : sign === '-' ? utc + offset : utc);
}

/** An XMP packet's title: `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">…</rdf:li>`. */
const XMP_TITLE = /<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>([^<]*)<\/rdf:li>/;

/** How far past `<dc:title>` the title is looked for: a packet's title element is short. */
const XMP_TITLE_WINDOW = 4096;

/**
 * The document's XMP title (dc:title), for a PDF whose Info dictionary has none. XMP packets
 * are stored uncompressed so that any tool can find them (XMP spec, part 3), so the bytes are
 * searched as they are, for `<dc:title>` first: only the bytes after it are decoded, not a
 * whole manual. A compressed packet simply gives none.
 */
export function xmpDcTitle(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buffer.indexOf('<dc:title>');
  if (at === -1) return undefined;
  const match = XMP_TITLE.exec(buffer.subarray(at, at + XMP_TITLE_WINDOW).toString('utf8'));
  if (!match) return undefined;
  const title = decodeXmlText(match[1]!).trim();
  return title || undefined;
}

/** XML's character references and five named entities; a reference to no character stays as written. */
function decodeXmlText(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec || hex) {
      const code = dec ? Number(dec) : parseInt(hex!, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name!.toLowerCase() as 'amp'];
  });
}
