import fs from 'node:fs';
import path from 'node:path';
import { buildPdf } from './fixtures/pdf-builder.js';

/**
 * Small generated input folders for the `kb add` tests. Every file has distinct bytes (so
 * none is skipped as a duplicate unless a test wants that) and the folder layout repeats
 * stems across subfolders, so doc naming (`notes`, `notes-2`, …) is exercised on every run.
 */

const WORDS = 'harbour tide lantern keeper gull storm ledger voyage compass anchor pilot chart reef beacon'.split(' ');

function sentence(seed: number, words = 10): string {
  const out = Array.from({ length: words }, (_, k) => WORDS[(seed * 7 + k * 3 + k * k) % WORDS.length]);
  const text = `${out.join(' ')} ${seed}`;
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function writeFile(root: string, rel: string, content: string | Uint8Array): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function fileContent(ext: string, i: number): string | Uint8Array {
  const paras = [sentence(i), sentence(i + 100), sentence(i + 200)];
  switch (ext) {
    case '.md':
      return `# Notes ${i}\n\n${paras[0]}\n\n## Details ${i}\n\n${paras[1]} ${paras[2]}\n`;
    case '.txt':
      return `Memo ${i}\n=======\n\n${paras.join('\n\n')}\n`;
    case '.html':
      return `<!DOCTYPE html><html><head><title>Page ${i}</title></head><body><main><h1>Page ${i}</h1><p>${paras[0]}</p><h2>More ${i}</h2><p>${paras[1]}</p></main></body></html>\n`;
    case '.csv':
      return `id,label\n${paras.map((p, r) => `${r},"${p}"`).join('\n')}\n`;
    case '.pdf':
      return buildPdf({
        info: { Title: `Report ${i}` },
        pages: [
          [{ text: `Report ${i}`, size: 18 }, paras[0] ?? ''],
          [{ text: `Findings ${i}`, size: 14 }, paras[1] ?? ''],
          [paras[2] ?? ''],
        ],
        outline: [
          { title: `Report ${i}`, page: 1 },
          { title: `Findings ${i}`, page: 2 },
        ],
      });
    default:
      throw new Error(`no generator for ${ext}`);
  }
}

const EXTS = ['.md', '.txt', '.html', '.csv'] as const;

/**
 * `count` small files (md/txt/html/csv, plus `pdfs` three-page PDFs) spread over three
 * subfolders, stems repeating across them. Returns the relative paths in the order `kb add`
 * scans them (depth-first, code-point order), the order every test's oracle is built on.
 */
export function writeMixedCorpus(root: string, options: { count: number; pdfs?: number; seed?: number }): string[] {
  const seed = options.seed ?? 1;
  const rels: string[] = [];
  const folders = ['alpha', 'beta', 'gamma'];
  for (let i = 0; i < options.count; i++) {
    const folder = folders[i % folders.length]!;
    // Every third file in beta and gamma reuses a stem from alpha: same stem, other folder.
    const stem = i % 3 !== 0 && i % 2 === 0 ? `notes-${Math.floor(i / 6)}` : `item-${String(i).padStart(3, '0')}`;
    const ext = i < (options.pdfs ?? 0) ? '.pdf' : EXTS[i % EXTS.length]!;
    const rel = `${folder}/${stem}${ext}`;
    if (rels.includes(rel)) continue;
    writeFile(root, rel, fileContent(ext, seed * 1000 + i));
    rels.push(rel);
  }
  return scanOrder(rels);
}

/** `count` tiny Markdown files in one folder: many cheap commits for the interruption tests. */
export function writeManySmall(root: string, count: number): string[] {
  const rels = Array.from({ length: count }, (_, i) => `doc-${String(i).padStart(4, '0')}.md`);
  rels.forEach((rel, i) => writeFile(root, rel, fileContent('.md', i)));
  return rels;
}

/** The scan order of src/prepare/scan-inputs.ts for plain relative paths (no dot files). */
export function scanOrder(rels: readonly string[]): string[] {
  const key = (rel: string): string[] => rel.split('/');
  return [...rels].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
      if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    }
    return ka.length - kb.length;
  });
}

export { writeFile };
