import { convertDocument, IMAGE_EXTENSIONS, PLAIN_TEXT, SUPPORTED_EXTENSIONS } from '../src/prepare/converters/convert-document.js';
import { fmt, percentile } from './stats.js';
import { generateSample, planSamples, sampleDocument, type SampleDocument } from './type-samples.js';

/** Characters of text (paragraphs and table cells) in each type's sample: about 200 KB. */
const SAMPLE_TEXT_CHARS = 200_000;
/**
 * A timed sample converts the document as many times as fit in this many ms (at least once):
 * a plain-text file converts in a few ms, where timer and scheduler noise would set a median.
 */
const MIN_SAMPLE_MS = 40;

/** Images are read by OCR, as `kb add` does by default (one tesseract at a time here). */
const OCR = { languages: 'eng', timeoutMs: 120_000 };

interface TypeRun {
  ext: string;
  bytes: Uint8Array;
  outChars: number;
  repeat: number;
  /** ms per conversion, one figure per round. */
  ms: number[];
}

async function timeConversions(run: TypeRun): Promise<number> {
  const input = { fileName: `sample${run.ext}`, ext: run.ext, ocr: OCR };
  const started = process.hrtime.bigint();
  for (let i = 0; i < run.repeat; i++) await convertDocument(run.bytes, input);
  return Number(process.hrtime.bigint() - started) / 1e6 / run.repeat;
}

/**
 * `npm run bench -- --only=types`: convertDocument on one generated document of every type kb
 * reads, in this process, `reps` interleaved rounds after a warm-up that loads each converter.
 * The ratio is per round (a type's ms per output character over plain text's in the same
 * round), then the median: absolute times drift on a shared machine, ratios much less.
 */
export async function benchConvertSpeed(reps: number): Promise<void> {
  const started = Date.now();
  const rounds = Math.max(3, reps);
  console.log(`\n## conversion speed per type (a ~${SAMPLE_TEXT_CHARS / 1000} KB-of-text document each, median of ${rounds} interleaved rounds)`);
  console.log('in-process convertDocument on one thread, converter only (no analysis, no commit); × txt = ms per output char relative to .txt in the same round');
  const doc = sampleDocument(SAMPLE_TEXT_CHARS);
  const runs: TypeRun[] = [];
  const notes: string[] = [];
  for (const plan of planSamples(SUPPORTED_EXTENSIONS)) {
    if ('aliasOf' in plan) continue;
    if ('missing' in plan) {
      notes.push(`${plan.ext}: no generator (add one to bench/type-samples.ts)`);
      continue;
    }
    const run = await warmUp(plan.ext, plan.generate, doc).catch((error: unknown) => {
      notes.push(`${plan.ext}: its generated sample failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    if (run) runs.push(run);
  }
  for (let round = 0; round < rounds; round++) for (const run of runs) run.ms.push(await timeConversions(run));
  printTable(runs);
  const scans = runs.filter((run) => IMAGE_EXTENSIONS.includes(run.ext));
  if (scans.length > 0) console.log(`images are one page each (300 dpi), read by OCR, one tesseract thread: ${scans.map((run) => `${run.ext.slice(1)} ${fmt(percentile(run.ms, 50) / 1000, 1)} s`).join(', ')} a page`);
  for (const note of notes) console.log(note);
  const aliases = planSamples(SUPPORTED_EXTENSIONS).flatMap((plan) => ('aliasOf' in plan ? [`${plan.ext}=${plan.aliasOf}`] : []));
  if (aliases.length > 0) console.log(`other names of a measured type, not measured again: ${aliases.join(' ')}`);
  console.log(`(this part took ${fmt((Date.now() - started) / 1000, 1)} s)`);
}

/** Generates the sample and converts it twice: the first loads the converter, the second says how many conversions fill a timed sample. */
async function warmUp(ext: string, generate: Parameters<typeof generateSample>[0], doc: SampleDocument): Promise<TypeRun> {
  const bytes = await generateSample(generate, doc);
  const converted = await convertDocument(bytes, { fileName: `sample${ext}`, ext, ocr: OCR });
  const run: TypeRun = { ext, bytes, outChars: converted.markdown.length, repeat: 1, ms: [] };
  run.repeat = Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(0.1, await timeConversions(run))));
  return run;
}

function printTable(runs: readonly TypeRun[]): void {
  const text = runs.find((run) => run.ext === PLAIN_TEXT);
  const header = ['type', 'input KB', 'output k chars', 'ms', 'MB/s in', 'M chars/s out', '× txt'];
  const rows = runs.map((run) => {
    const ms = percentile(run.ms, 50);
    const ratios = text ? run.ms.map((m, i) => m / run.outChars / (text.ms[i]! / text.outChars)) : [];
    return [run.ext.slice(1), fmt(run.bytes.length / 1000, 0), fmt(run.outChars / 1000, 0), fmt(ms, 1), fmt(run.bytes.length / 1e6 / (ms / 1000), 1), fmt(run.outChars / ms / 1000, 2), fmt(percentile(ratios, 50), 1)];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
}
