/**
 * Puts back three of Node's built-ins that pdf.js's legacy build replaces.
 *
 * pdf-parse drives the legacy build of pdf.js, the only one Node 20 can run. Each of its two
 * bundles (the API, and the parser loaded on the first document) carries core-js polyfills,
 * and on Node 20's V8 core-js *replaces* built-ins that differ from the newest spec in edge
 * cases kb never meets: Array.prototype.push (the error for an array whose length was made
 * read-only), JSON.parse (the source-text argument of a reviver) and
 * Function.prototype.toString (so that the other two look native). The replacements are
 * plain JavaScript, and they are global to the thread: every `push` of kb's own analysis in a
 * prepare worker ran through core-js's. Measured on the 2,415-page R reference manual, that
 * was the largest single cost of a worker's time after pdf.js itself (see the commit).
 *
 * Nothing of pdf.js is patched: it keeps the polyfills it *adds* (Promise.withResolvers, the
 * new Set and Uint8Array methods), which it needs on Node 20. Only the three replaced
 * functions are put back, each only if it changed, after each load (putBackNativeBuiltins).
 */
const NATIVE = {
  push: Array.prototype.push,
  parse: JSON.parse,
  toString: Function.prototype.toString,
};

/** Restores the three built-ins if something replaced them since this module was loaded. */
export function putBackNativeBuiltins(): void {
  restore(Array.prototype, 'push', NATIVE.push);
  restore(JSON, 'parse', NATIVE.parse);
  restore(Function.prototype, 'toString', NATIVE.toString);
}

function restore(target: object, key: string, native: unknown): void {
  const current = Object.getOwnPropertyDescriptor(target, key);
  if (current?.value === native) return;
  // The built-ins' own attributes: writable, configurable, not enumerable.
  Object.defineProperty(target, key, { value: native, writable: true, configurable: true, enumerable: false });
}
