/**
 * `node dist/bench/title-quality.js [<corpus-dir>]` (`npm run bench:concepts` runs it with its
 * own arguments): the share of corpus documents titled after their file stem although they
 * carry a title of their own that is not the stem, and which ones. The document's own title
 * is read here independently of the converters: an HTML <title> or <h1>, a Markdown frontmatter title or
 * first H1, an AsciiDoc or reST title (the first underlined or `=` line), a PDF's Title
 * field, else its first page's text (every PDF of the corpus has some). A README whose H1 is
 * its package name, as the file is named, is titled rightly. The corpus is not on users'
 * machines: without it the bench says so and exits 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertDocument } from '../src/prepare/converters/convert-document.js';
import { fileStem } from '../src/core/file-stem.js';
import { fmt } from './stats.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['pdf', 'html', 'txt', 'md'];
const TARGET = 0.05;

async function main(): Promise<void> {
  // The arguments of bench:concepts, which runs this too: [<corpus-dir>] [--show …].
  const args = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && all[i - 1] !== '--show');
  const corpus = path.resolve(args[0] ?? path.join(REPO, '../shared/corpus'));
  if (!FOLDERS.some((folder) => fs.existsSync(path.join(corpus, folder)))) {
    console.log(`title-quality: no corpus at ${corpus}; nothing to measure.`);
    return;
  }
  let documents = 0;
  let titled = 0;
  const offenders: string[] = [];
  for (const folder of FOLDERS) {
    const dir = path.join(corpus, folder);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(dir, file)));
      const ext = path.extname(file).toLowerCase();
      let converted;
      try {
        converted = await convertDocument(bytes, { fileName: file, ext });
      } catch {
        continue; // Conversion failures are add's business, not this bench's.
      }
      documents++;
      const own = ext === '.pdf' ? converted.metadata.title || '(first page text)' : ownTitle(new TextDecoder().decode(bytes.subarray(0, 200_000)), ext);
      if (own === undefined) continue;
      titled++;
      const stem = fileStem(file);
      if (converted.title.trim() === stem && own.trim() !== stem) offenders.push(`${folder}/${file} (own title: ${own.trim().slice(0, 80)})`);
    }
  }
  const share = offenders.length / Math.max(1, titled);
  console.log(`\ntitles: ${documents} documents, ${titled} with a title of their own; titled after the file stem: ${offenders.length} (${fmt(100 * share, 1)}%, target ≤ ${100 * TARGET}%)`);
  for (const offender of offenders) console.log(`  ${offender}`);
}

/** Tags, badges, images, link targets and backticks out: the words a reader sees. */
function plain(markup: string): string {
  return markup.replace(/<[^>]+>/g, '').replace(/\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '').replace(/\s+/g, ' ').trim();
}

/** The title the document's own markup names, read loosely; undefined when it names none. */
function ownTitle(text: string, ext: string): string | undefined {
  const first = (pattern: RegExp) => plain(pattern.exec(text)?.[1] ?? '') || undefined;
  if (ext === '.html' || ext === '.htm') return first(/<title[^>]*>([\s\S]*?)<\/title>/i) ?? first(/<h1[^>]*>([\s\S]*?)<\/h1>/i);
  if (ext === '.md' || ext === '.markdown') {
    text = text.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
    const frontmatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
    return /^title:\s*["']?(.+?)["']?\s*$/m.exec(frontmatter)?.[1] ?? first(/^#[ \t]+(.+?)[ \t#]*$/m) ?? first(/^(\S.*)\n=+[ \t]*$/m);
  }
  return first(/^(?:=[ \t]+)(\S.*)$/m) ?? first(/^(\S.*)\n(?:=+|-+|~+|\^+)[ \t]*$/m);
}

await main();
