import type { Pdfjs } from './load-pdfjs.js';

// Thrown as a bare value: an Error would capture a stack trace each time.
const NOT_PLAIN_DATA = Symbol('not plain data');

// Captured once: while pdf.js posts a message, the global is cloneMessage itself.
const nativeClone = globalThis.structuredClone;

/**
 * A deep copy of plain data (objects, arrays, primitives), keeping shared and circular
 * references as structuredClone does; throws NOT_PLAIN_DATA on anything else.
 */
function copyPlain(value: unknown, copies: Map<object, unknown>): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') throw NOT_PLAIN_DATA;
  if (typeof value !== 'object' || value === null) return value;
  const known = copies.get(value);
  if (known !== undefined) return known;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const array = value as unknown[];
    const copy: unknown[] = new Array(array.length);
    copies.set(value, copy);
    for (let i = 0; i < array.length; i++) copy[i] = copyPlain(array[i], copies);
    return copy;
  }
  if (proto === Object.prototype || proto === null) {
    const copy: Record<string, unknown> = {};
    copies.set(value, copy);
    for (const key in value) {
      if (Object.hasOwn(value, key)) copy[key] = copyPlain((value as Record<string, unknown>)[key], copies);
    }
    return copy;
  }
  throw NOT_PLAIN_DATA;
}

/**
 * structuredClone for pdf.js's messages: a message of plain data without transfers is
 * copied in JavaScript, anything else (typed arrays, Maps, transfers) by structuredClone.
 */
export function cloneMessage<T>(value: T, options?: StructuredSerializeOptions | null): T {
  if (options?.transfer?.length) return nativeClone(value, options);
  try {
    return copyPlain(value, new Map()) as T;
  } catch (error) {
    if (error === NOT_PLAIN_DATA) return nativeClone(value, options ?? undefined);
    throw error;
  }
}

/**
 * Running in Node, pdf.js's parser shares our thread and its messages go through a
 * "loopback port" that structuredClones each one, text items in batches of ten: ~10% of
 * text extraction, V8's serializer being slow on many small objects. The copy must stay (the
 * parser reuses what it has sent), but a plain JavaScript copy does it in a fraction of the
 * time. structuredClone is swapped only for the duration of the port's synchronous
 * postMessage, so nothing else ever sees the swap.
 */
export async function copyLoopbackMessagesInJs(pdfjs: Pdfjs): Promise<void> {
  const worker = new pdfjs.PDFWorker();
  try {
    await worker.promise;
    const port: unknown = worker.port;
    const proto = port === null || typeof port !== 'object' ? null : (Object.getPrototypeOf(port) as { postMessage?: unknown } | null);
    // Only the in-thread port posts with a structuredClone of its own; leave anything else be.
    if (typeof proto?.postMessage !== 'function' || !proto.postMessage.toString().includes('structuredClone(')) return;
    const postMessage = proto.postMessage as (this: unknown, message: unknown, transfer?: Transferable[]) => void;
    proto.postMessage = function postPlainMessage(this: unknown, message: unknown, transfer?: Transferable[]) {
      const current = globalThis.structuredClone;
      globalThis.structuredClone = cloneMessage;
      try {
        postMessage.call(this, message, transfer);
      } finally {
        globalThis.structuredClone = current;
      }
    };
  } finally {
    await worker.destroy();
  }
}
