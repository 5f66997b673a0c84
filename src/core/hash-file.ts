import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** Streaming sha256 of a file, hex: memory stays flat however large the file. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** sha256 of bytes already in memory, hex (same digest as hashFile of a file holding them). */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
