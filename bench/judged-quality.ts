/**
 * `npm run bench:concepts` (last), or `node dist/bench/judged-quality.js [<corpus-dir>]
 * [--kb <existing-kb>] [--draw]`: concept page titles and summary descriptions as a reader
 * judged them. The junk and sentence reports count faults by rules close to the engine's own
 * filters, so they cannot see what those rules miss; this one matches what `kb add` writes
 * today for the whole corpus against hand labels (bench/concept-labels.json,
 * bench/description-labels.json, whose headers say how they were drawn and labelled), and
 * prints the share of labelled titles judged a good concept, too generic or not a concept, and
 * of descriptions judged good, poor or bad, for the PostgreSQL tuning half, test half and the
 * rest of the corpus, with the 95% interval of the first share (samples of 70 and 40 are
 * small). A concept counts in each group it shows a document of; a label applies to today's
 * concept page whose title has the labelled title's conceptKey, and to a description only while
 * its text is the one labelled (same hash). Outputs without a label (new since labelling, or
 * never drawn) are counted, never scored. `--draw` prints the seeded sample to label, with its
 * context.
 * The corpus is not on users' machines: without it the bench says so and exits 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addCorpus, GROUPS, readJudgedKb, textHash, type Group, type JudgedKb, type ShownConcept, type ShownDescription } from './judged-kb.js';
import { HALVES, leadHalf, scoreConcepts, scoreDescriptions, scoreLeads, STRATA, stratumOf, type ConceptLabelFile, type LeadLabelFile, type DescriptionLabelFile, type GroupScore } from './judged-scores.js';
import { seededRandom } from './seeded-random.js';
import { fmt } from './stats.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KB_BIN = path.join(REPO, 'dist/src/bin/kb.js');
const CONCEPT_LABELS = path.join(REPO, 'bench/concept-labels.json');
const DESCRIPTION_LABELS = path.join(REPO, 'bench/description-labels.json');
const LEAD_LABELS = path.join(REPO, 'bench/lead-labels.json');
/** How many of each group's concept titles and descriptions a draw takes, and its seeds. */
const CONCEPTS_PER_GROUP = { tuning: 70, test: 70, other: 70 } as const;
const DESCRIPTIONS_PER_GROUP = { tuning: 40, test: 40, other: 40 } as const;
const SEEDS = { tuning: 1701, test: 1702, other: 1703 } as const;
const EXAMPLES = 10;
/** How many concept pages of each half and stratum a draw of leads takes, and its seeds (the stratum's index added). */
const LEADS_PER_STRATUM = 30;
const LEAD_SEEDS = { tuning: 1801, test: 1802 } as const;

/** The first n of a seeded shuffle of `items`: the same draw for the same output. */
function drawn<T>(items: readonly T[], n: number, seed: number): T[] {
  const all = [...items];
  const random = seededRandom(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, n);
}

function draw(kb: JudgedKb): void {
  const concepts = new Map<string, { c: ShownConcept; drawnFor: Group[] }>();
  const descriptions: Array<{ d: ShownDescription }> = [];
  for (const g of GROUPS) {
    for (const c of drawn(kb.concepts.filter((x) => x.groups.includes(g)), CONCEPTS_PER_GROUP[g], SEEDS[g])) {
      const entry = concepts.get(c.key) ?? { c, drawnFor: [] };
      entry.drawnFor.push(g);
      concepts.set(c.key, entry);
    }
    for (const d of drawn(kb.descriptions.filter((x) => x.group === g), DESCRIPTIONS_PER_GROUP[g], SEEDS[g])) descriptions.push({ d });
  }
  const clip = (s: string): string => (s.length > 240 ? `${s.slice(0, 237)}…` : s);
  console.log(
    JSON.stringify(
      {
        population: {
          concepts: kb.concepts.map((c) => c.title).sort(),
          descriptions: Object.fromEntries(kb.descriptions.map((d) => [d.file, d.hash])),
        },
        concepts: [...concepts.values()].map(({ c, drawnFor }) => ({
          title: c.title,
          drawnFor,
          files: c.files,
          context: c.files.slice(0, 3).map((f) => `${f}: ${clip(c.statements.get(f)?.[0] ?? '')}`),
        })),
        descriptions: descriptions.map(({ d }) => ({ file: d.file, group: d.group, hash: d.hash, title: d.title, text: d.text })),
      },
      null,
      1,
    ),
  );
}

