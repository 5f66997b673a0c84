/**
 * The scale bench's corpus: small documents (Markdown, AsciiDoc-like text, HTML) that read like
 * technical notes. What matters for scale is shaped like real text:
 * - words follow Zipf's law over a vocabulary of real English words followed by a long tail of
 *   made-up ones, so the vocabulary keeps growing with the corpus as real vocabularies do;
 * - each document is about one main concept and mentions a few others, all drawn by Zipf's
 *   law from a fixed pool of two-word phrases, so the commonest concepts are shared by
 *   thousands of documents (the concept pages that could grow without bound) and the tail by a
 *   handful;
 * - people and organisations recur the same way, so entity pages grow too.
 * Document i depends only on the seed and i, never on the batch it was written in, so a KB
 * built in stages holds the same documents as one built at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom, stringSeed } from './seeded-random.js';

const NOUNS = (
  'system network storage memory process server client request response cache index table query record ' +
  'file folder page document section report schedule budget policy contract supplier customer order invoice ' +
  'shipment warehouse inventory product release version branch build test deployment cluster node replica ' +
  'backup archive journal log metric alert dashboard incident outage recovery migration schema model sample ' +
  'sensor signal channel protocol message queue stream event handler worker thread lock transaction batch ' +
  'pipeline filter parser compiler library module package interface gateway router firewall certificate key ' +
  'account profile session token permission role team meeting project milestone review audit survey forecast ' +
  'harvest soil water river forest climate energy battery turbine engine vehicle route station platform bridge'
).split(' ');
const MODIFIERS = (
  'distributed local remote shared private public central regional annual monthly weekly daily primary ' +
  'secondary external internal automatic manual incremental parallel sequential secure encrypted compressed ' +
  'persistent temporary critical optional legacy modern open closed dynamic static adaptive linear global'
).split(' ');
const VERBS = (
  'stores reads writes checks updates removes sends receives tracks measures reduces improves replaces ' +
  'validates schedules monitors records balances exports imports merges splits restores protects describes'
).split(' ');
const ADVERBS = 'quickly rarely often carefully slowly reliably twice daily again later'.split(' ');
const FIRST = 'Amara Lukas Mei Jonas Priya Tomas Ines Kenji Sofia Omar Hanna Diego Lena Ravi Chloe Mateo Yuki Nadia Felix Zara'.split(' ');
const LAST = 'Okafor Brandt Chen Novak Sharma Lindqvist Duarte Tanaka Moreau Haddad Weber Alvarez Petrov Nair Dubois Silva Kowalski Mensah Ortiz Berg'.split(' ');
const ORG_HEADS = 'Labs Systems Institute Foundation Group Works Council Partners'.split(' ');
const SYLLABLES = 'ka to mi re su na lo pe ti vo da ge ri mu sa ne bo lu fi ze ra po ki te'.split(' ');

/** Sizes of the pools: made-up tail words, concept phrases and named entities. */
const TAIL_WORDS = 20_000;
const CONCEPTS = 4_000;

