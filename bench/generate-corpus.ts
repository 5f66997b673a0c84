import fs from 'node:fs';
import path from 'node:path';
import { buildPdf } from '../test/support/fixtures/pdf-builder.js';

const WORDS = (
  'storage journal commit rollback lock process kernel page index search summary concept entity ' +
  'document source section outline parallel worker thread queue latency throughput backup recovery ' +
  'atomic rename fsync directory registry hash duplicate prefilter staging publish compile wiki link'
).split(' ');

/** Deterministic pseudo-random text, so every bench run measures the same corpus. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A sentence of 8 to 19 of the corpus's words, capitalised, with a full stop. */
export function sentence(rand: () => number): string {
  const n = 8 + Math.floor(rand() * 12);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)] ?? 'kb');
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function paragraphs(rand: () => number, count: number): string[] {
  return Array.from({ length: count }, () => Array.from({ length: 4 }, () => sentence(rand)).join(' '));
}

/**
 * The bench's own corpus, when none is given: Markdown, text, HTML and CSV files and PDFs of
 * 2 to 40 pages (one of 300), all generated. `count` files in total, roughly a fifth PDFs.
 */
export function generateCorpus(dir: string, count: number, seed = 42): void {
  const rand = prng(seed);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const name = `doc-${String(i).padStart(4, '0')}`;
    const kind = i % 5;
    const paras = paragraphs(rand, 6 + Math.floor(rand() * 20));
    let file: string;
    let content: string | Uint8Array;
    if (kind === 0) {
      const pages = i === 0 ? 300 : 2 + Math.floor(rand() * 38);
      file = `${name}.pdf`;
      content = buildPdf({
        info: { Title: `Generated report ${i}` },
        pages: Array.from({ length: pages }, (_, p) => [{ text: `Chapter ${p + 1}`, size: 18 }, ...Array.from({ length: 40 }, () => sentence(rand))]),
        outline: Array.from({ length: Math.min(pages, 10) }, (_, k) => ({ title: `Chapter ${k * Math.ceil(pages / 10) + 1}`, page: k * Math.ceil(pages / 10) + 1 })).filter((o) => o.page <= pages),
      });
    } else if (kind === 1) {
      file = `${name}.md`;
      content = `# Notes ${i}\n\n${paras.map((p, k) => (k % 4 === 0 ? `## Part ${k}\n\n${p}` : p)).join('\n\n')}\n`;
    } else if (kind === 2) {
      file = `${name}.txt`;
      content = `= Manual ${i}\n\n${paras.map((p, k) => (k % 4 === 0 ? `== Section ${k}\n\n${p}` : p)).join('\n\n')}\n`;
    } else if (kind === 3) {
      file = `${name}.html`;
      content = `<!DOCTYPE html><html><head><title>Page ${i}</title><script>var x=1;</script></head><body><nav><a href="/">home</a></nav><main><h1>Page ${i}</h1>${paras.map((p, k) => (k % 4 === 0 ? `<h2>Part ${k}</h2><p>${p}</p>` : `<p>${p}</p>`)).join('')}</main></body></html>`;
    } else {
      file = `${name}.csv`;
      content = `id,value,label\n${Array.from({ length: 50 }, (_, r) => `${r},${Math.floor(rand() * 1000)},"${sentence(rand)}"`).join('\n')}\n`;
    }
    fs.writeFileSync(path.join(dir, file), content);
  }
}

/** The concept every small file shares: its page is the one that would grow without bound. */
export const SHARED_CONCEPT = 'write-ahead log';

/**
 * Many tiny Markdown files, for commit latency and descriptor checks. Each shares one concept
 * (SHARED_CONCEPT) with all the others and has a few of its own, drawn from a fixed list by
 * its number, so commits exercise concept-page merging: a hot page every commit touches, and
 * pages shared by a varying handful of documents.
 */
export function generateSmallFiles(dir: string, count: number, offset = 0): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = offset; i < offset + count; i++) {
    const a = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]}`;
    const b = `${WORDS[(i * 13 + 5) % WORDS.length]} ${WORDS[(i * 3 + 11) % WORDS.length]}`;
    fs.writeFileSync(
      path.join(dir, `note-${String(i).padStart(5, '0')}.md`),
      `# Note ${i}: ${a}\n\nThis is note number ${i}, about ${a} and the ${SHARED_CONCEPT}. ` +
        `The ${SHARED_CONCEPT} is written before any ${b} change. Careful ${a} planning keeps ${b} cheap.\n`,
    );
  }
}
