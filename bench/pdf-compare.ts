/**
 * Two PDF readers side by side, for a change of reader (issue 16: pdf.js patched → pdf-parse;
 * issue 19: pdf-parse → PDFium).
 *
 *   node dist/bench/pdf-compare.js dump <kb dist dir> <pdf dir> <out.json>
 *   node dist/bench/pdf-compare.js diff <before.json> <after.json>
 *
 * `dump` converts every PDF of a folder with the `convertPdf` of the given build (any kb
 * checkout's dist/, so an old build can be measured without checking it out here) and writes
 * each file's title, pages, sections and Markdown. `diff` prints one row per file: token-level
 * Jaccard of the Markdown bodies, whether they are identical, titles and section counts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Dumped {
  file: string;
  ms: number;
  error?: string;
  title?: string;
  pages?: number;
  sections?: { title: string; pageStart?: number; pageEnd?: number }[];
  markdown?: string;
}

type ConvertPdf = (bytes: Uint8Array, input: { fileName: string; ext: string }) => Promise<{
  title: string;
  pages?: number;
  markdown: string;
  sections: { title: string; pageStart?: number; pageEnd?: number }[];
}>;

async function dump(distDir: string, pdfDir: string, out: string): Promise<void> {
  const modulePath = path.resolve(distDir, 'src/prepare/converters/pdf.js');
  const { convertPdf } = (await import(pathToFileURL(modulePath).href)) as { convertPdf: ConvertPdf };
  const files = fs.readdirSync(pdfDir).filter((name) => name.endsWith('.pdf')).sort();
  const rows: Dumped[] = [];
  for (const name of files) {
    const bytes = fs.readFileSync(path.join(pdfDir, name));
    const started = process.hrtime.bigint();
    try {
      const doc = await convertPdf(bytes, { fileName: name, ext: '.pdf' });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const sections = doc.sections.map(({ title, pageStart, pageEnd }) => ({ title, pageStart, pageEnd }));
      rows.push({ file: name, ms, title: doc.title, pages: doc.pages, sections, markdown: doc.markdown });
    } catch (error) {
      rows.push({ file: name, ms: Number(process.hrtime.bigint() - started) / 1e6, error: String(error) });
    }
  }
  fs.writeFileSync(out, JSON.stringify(rows, null, 1));
  console.log(`${rows.length} PDFs → ${out}`);
}

function tokens(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Jaccard of the token sets: 1 when both bodies use the same words, whatever the layout. */
function jaccard(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  const union = x.size + y.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** The same, over the sequence of words: order and repetitions count, line breaks do not. */
function wordsIdentical(a: string, b: string): boolean {
  const words = (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
  return words(a) === words(b);
}

function diff(beforeFile: string, afterFile: string): void {
  const before = JSON.parse(fs.readFileSync(beforeFile, 'utf8')) as Dumped[];
  const after = new Map((JSON.parse(fs.readFileSync(afterFile, 'utf8')) as Dumped[]).map((row) => [row.file, row]));
  console.log('| file | pages | Markdown identical | same words in order | token Jaccard | sections before→after | section pages same | title same |');
  console.log('|---|---|---|---|---|---|---|---|');
  const totals = { identical: 0, words: 0, titles: 0, sectionPages: 0, jaccard: 0, n: 0 };
  for (const b of before) {
    const a = after.get(b.file);
    if (!a || b.error || a.error) {
      console.log(`| ${b.file} | | ${b.error ?? 'ok'} → ${a?.error ?? (a ? 'ok' : 'missing')} | | | | | |`);
      continue;
    }
    const j = jaccard(b.markdown!, a.markdown!);
    const identical = b.markdown === a.markdown;
    const words = wordsIdentical(b.markdown!, a.markdown!);
    const sectionKey = (d: Dumped) => JSON.stringify(d.sections);
    const sectionPages = sectionKey(b) === sectionKey(a);
    const title = b.title === a.title;
    totals.n++;
    totals.jaccard += j;
    if (identical) totals.identical++;
    if (words) totals.words++;
    if (title) totals.titles++;
    if (sectionPages) totals.sectionPages++;
    const titleCell = title ? 'yes' : `no: "${b.title?.slice(0, 40)}" → "${a.title?.slice(0, 40)}"`;
    console.log(`| ${b.file} | ${b.pages}→${a.pages} | ${identical ? 'yes' : 'no'} | ${words ? 'yes' : 'no'} | ${j.toFixed(4)} | ${b.sections!.length}→${a.sections!.length} | ${sectionPages ? 'yes' : 'no'} | ${titleCell} |`);
  }
  console.log(
    `\n${totals.n} compared: ${totals.identical} identical Markdown, ${totals.words} same words in order, ` +
      `mean token Jaccard ${(totals.jaccard / Math.max(1, totals.n)).toFixed(4)}, ${totals.sectionPages} same sections and pages, ${totals.titles} same title`,
  );
  const ms = (rows: Iterable<Dumped>) => [...rows].reduce((sum, row) => sum + row.ms, 0);
  console.log(`conversion time in one process, sum over files: before ${ms(before).toFixed(0)} ms, after ${ms(after.values()).toFixed(0)} ms`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'dump' && args.length === 3) await dump(args[0]!, args[1]!, args[2]!);
else if (mode === 'diff' && args.length === 2) diff(args[0]!, args[1]!);
else {
  console.error('usage: pdf-compare dump <kb dist dir> <pdf dir> <out.json> | diff <before.json> <after.json>');
  process.exitCode = 2;
}