/** Draws ranks 0..n-1 with weight 1/(rank+1): Zipf's law with exponent 1. */
export class ZipfSampler {
  private readonly cumulative: Float64Array;
  constructor(readonly size: number) {
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let r = 0; r < size; r++) this.cumulative[r] = total += 1 / (r + 1);
  }
  draw(rand: () => number): number {
    const target = rand() * this.cumulative[this.size - 1]!;
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface ScaleVocabulary {
  /** Nouns by rank: the real ones first, then the made-up tail. */
  nouns: string[];
  /** Two-word concept phrases by rank (rank 0 the one most documents share). */
  concepts: string[];
  /** People and organisations by rank. */
  entities: string[];
  nounRanks: ZipfSampler;
  conceptRanks: ZipfSampler;
  entityRanks: ZipfSampler;
}

export function scaleVocabulary(seed = 1): ScaleVocabulary {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const nouns = [...NOUNS];
  const seen = new Set(nouns);
  while (nouns.length < NOUNS.length + TAIL_WORDS) {
    const word = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join('');
    if (!seen.has(word)) nouns.push(word), seen.add(word);
  }
  // A concept is a modifier or noun before a noun: "distributed cache", "backup schedule",
  // and further down the ranks "replica kamito". Drawn until CONCEPTS distinct phrases exist.
  const conceptHeads = new ZipfSampler(nouns.length);
  const concepts: string[] = [];
  const phrases = new Set<string>();
  while (concepts.length < CONCEPTS) {
    const first = rand() < 0.5 ? pick(MODIFIERS) : nouns[conceptHeads.draw(rand)]!;
    const head = nouns[conceptHeads.draw(rand)]!;
    const phrase = `${first} ${head}`;
    if (first !== head && !phrases.has(phrase)) concepts.push(phrase), phrases.add(phrase);
  }
  const entities: string[] = [];
  for (const first of FIRST) for (const last of LAST) entities.push(`${first} ${last}`);
  for (const word of nouns.slice(NOUNS.length, NOUNS.length + 100)) entities.push(`${capitalise(word)} ${pick(ORG_HEADS)}`);
  // Shuffle the entities so people and organisations mix across the ranks.
  for (let i = entities.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [entities[i], entities[j]] = [entities[j]!, entities[i]!];
  }
  return { nouns, concepts, entities, nounRanks: new ZipfSampler(nouns.length), conceptRanks: new ZipfSampler(concepts.length), entityRanks: new ZipfSampler(entities.length) };
}

export interface ScaleDocument {
  file: string;
  content: string;
  /** The concept the document is about, and the others it mentions. */
  concepts: string[];
}

/** Document `index` of the corpus: the same bytes for the same seed and index, whatever else is generated. */
export function scaleDocument(vocab: ScaleVocabulary, index: number, seed = 1): ScaleDocument {
  const rand = seededRandom(mixSeed(seed, index));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const noun = (): string => vocab.nouns[vocab.nounRanks.draw(rand)]!;
  const concepts = [vocab.concepts[vocab.conceptRanks.draw(rand)]!];
  const others = 2 + Math.floor(rand() * 3);
  for (let tries = 0; concepts.length < 1 + others && tries < 20; tries++) {
    const next = vocab.concepts[vocab.conceptRanks.draw(rand)]!;
    if (!concepts.includes(next)) concepts.push(next);
  }
  const entities = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => vocab.entities[vocab.entityRanks.draw(rand)]!);
  // The main concept is named most, so it leads the document's own ranking of its terms.
  const concept = (): string => (rand() < 0.45 ? concepts[0]! : pick(concepts));
  const sentences: Array<() => string> = [
    () => `The ${concept()} ${pick(VERBS)} the ${pick(MODIFIERS)} ${noun()} of each ${noun()}.`,
    () => `${pick(entities)} ${pick(VERBS)} the ${concept()} ${pick(ADVERBS)}.`,
    () => `When the ${noun()} ${pick(VERBS)} ${article(noun())}, the ${concept()} ${pick(VERBS)} the ${noun()} ${noun()}.`,
    () => `${capitalise(article(pick(MODIFIERS)))} ${noun()} ${pick(VERBS)} ${1 + Math.floor(rand() * 500)} ${noun()} records per ${noun()}.`,
    () => `Each ${concept()} ${pick(VERBS)} its ${noun()} before the ${noun()} ${pick(VERBS)} the ${noun()}.`,
    () => `According to ${pick(entities)}, the ${noun()} ${pick(VERBS)} the ${concept()} and the ${pick(MODIFIERS)} ${noun()}.`,
  ];
  const paragraph = (): string => Array.from({ length: 3 + Math.floor(rand() * 4) }, () => pick(sentences)()).join(' ');
  const title = `${capitalise(concepts[0]!)} and the ${concepts[1] ?? noun()}`;
  const sections = Array.from({ length: 2 + Math.floor(rand() * 4) }, (_, s) => ({
    heading: s === 0 ? 'Overview' : capitalise(`${pick(concepts)} ${pick(['notes', 'in practice', 'limits', 'design', 'checks'])}`),
    paragraphs: Array.from({ length: 1 + Math.floor(rand() * 3) }, paragraph),
  }));
  // Every document names its number, so no two documents hash alike; last, where a real note
  // keeps such a line, so that it does not stand in for the document's description.
  const reference = `Reference ${index}: kept by ${entities[0]}.`;
  const name = `note-${String(index).padStart(6, '0')}`;
  const kind = index % 4;
  if (kind === 2) {
    const body = sections.map((s) => `== ${s.heading}\n\n${s.paragraphs.join('\n\n')}`).join('\n\n');
    return { file: `${name}.txt`, content: `= ${title}\n\n${body}\n\n${reference}\n`, concepts };
  }
  if (kind === 3) {
    const body = sections.map((s) => `<h2>${s.heading}</h2>\n${s.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}`).join('\n');
    return { file: `${name}.html`, content: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><nav><a href="/">Home</a></nav><main>\n<h1>${title}</h1>\n${body}\n<p>${reference}</p>\n</main></body></html>\n`, concepts };
  }
  const body = sections.map((s) => `## ${s.heading}\n\n${s.paragraphs.join('\n\n')}`).join('\n\n');
  return { file: `${name}.md`, content: `# ${title}\n\n${body}\n\n${reference}\n`, concepts };
}

/** Writes documents from..to-1 into `dir`; returns the files written. */
export function writeScaleCorpus(dir: string, from: number, to: number, seed = 1, vocab = scaleVocabulary(seed)): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = from; i < to; i++) {
    const doc = scaleDocument(vocab, i, seed);
    const file = path.join(dir, doc.file);
    fs.writeFileSync(file, doc.content);
    files.push(file);
  }
  return files;
}

/**
 * Queries for `kb search`, from the commonest to the rarest: the concept most documents
 * share, a middling concept, a rare word of the tail, and a person.
 */
export function scaleQueries(vocab: ScaleVocabulary): string[] {
  return [vocab.concepts[0]!, vocab.concepts[40]!, vocab.nouns[NOUNS.length + 300]!, vocab.entities[3]!];
}

function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Well-spread seeds for neighbouring documents. */
function mixSeed(seed: number, index: number): number {
  return stringSeed(`${seed}:${index}`);
}
