/**
 * An OLE compound file: what Office writes for a password-protected .docx/.xlsx/.pptx (the
 * encrypted package inside), and the old binary .doc/.xls/.ppt formats. Never a zip.
 */
export function isOleFile(bytes: Uint8Array): boolean {
  return OLE_MAGIC.every((byte, i) => bytes[i] === byte);
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
