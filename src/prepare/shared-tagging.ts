import { candidatesFromTally, mergeTallies, tagUnits, tallyCandidates, type CandidateTally, type DocumentCandidates, type TaggedUnit } from '../analyze/collect-candidates.js';
import { markdownTextUnits, type TextUnit, type UnitSource } from '../analyze/markdown-text-units.js';
import type { PartOfSpeech } from '../analyze/tag-parts-of-speech.js';
import type { Token, TokenKind } from '../analyze/tokenize.js';
import { helpWith, shareWork, type HelpAnswer, type Helpers, type HelpTask } from './share-work.js';

/**
 * Text units per chunk of a long document's tagging and candidate collection, the larger part
 * of the offline engine's time (the R reference manual has about 48,000 units).
 */
export const UNITS_PER_CHUNK = 1500;
/** A document of fewer units is tagged by one worker: a helper's own split would not pay. */
export const SPLIT_MIN_UNITS = 3 * UNITS_PER_CHUNK;

/**
 * A helper's job: tag chunks of these units. The units travel with the job: copying them
 * between threads took a tenth of the time of splitting the text again (110 ms against
 * 1,050 ms for the R reference manual's 48,349 units).
 */
export interface TagUnitsJob {
  kind: 'tag-units';
  units: TextUnit[];
}

/** A chunk's tokens and tags, packed so that passing them between threads stays cheap. */
interface PackedTags {
  /** Tokens of each unit of the chunk. */
  counts: Int32Array;
  /** start, end, kind (index into KINDS) of each token. */
  spans: Int32Array;
  /** A token's text where it is not the unit's text from start to end: [token index, text]. */
  texts: Array<[number, string]>;
  /** Each token's tag as an index into tagNames. */
  tags: Uint16Array;
  tagNames: PartOfSpeech[];
}

const KINDS: readonly TokenKind[] = ['word', 'code', 'number', 'punct'];

/** A long document's tagged units, and its concept candidates when they were collected with them. */
export interface SharedTagging {
  tagged: TaggedUnit[];
  /** collectCandidates(tagged), from the chunks' tallies merged in order; absent when one worker tagged it all. */
  collected?: DocumentCandidates;
}

/** A chunk's result: its units tagged (packed when from a helper) and its candidates' tally. */
interface TaggedChunk {
  tags: TaggedUnit[] | PackedTags;
  tally: CandidateTally;
}

/**
 * The document's text units, tokenised and tagged (what analyzeDocument would do itself), a
 * long document's in chunks shared with up to `helpers.count` idle workers when `share` (only
 * with a core to spare: share-work.ts hasSpareCore), each chunk's concept candidates tallied
 * with it. A unit's tags depend on that unit alone, and tallies merge to what one tally gives
 * (collect-candidates.ts mergeTallies), so the result is what one worker computes.
 */
export async function sharedTagging(helpers: Helpers, source: UnitSource, share: boolean): Promise<SharedTagging> {
  const units = markdownTextUnits(source);
  if (!share || !helpers.ask || helpers.count < 1 || units.length < SPLIT_MIN_UNITS) return { tagged: tagUnits(units) };
  const job: TagUnitsJob = { kind: 'tag-units', units };
  const parts = await shareWork<TagUnitsJob, TaggedChunk>(helpers, job, Math.ceil(units.length / UNITS_PER_CHUNK), (chunk) => tagChunk(units, chunk, false));
  const tagged = parts.flatMap(({ tags }, chunk) => (Array.isArray(tags) ? tags : unpack(tags, units.slice(...chunkRange(chunk, units.length)))));
  const tally = parts.reduce<CandidateTally>((merged, part) => mergeTallies(merged, part.tally), new Map());
  return { tagged, collected: candidatesFromTally(tally, tagged) };
}

/** A helper's side: tags the chunks of the job's units it claims, and tallies their candidates. */
export function helpTagUnits(task: HelpTask<TagUnitsJob>): Promise<HelpAnswer<TaggedChunk>> {
  return helpWith(task, ({ units }) => ({ run: (chunk) => tagChunk(units, chunk, true) }));
}

function tagChunk(units: readonly TextUnit[], chunk: number, packed: boolean): TaggedChunk {
  const [start, end] = chunkRange(chunk, units.length);
  const tagged = tagUnits(units.slice(start, end));
  return { tags: packed ? pack(tagged) : tagged, tally: tallyCandidates(tagged, start) };
}

function chunkRange(chunk: number, unitCount: number): [start: number, end: number] {
  return [chunk * UNITS_PER_CHUNK, Math.min(unitCount, (chunk + 1) * UNITS_PER_CHUNK)];
}

function pack(tagged: readonly TaggedUnit[]): PackedTags {
  const total = tagged.reduce((sum, t) => sum + t.tokens.length, 0);
  const counts = new Int32Array(tagged.length);
  const spans = new Int32Array(total * 3);
  const tags = new Uint16Array(total);
  const texts: Array<[number, string]> = [];
  const tagIndex = new Map<PartOfSpeech, number>();
  let at = 0;
  tagged.forEach(({ unit, tokens, tags: unitTags }, u) => {
    counts[u] = tokens.length;
    tokens.forEach((token, i) => {
      spans.set([token.start, token.end, KINDS.indexOf(token.kind)], at * 3);
      if (token.text !== unit.text.slice(token.start, token.end)) texts.push([at, token.text]);
      const tag = unitTags[i]!;
      let index = tagIndex.get(tag);
      if (index === undefined) tagIndex.set(tag, (index = tagIndex.size));
      tags[at] = index;
      at++;
    });
  });
  return { counts, spans, texts, tags, tagNames: [...tagIndex.keys()] };
}

function unpack(packed: PackedTags, units: readonly TextUnit[]): TaggedUnit[] {
  const odd = new Map(packed.texts);
  let at = 0;
  return units.map((unit, u) => {
    const tokens: Token[] = [];
    const tags: PartOfSpeech[] = [];
    for (let i = 0; i < packed.counts[u]!; i++, at++) {
      const [start, end, kind] = [packed.spans[at * 3]!, packed.spans[at * 3 + 1]!, packed.spans[at * 3 + 2]!];
      tokens.push({ text: odd.get(at) ?? unit.text.slice(start, end), start, end, kind: KINDS[kind]! });
      tags.push(packed.tagNames[packed.tags[at]!]!);
    }
    return { unit, tokens, tags };
  });
}
