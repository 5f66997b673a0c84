/**
 * `npm run bench:concepts` (after concept-quality), or `node dist/bench/entity-quality.js
 * [<corpus-dir>] [--draw tuning|test N]`: the offline engine's entity extraction against the
 * hand labels in bench/entity-labels.json. Each labelled document is converted with kb's own
 * converter and re-extracted; an extracted entity whose (file, key) is labelled counts as
 * correct when its type is the one the label says is right (the type given, for a "correct"
 * label; rightType, for a "wrong type" one), else as wrong. Entities without a label are
 * counted and reported, never scored. Precision is reported per half of the split (tuning:
 * sha1(file name) starts with a hex digit below 8) and per labelled sample.
 * `--draw` prints a fixed, seeded sample of extracted entities with their sentences, to label.
 * The corpus is not on users' machines: without it the bench says so and exits 0.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tagUnits } from '../src/analyze/collect-candidates.js';
import { extractEntities, type EntityCandidate } from '../src/analyze/extract-entities.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';
import { converterFor } from '../src/prepare/converters/convert-document.js';
import { seededRandom } from './seeded-random.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LABELS = path.join(REPO, 'bench/entity-labels.json');
/** Files per half of each of txt/, md/, pdf/ next to the PostgreSQL html pages: the lowest sha1s. */
const OTHER_FILES_PER_FORMAT = 20;

type Half = 'tuning' | 'test';
type Label = 'correct' | 'wrong type' | 'not an entity';

interface LabelledEntity {
  half: Half;
  file: string;
  key: string;
  entity: string;
  type: string;
  label: Label;
  /** Which draw it was labelled in: tuning-150, test-50, or before (what the old extractor alone gave). */
  sample: string;
  /** For a "wrong type" label: the type the entity has. */
  rightType?: string;
  reason: string;
}

/** The split being landed in concept-quality: by the first hex digit of sha1(file name). */
export function halfOf(fileName: string): Half {
  return parseInt(createHash('sha1').update(fileName).digest('hex')[0]!, 16) < 8 ? 'tuning' : 'test';
}

/** The documents a half is measured on: its PostgreSQL pages and a few files of each other format. */
function filesOf(corpus: string, half: Half): string[] {
  const sha = (f: string): string => createHash('sha1').update(f).digest('hex');
  const out: string[] = [];
  for (const dir of ['html', 'txt', 'md', 'pdf']) {
    const names = fs.readdirSync(path.join(corpus, dir)).filter((f) => halfOf(f) === half && (dir !== 'html' || f.startsWith('pg-')));
    const chosen = dir === 'html' ? names.sort() : names.sort((a, b) => (sha(a) < sha(b) ? -1 : 1)).slice(0, OTHER_FILES_PER_FORMAT);
    out.push(...chosen.map((f) => `${dir}/${f}`));
  }
  return out;
}

async function entitiesOf(corpus: string, file: string): Promise<EntityCandidate[]> {
  const ext = path.extname(file).toLowerCase();
  const convert = converterFor(ext)!;
  try {
    const doc = await convert(fs.readFileSync(path.join(corpus, file)), { fileName: path.basename(file), ext });
    const tagged = tagUnits(markdownTextUnits({ title: doc.title, markdown: doc.markdown, sectionTitles: doc.sections.map((s) => s.title) }));
    return extractEntities(doc.title, tagged);
  } catch {
    return [];
  }
}

async function draw(corpus: string, half: Half, n: number): Promise<void> {
  const all: Array<{ file: string; e: EntityCandidate }> = [];
  for (const file of filesOf(corpus, half)) for (const e of await entitiesOf(corpus, file)) all.push({ file, e });
  const random = seededRandom(half === 'tuning' ? 17 : 1717);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  console.log(JSON.stringify({ total: all.length, sample: all.slice(0, n).map(({ file, e }) => ({ half, file, key: e.key, entity: e.name, type: e.type, sentences: e.sentences })) }, null, 1));
}

async function measure(corpus: string): Promise<void> {
  const labels = (JSON.parse(fs.readFileSync(LABELS, 'utf8')) as { labels: LabelledEntity[] }).labels;
  console.log('\nentity-quality: precision of typed entities against hand labels (bench/entity-labels.json)');
  for (const half of ['tuning', 'test'] as const) {
    const mine = labels.filter((l) => l.half === half);
    if (mine.length === 0) continue;
    const byFile = new Map<string, Map<string, LabelledEntity>>();
    for (const l of mine) byFile.set(l.file, (byFile.get(l.file) ?? new Map()).set(l.key, l));
    let correct = 0;
    let wrong = 0;
    let unlabelled = 0;
    let extracted = 0;
    const misses: string[] = [];
    const bySample = new Map<string, { correct: number; scored: number }>();
    for (const file of filesOf(corpus, half)) {
      for (const e of await entitiesOf(corpus, file)) {
        extracted++;
        const l = byFile.get(file)?.get(e.key);
        if (!l) {
          unlabelled++;
          continue;
        }
        const counts = bySample.get(l.sample) ?? { correct: 0, scored: 0 };
        bySample.set(l.sample, counts);
        counts.scored++;
        if (e.type === (l.label === 'correct' ? l.type : l.label === 'wrong type' ? l.rightType : undefined)) {
          correct++;
          counts.correct++;
        } else {
          wrong++;
          misses.push(`${e.name} (${e.type}; labelled ${l.label}${l.label === 'correct' ? ` as ${l.type}` : ''}) in ${file}`);
        }
      }
    }
    const scored = correct + wrong;
    console.log(`  ${half} half: ${extracted} entities extracted from ${filesOf(corpus, half).length} files; ${scored} labelled, precision ${scored ? (correct / scored).toFixed(3) : 'n/a'} (${correct}/${scored}); ${unlabelled} unlabelled (not scored); ${mine.length} labels in all`);
    for (const [sample, c] of [...bySample].sort()) console.log(`    of sample ${sample}: ${(c.correct / c.scored).toFixed(3)} (${c.correct}/${c.scored})`);
    for (const m of misses) console.log(`    wrong: ${m}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const drawAt = args.indexOf('--draw');
  const drawArgs = drawAt >= 0 ? args.splice(drawAt, 3).slice(1) : undefined;
  // bench:concepts passes its arguments to concept-quality and here: skip its --show option.
  const showAt = args.indexOf('--show');
  if (showAt >= 0) args.splice(showAt, 2);
  const corpus = path.resolve(args[0] ?? path.join(REPO, '../shared/corpus'));
  if (!fs.existsSync(path.join(corpus, 'html'))) {
    console.log(`entity-quality: no corpus at ${corpus}; nothing to measure.`);
    return;
  }
  if (drawArgs) await draw(corpus, drawArgs[0] === 'test' ? 'test' : 'tuning', Number(drawArgs[1] ?? 150));
  else await measure(corpus);
}

await main();
