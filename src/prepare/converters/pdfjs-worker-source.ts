import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { inflateSync } from 'node:zlib';

/**
 * pdf.js's parser turns every glyph's position into a page transform through its shared
 * `Util.transform`, which the whole parser calls with every kind of matrix (plain arrays,
 * Float32Arrays); V8 then runs it on its slowest generic path. It was 14-16% of our PDF text
 * extraction time on a 195-page manual (node --cpu-prof). The same two multiplications
 * written out where the text position is computed run at full speed and give the same
 * numbers: the same operations in the same order.
 */
export const TEXT_TRANSFORM_PATCH = {
  find: 'return Util.transform(textState.ctm, Util.transform(textState.textMatrix, tsm));',
  replace: [
    'const m = textState.textMatrix, c = textState.ctm;',
    'const a0 = m[0] * tsm[0] + m[2] * tsm[1], a1 = m[1] * tsm[0] + m[3] * tsm[1],',
    'a2 = m[0] * tsm[2] + m[2] * tsm[3], a3 = m[1] * tsm[2] + m[3] * tsm[3],',
    'a4 = m[0] * tsm[4] + m[2] * tsm[5] + m[4], a5 = m[1] * tsm[4] + m[3] * tsm[5] + m[5];',
    'return [c[0] * a0 + c[2] * a1, c[1] * a0 + c[3] * a1, c[0] * a2 + c[2] * a3, c[1] * a2 + c[3] * a3,',
    'c[0] * a4 + c[2] * a5 + c[4], c[1] * a4 + c[3] * a5 + c[5]];',
  ].join(' '),
};

/**
 * pdf.js inflates compressed content streams through the web DecompressionStream: in Node
 * that is zlib on the thread pool behind web streams, so the parser waits (idle) for every
 * page's content and pays the streams' machinery on top — about a fifth of its text
 * extraction time on a 195-page manual. zlib's synchronous inflate gives the same bytes on
 * the parser's own thread. A stream zlib rejects (corrupt, truncated) throws here as
 * DecompressionStream would, and pdf.js falls back to its own, more forgiving inflater.
 */
export const SYNC_INFLATE_PATCH = {
  find: [
    '      const {',
    '        readable,',
    '        writable',
    '      } = new DecompressionStream("deflate");',
    '      const writer = writable.getWriter();',
    '      await writer.ready;',
    '      writer.write(bytes).then(async () => {',
    '        await writer.ready;',
    '        await writer.close();',
    '      }).catch(() => {});',
    '      const chunks = [];',
    '      let totalLength = 0;',
    '      for await (const chunk of readable) {',
    '        chunks.push(chunk);',
    '        totalLength += chunk.byteLength;',
    '      }',
    '      const data = new Uint8Array(totalLength);',
    '      let offset = 0;',
    '      for (const chunk of chunks) {',
    '        data.set(chunk, offset);',
    '        offset += chunk.byteLength;',
    '      }',
    '      return data;',
  ].join('\n'),
  // A plain Uint8Array view, not the Buffer itself: Buffer#slice shares memory, and pdf.js
  // expects Uint8Array#slice, which copies.
  replace: '      const inflated = kbInflateSync(bytes);\n      return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);',
};

/**
 * To draw text, pdf.js turns every embedded Type 1 font into an OpenType font file: it compiles
 * the font program to CFF and wraps that in OpenType tables (Type1Font#wrap, Font#convert).
 * Text extraction needs none of those bytes: the characters come from the encoding, the
 * ToUnicode map and the glyph names, all read from the font program before. Skipping them,
 * the 40 PDFs of the shared corpus (LaTeX embeds Type 1 fonts in almost every file) convert in
 * 3.1 s instead of 3.7–3.8 s in a warm process, with the same text. These two patches skip the
 * two byte-building steps and nothing else; the font's `data` stays empty, as for a font with
 * no embedded file.
 */
