import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

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

export const WORKER_FILE = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');

/**
 * The parser's source with the patch applied, or undefined when this pdf.js does not hold
 * the patched line exactly once (another version): then the stock module is the one to use.
 */
export function patchedWorkerSource(source: string, fileUrl: string): string | undefined {
  const parts = source.split(TEXT_TRANSFORM_PATCH.find);
  if (parts.length !== 2) return undefined;
  // Loaded from a data: URL, the module would otherwise see that URL as its own location.
  return parts.join(TEXT_TRANSFORM_PATCH.replace).replaceAll('import.meta.url', JSON.stringify(fileUrl));
}

/** pdf.js's parser module, patched when this version allows it (see TEXT_TRANSFORM_PATCH). */
export async function importPdfjsWorker(): Promise<unknown> {
  const source = patchedWorkerSource(fs.readFileSync(WORKER_FILE, 'utf8'), pathToFileURL(WORKER_FILE).href);
  if (source === undefined) return import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  return import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
}
