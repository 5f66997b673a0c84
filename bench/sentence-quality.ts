/**
 * `node dist/bench/sentence-quality.js [<corpus-dir>] [--kb <existing-kb>]`: do the sentences
 * the offline engine shows read as sentences? Adds the whole corpus with the real `kb add`
 * (offline) into a temp KB (or reads a KB already built, --kb), then checks every summary's
 * description and key points and every concept page's per-document statements: starts with a
 * capital (or a digit, or a name shown as code), ends with . ! or ?, holds no dot leader and no markup, 30–300
 * characters. Prints the share passing per kind (issue 17 aims at ≥ 95% each) and ten failing
 * examples of each. The check is written here, apart from the engine's own filter
 * (analyze/sentence-check.ts), so the bench does not grade the engine by its own rule.
 * Without the corpus it says so and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLES = 10;

type Kind = 'description' | 'key point' | 'concept statement';

interface Tally {
  checked: number;
  passed: number;
  failures: string[];
}

/** Why a shown sentence fails the check, or undefined when it passes. */
export function sentenceFault(text: string): string | undefined {
  const s = text.trim();
  if (s.length < 30) return 'under 30 characters';
  if (s.length > 300) return 'over 300 characters';
  if (!START.test(s)) return 'no capital at the start';
  if (!/[.!?]["'”’)]?$/u.test(s)) return 'no . ! or ? at the end';
  if (/(?:\. ?){4,}|…\s*\d+\s*$/u.test(s)) return 'dot leader';
  if (MARKUP.test(s)) return 'markup';
  return undefined;
}

// A capital or digit, after an opening quote or bracket; or a name shown as code and then a
// lower-case word, perhaps after a bracket ("`pg_dump` is a utility for …"): reference manuals
// open sentences with the lower-case name they describe. Code that is no name (`x = 1`), or a
// parameter list's entry ("`code` (string) - The …", "`parse` an option …"), starts nothing.
const START = /^(?:["'“‘(]?[\p{Lu}\p{N}]|`[\p{L}_@.][\p{L}\p{N}_@.:\/$()-]*(?: [\p{L}\p{N}_@.:\/$()-]+){0,2}` (?!(?:a|an|the) )(?:\p{Ll}|\([^()]{1,80}\) \p{Ll}))/u;

// reST roles and directives, TeX macros, HTML tags and entities, wikilinks, Markdown links,
// emphasis and headings, table pipes.
const MARKUP = /:[a-z][\w-]*:`|^\.\. |\\[a-zA-Z]{2,}|<\/?[a-zA-Z][^>]*>|&[a-z]+;|\[\[|\]\]|\]\(|\*\*|__\w|^#{1,6} |\s\|\s/u;

function main(): void {
  const args = process.argv.slice(2);
  const kbAt = args.indexOf('--kb');
  const existing = kbAt >= 0 ? args[kbAt + 1] : undefined;
  const positional = args.filter((a, i) => !a.startsWith('--') && (kbAt < 0 || i !== kbAt + 1));
  const corpus = path.resolve(positional[0] ?? path.join(REPO, '../shared/corpus'));
  let work: string | undefined;
  let root = existing;
  if (root === undefined) {
    if (!fs.existsSync(corpus)) {
      console.log(`sentence quality: no corpus at ${corpus}; skipped`);
      return;
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-sentence-quality-'));
    root = path.join(work, 'kb');
    const folders = fs.readdirSync(corpus).filter((f) => f !== 'ground-truth' && fs.statSync(path.join(corpus, f)).isDirectory()).map((f) => path.join(corpus, f));
    kb(['init', root]);
    kb(['--kb', root, '--offline', '--quiet', 'add', '--jobs', '2', ...folders]);
  }
  try {
    sentenceReport(root);
  } finally {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }
}

function kb(args: string[]): string {
  const run = spawnSync(process.execPath, [path.join(REPO, 'dist/src/bin/kb.js'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`kb ${args.slice(0, 4).join(' ')} … exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/**
 * The PostgreSQL pages' fixed halves (issue 17): a page whose file name's sha1 starts with a hex
 * digit below 8 is in the tuning half, the others in the test half.
 */
function pgHalf(summaryFile: string): 'tuning' | 'test' | undefined {
  if (!summaryFile.startsWith('pg-')) return undefined;
  const fileName = `${summaryFile.replace(/\.md$/, '')}.html`;
  return parseInt(createHash('sha1').update(fileName).digest('hex')[0]!, 16) < 8 ? 'tuning' : 'test';
}

/** Prints the sentence report of a KB already added (whole-corpus-reports.ts shares one). */
export function sentenceReport(root: string): void {
  const kinds = ['description', 'key point', 'concept statement'] as const;
  const fresh = (): Map<Kind, Tally> => new Map<Kind, Tally>(kinds.map((k) => [k, { checked: 0, passed: 0, failures: [] }]));
  const tallies = fresh();
  const halves = { tuning: fresh(), test: fresh() };
  const check = (kind: Kind, text: string, where: string): void => {
    const fault = sentenceFault(text);
    const half = pgHalf(where);
    for (const t of [tallies, ...(half ? [halves[half]] : [])]) {
      const tally = t.get(kind)!;
      tally.checked++;
      if (fault === undefined) tally.passed++;
      else tally.failures.push(`${where}: [${fault}] ${text.length > 160 ? `${text.slice(0, 157)}…` : text}`);
    }
  };
  const summaries = path.join(root, 'wiki/summaries');
  for (const file of fs.readdirSync(summaries).sort()) {
    const page = fs.readFileSync(path.join(summaries, file), 'utf8');
    const head = yaml.load(/^---\n([\s\S]*?)\n---\n/.exec(page)?.[1] ?? '') as { description?: string } | undefined;
    check('description', String(head?.description ?? ''), file);
    for (const point of sectionBullets(page, '## Key points')) check('key point', point, file);
  }
  const concepts = path.join(root, 'wiki/concepts');
  for (const file of fs.readdirSync(concepts).sort()) {
    const page = fs.readFileSync(path.join(concepts, file), 'utf8');
    // Each document's block: its key sentences about the concept, as bullets.
    for (const block of page.matchAll(/<!-- kb:doc [^>]*-->\n([\s\S]*?)<!-- kb:\/doc/g)) {
      for (const line of block[1]!.split('\n')) if (line.startsWith('- ')) check('concept statement', line.slice(2), file);
    }
  }
  console.log('\n## Sentence quality (descriptions, key points, concept statements)\n');
  console.log('check: starts with a capital, a digit or a code name, ends with . ! or ?, no dot leader, no markup, 30–300 characters\n');
  const shares = (t: Map<Kind, Tally>): string =>
    [...t].map(([kind, x]) => `${kind}: ${((x.checked === 0 ? 0 : x.passed / x.checked) * 100).toFixed(1)}% pass (${x.passed} of ${x.checked})`).join('\n');
  console.log(`whole corpus:\n${shares(tallies)}`);
  // Descriptions and key points per half; concept statements are counted on concept pages, which mix documents.
  for (const half of ['tuning', 'test'] as const) console.log(`\nPostgreSQL pages, ${half} half (descriptions and key points):\n${shares(new Map([...halves[half]].filter(([k]) => k !== 'concept statement')))}`);
  for (const [kind, t] of tallies) {
    if (t.failures.length === 0) continue;
    console.log(`\n${kind}, failing examples (${Math.min(EXAMPLES, t.failures.length)} of ${t.failures.length}, evenly spread):`);
    const step = Math.max(1, Math.floor(t.failures.length / EXAMPLES));
    for (let i = 0; i < t.failures.length && i / step < EXAMPLES; i += step) console.log(`  - ${t.failures[i]}`);
  }
}

/** The bullets of one `## ` section of a page, unescaped of the wikilink escape pages use. */
function sectionBullets(page: string, heading: string): string[] {
  const at = page.indexOf(`\n${heading}\n`);
  if (at < 0) return [];
  const out: string[] = [];
  for (const line of page.slice(at + heading.length + 2).split('\n')) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('- ')) out.push(line.slice(2));
  }
  return out;
}

// Run as a script; whole-corpus-reports.ts imports sentenceReport only.
if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) main();