export const SKIP_TYPE1_CFF_PATCH = {
  find: '    this.data = this.wrap(name, type2Charstrings, this.charstrings, subrs, properties);',
  replace: '    this.data = null;',
};
export const SKIP_FONT_FILE_PATCH = {
  find: '    const builder = new OpenTypeFileBuilder("\\x4F\\x54\\x54\\x4F");\n    builder.addTable("CFF ", font.data);',
  // The rest of the function stays, unreachable.
  replace: '    return null;\n    const builder = new OpenTypeFileBuilder("\\x4F\\x54\\x54\\x4F");\n    builder.addTable("CFF ", font.data);',
};

const PATCHES: readonly { find: string; replace: string }[] = [TEXT_TRANSFORM_PATCH, SYNC_INFLATE_PATCH, SKIP_TYPE1_CFF_PATCH, SKIP_FONT_FILE_PATCH];

/** The parser module's one export statement, which the function body returns instead. */
const MODULE_EXPORT = 'export { WorkerMessageHandler };';

export const WORKER_FILE = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');

/**
 * The parser's source, patched and turned into the body of a function of `kbInflateSync`
 * that returns the module's exports — or undefined when this pdf.js is not the module these
 * patches know (no patch applies, or it is not one self-contained module with a single
 * export): then the stock module is the one to use. A patch that no longer matches is
 * skipped, never applied halfway.
 */
export function patchedWorkerSource(source: string, fileUrl: string): string | undefined {
  const edits: { at: number; length: number; text: string }[] = [];
  for (const patch of PATCHES) {
    const at = onlyOccurrence(source, patch.find);
    if (at !== undefined) edits.push({ at, length: patch.find.length, text: patch.replace });
  }
  if (edits.length === 0) return undefined;
  const exportAt = onlyOccurrence(source, MODULE_EXPORT);
  if (exportAt === undefined) return undefined;
  edits.push({ at: exportAt, length: MODULE_EXPORT.length, text: 'return { WorkerMessageHandler };' });
  // The module's location, where it would have read it from import.meta.
  for (let at = source.indexOf(IMPORT_META_URL); at >= 0; at = source.indexOf(IMPORT_META_URL, at + 1)) {
    edits.push({ at, length: IMPORT_META_URL.length, text: JSON.stringify(fileUrl) });
  }
  // Edits are cut out and joined in one pass: the source is 2 MB, and every whole-string
  // split or replace costs ~15 ms on each worker's first PDF.
  // A module is strict code; a function body is strict only when it says so.
  const pieces = ["'use strict';\n"];
  let from = 0;
  for (const edit of edits.sort((a, b) => a.at - b.at)) {
    if (edit.at < from) return undefined; // overlapping edits: not the source these patches know
    pieces.push(source.slice(from, edit.at), edit.text);
    from = edit.at + edit.length;
  }
  pieces.push(source.slice(from));
  const body = pieces.join('');
  return /^(?:import|export)[\s{*]|\bimport\.meta\b/m.test(body) ? undefined : body;
}

const IMPORT_META_URL = 'import.meta.url';

function onlyOccurrence(source: string, text: string): number | undefined {
  const at = source.indexOf(text);
  return at >= 0 && source.indexOf(text, at + 1) < 0 ? at : undefined;
}

/**
 * pdf.js's parser module, patched where this version allows it (see PATCHES). Compiled as a
 * function rather than imported from a data: URL: V8 then compiles it lazily as it does a
 * file, ~0.1 s instead of ~0.26 s of every worker's first PDF.
 */
export async function importPdfjsWorker(): Promise<unknown> {
  const body = patchedWorkerSource(fs.readFileSync(WORKER_FILE, 'utf8'), pathToFileURL(WORKER_FILE).href);
  if (body === undefined) return import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const factory = vm.compileFunction(body, ['kbInflateSync'], {
    filename: WORKER_FILE,
    // The parser imports a module only for JPEG 2000 images, which text never needs; this
    // keeps such an import working as it would from the file.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }) as (inflate: typeof inflateSync) => unknown;
  return factory(inflateSync);
}
