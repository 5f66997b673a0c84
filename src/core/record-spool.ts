import fs from 'node:fs';
import v8 from 'node:v8';

/** Read back this many bytes at a time: records are small, a bigger buffer only costs memory. */
const READ_CHUNK = 1 << 20;

/**
 * An append-only file of records, read back in the order they were appended, so that a long
 * run can set aside what it computed instead of holding all of it in memory (kb recompile
 * --all at 100,000 documents). Records are V8-serialised, as worker threads pass them
 * (Maps, undefined and typed arrays survive). Scratch data: never fsynced, and the file
 * lives in a staging folder the caller removes (or the recovery sweep, after a crash).
 */
export class RecordSpool<T> {
  private readonly fd: number;
  private size = 0;
  private count = 0;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'w+');
  }

  get length(): number {
    return this.count;
  }

  append(record: T): void {
    const body = v8.serialize(record);
    const bytes = Buffer.allocUnsafe(4 + body.length);
    bytes.writeUInt32LE(body.length, 0);
    body.copy(bytes, 4);
    this.writeAll(bytes);
    this.count++;
  }

  /** Every record appended so far, in order; may be read any number of times. */
  *records(): Generator<T> {
    let buffer = Buffer.alloc(0);
    let position = 0;
    const need = (bytes: number): boolean => {
      while (buffer.length < bytes && position < this.size) {
        const chunk = Buffer.alloc(Math.max(READ_CHUNK, bytes - buffer.length));
        const read = fs.readSync(this.fd, chunk, 0, Math.min(chunk.length, this.size - position), position);
        if (read === 0) break;
        position += read;
        buffer = buffer.length === 0 ? chunk.subarray(0, read) : Buffer.concat([buffer, chunk.subarray(0, read)]);
      }
      return buffer.length >= bytes;
    };
    while (need(4)) {
      const length = buffer.readUInt32LE(0);
      if (!need(4 + length)) throw new Error(`${this.file}: truncated record`);
      const record = v8.deserialize(buffer.subarray(4, 4 + length)) as T;
      buffer = buffer.subarray(4 + length);
      yield record;
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private writeAll(bytes: Buffer): void {
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written, bytes.length - written, this.size + written);
    this.size += bytes.length;
  }
}
