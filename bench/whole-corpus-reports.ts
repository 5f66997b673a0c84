/**
 * `npm run bench:concepts` (last), or `node dist/bench/whole-corpus-reports.js [<corpus-dir>]`:
 * the reports that read what `kb add` writes for the whole corpus, from one add of it (built
 * CLI, offline engine, a temp KB) instead of one each — about 20 s apiece:
 * - the junk report of concept titles by rule (concept-junk.ts);
 * - the sentence check of descriptions, key points and concept statements (sentence-quality.ts);
 * - the judged report: concept titles and descriptions against hand labels (judged-quality.ts).
 * The first two count faults by rules close to the engine's own filters; the third is a
 * reader's judgment. Without the corpus it says so and exits 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { junkReportOf, printJunkReport } from './concept-junk.js';
import { addCorpus, readJudgedKb } from './judged-kb.js';
import { judgedReport } from './judged-quality.js';
import { sentenceReport } from './sentence-quality.js';
import { fmt } from './stats.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KB_BIN = path.join(REPO, 'dist/src/bin/kb.js');

function main(): void {
  // The arguments of bench:concepts: [<corpus-dir>] [--show …].
  const args = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && all[i - 1] !== '--show');
  const corpus = path.resolve(args[0] ?? path.join(REPO, '../shared/corpus'));
  if (!fs.existsSync(path.join(corpus, 'html'))) {
    console.log(`whole-corpus reports (junk, sentences, judged): no corpus at ${corpus}; nothing to measure.`);
    return;
  }
  let started = performance.now();
  const added = addCorpus(KB_BIN, corpus);
  try {
    const folders = fs.readdirSync(corpus).filter((d) => d !== 'ground-truth' && fs.statSync(path.join(corpus, d)).isDirectory()).sort();
    console.log(`\n# Whole corpus (${folders.join(', ')}) added once with kb add --offline: ${fmt((performance.now() - started) / 1000)} s`);
    console.log('\n## Junk concept titles (by rule)');
    printJunkReport(junkReportOf(KB_BIN, `whole corpus (${folders.join(', ')})`, added.root));
    sentenceReport(added.root);
    started = performance.now();
    judgedReport(readJudgedKb(KB_BIN, added.root));
    console.log(`(judged report: ${fmt((performance.now() - started) / 1000)} s)`);
  } finally {
    added.dispose();
  }
}

main();