/**
 * The concept pages' opening sentences to label: LEADS_PER_STRATUM pages of each half (leadHalf)
 * that show one document, and as many that show several (where the lead is chosen among
 * documents, and which the index lists first).
 */
function drawLeads(kb: JudgedKb): void {
  const clip = (s: string): string => (s.length > 200 ? `${s.slice(0, 197)}…` : s);
  const items = HALVES.flatMap((half) =>
    STRATA.flatMap((stratum, i) =>
      drawn(
        kb.concepts.filter((c) => leadHalf(c) === half && stratumOf(c) === stratum),
        LEADS_PER_STRATUM,
        LEAD_SEEDS[half] + i,
      ).map((c) => ({
        title: c.title,
        half,
        stratum,
        hash: textHash(c.lead),
        lead: c.lead,
        context: c.files.slice(0, 4).map((f) => `${f}: ${clip(c.statements.get(f)?.[0] ?? '')}`),
      })),
    ),
  );
  console.log(JSON.stringify({ population: Object.fromEntries(kb.concepts.map((c) => [c.title, textHash(c.lead)])), leads: items }, null, 1));
}

function share(n: number, of: number): string {
  return `${fmt((100 * n) / Math.max(1, of), 1)}% (${n})`;
}

/** The 95% Wilson interval of a share k/n, in percent: a sample of 70 or 40 says no more than this. */
function interval(k: number, n: number): string {
  if (n === 0) return 'n/a';
  const z = 1.96;
  const p = k / n;
  const mid = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return `${fmt(100 * (mid - half), 0)}–${fmt(100 * (mid + half), 0)}%`;
}

function groupName(g: Group): string {
  return g === 'other' ? 'other corpus (not PostgreSQL)' : `PostgreSQL ${g} half`;
}

/** Per group the shares of each verdict, the coverage, then examples of each verdict but the first (good). */
function printScores<V extends string>(what: string, scores: Array<GroupScore<V>>, fresh: string): void {
  for (const s of scores) {
    const shares = [...s.verdicts].map(([v, items]) => `${v} ${share(items.length, s.scored)}`);
    const [first, good] = [...s.verdicts][0]!;
    console.log(`  ${groupName(s.group)}: ${s.scored} of ${s.labelled} labelled ${what} scored: ${shares.join(', ')}; ${first} 95% interval ${interval(good.length, s.scored)}`);
    console.log(`    coverage: ${s.shown} shown today = ${s.scored} scored + ${s.undrawn} not drawn + ${s.fresh} ${fresh} (not scored)`);
  }
  const verdicts = [...scores[0]!.verdicts.keys()].slice(1);
  for (const v of verdicts) {
    const seen = new Set<string>();
    const items = scores.flatMap((s) => s.verdicts.get(v)!).filter((i) => !seen.has(i.what) && seen.add(i.what));
    if (items.length === 0) continue;
    console.log(`  judged ${v}, ${Math.min(EXAMPLES, items.length)} of ${items.length} (evenly spread):`);
    const step = Math.max(1, Math.floor(items.length / EXAMPLES));
    for (let i = 0; i < items.length && i / step < EXAMPLES; i += step) {
      const text = items[i]!.what.length > 140 ? `${items[i]!.what.slice(0, 137)}…` : items[i]!.what;
      console.log(`    - ${text} (${items[i]!.reason})`);
    }
  }
}

