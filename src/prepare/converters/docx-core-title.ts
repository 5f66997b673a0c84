import { inflateRawSync } from 'node:zlib';

const CORE_PART = 'docProps/core.xml';

/**
 * The title in a Word file's core properties (docProps/core.xml, `dc:title`), or undefined.
 * mammoth reads the document body only, so the part is found here through the zip's central
 * directory; any damage means no title, never a failed conversion (mammoth judges the file).
 */
export function docxCoreTitle(bytes: Uint8Array): string | undefined {
  try {
    const xml = readZipEntry(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), CORE_PART);
    const title = xml && /<dc:title>([\s\S]*?)<\/dc:title>/.exec(xml)?.[1];
    return title ? decodeXmlText(title).replace(/\s+/g, ' ').trim() || undefined : undefined;
  } catch {
    return undefined;
  }
}

function readZipEntry(zip: Buffer, name: string): string | undefined {
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end === -1) return undefined;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries && zip.readUInt32LE(at) === 0x02014b50; n++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      if (method === 0) return data.toString('utf8');
      return method === 8 ? inflateRawSync(data).toString('utf8') : undefined;
    }
    at += 46 + skip;
  }
  return undefined;
}

function decodeXmlText(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (whole, ref: string) =>
    ref[0] === '#' ? String.fromCodePoint(Number.parseInt(ref.slice(ref[1] === 'x' || ref[1] === 'X' ? 2 : 1), ref[1]?.toLowerCase() === 'x' ? 16 : 10)) : named[ref] ?? whole,
  );
}