/** The judged report of a KB that holds the whole corpus. */
export function judgedReport(kb: JudgedKb): void {
  const concepts = JSON.parse(fs.readFileSync(CONCEPT_LABELS, 'utf8')) as ConceptLabelFile;
  const descriptions = JSON.parse(fs.readFileSync(DESCRIPTION_LABELS, 'utf8')) as DescriptionLabelFile;
  console.log('\n## Judged quality: concept titles and descriptions against hand labels\n');
  console.log('labels: bench/concept-labels.json, bench/description-labels.json (how they were drawn and labelled: their "about")');
  console.log(`\nconcept titles: ${kb.concepts.length} concept pages today, ${concepts.labels.length} labels (drawn from ${concepts.population.length} pages); a page counts in each group it shows a document of`);
  printScores('titles', scoreConcepts(kb.concepts, concepts), 'new since labelling');
  console.log(`\ndescriptions: ${kb.descriptions.length} summaries today, ${descriptions.labels.length} labels (drawn from ${Object.keys(descriptions.population).length} summaries)`);
  printScores('descriptions', scoreDescriptions(kb.descriptions, descriptions), 'new or changed since labelling');
  printLeadScores(kb, JSON.parse(fs.readFileSync(LEAD_LABELS, 'utf8')) as LeadLabelFile);
}

/** The concept pages' opening sentences: per half and stratum, the shares of good, poor, bad and none, and the leads still to label. */
function printLeadScores(kb: JudgedKb, file: LeadLabelFile): void {
  console.log(`\nconcept page leads: ${kb.concepts.length} concept pages today, ${file.drawn.length} drawn, ${file.labels.length} labels (bench/lead-labels.json)`);
  const scores = scoreLeads(kb.concepts, file);
  for (const s of scores) {
    const shares = [...s.verdicts].map(([v, items]) => `${v} ${share(items.length, s.scored)}`);
    const good = s.verdicts.get('good')!.length;
    const missing = s.unlabelled.length > 0 ? `, ${s.unlabelled.length} changed and not labelled yet` : '';
    console.log(`  ${s.half} half, pages of ${s.stratum}: ${s.scored} of ${s.drawn} scored: ${shares.join(', ')}; good 95% interval ${interval(good, s.scored)}${missing}${s.gone > 0 ? `, ${s.gone} gone` : ''}`);
  }
  const bad = scores.flatMap((s) => s.verdicts.get('bad')!);
  if (bad.length > 0) {
    console.log(`  judged bad, ${Math.min(EXAMPLES, bad.length)} of ${bad.length}:`);
    for (const item of bad.slice(0, EXAMPLES)) console.log(`    - ${item.what.length > 140 ? `${item.what.slice(0, 137)}…` : item.what} (${item.reason})`);
  }
  for (const s of scores) for (const u of s.unlabelled) console.log(`  to label (${s.half}, ${s.stratum}): ${u.title} [${u.hash}]: ${u.lead}`);
}

function main(): void {
  const args = process.argv.slice(2);
  const kbAt = args.indexOf('--kb');
  const existing = kbAt >= 0 ? args[kbAt + 1] : undefined;
  // bench:concepts passes its arguments ([<corpus-dir>] [--show …]) to every report.
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--kb' && args[i - 1] !== '--show');
  const corpus = path.resolve(positional[0] ?? path.join(REPO, '../shared/corpus'));
  if (existing === undefined && !fs.existsSync(path.join(corpus, 'html'))) {
    console.log(`judged-quality: no corpus at ${corpus}; nothing to measure.`);
    return;
  }
  const started = performance.now();
  const added = existing === undefined ? addCorpus(KB_BIN, corpus) : undefined;
  try {
    const kb = readJudgedKb(KB_BIN, existing ?? added!.root);
    if (args.includes('--draw')) return draw(kb);
    if (args.includes('--draw-leads')) return drawLeads(kb);
    judgedReport(kb);
    console.log(`(judged report: ${fmt((performance.now() - started) / 1000)} s)`);
  } finally {
    added?.dispose();
  }
}

// Run as a script; whole-corpus-reports.ts imports judgedReport only.
if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) main();
