import { z } from 'zod';
import type { EntityType } from '../analyze/extract-entities.js';
import type { AnswerJsonSchema } from './structured-output.js';

const ENTITY_TYPES: Record<string, EntityType> = {
  person: 'person',
  people: 'person',
  organisation: 'organisation',
  organization: 'organisation',
  company: 'organisation',
  place: 'place',
  location: 'place',
  product: 'product',
  software: 'product',
  work: 'work',
  event: 'event',
};

/** Models add keys of their own and stray nulls; only what kb uses is checked. */
const text = z.string().trim();
const importance = z.coerce.number().catch(5).transform((n) => Math.min(10, Math.max(1, Number.isFinite(n) ? n : 5)));
const concept = z.object({ name: text.min(1), importance: importance.default(5), statement: text.nullish() });
const entity = z.object({
  name: text.min(1),
  type: z
    .string()
    .nullish()
    .transform((t): EntityType => ENTITY_TYPES[(t ?? '').trim().toLowerCase()] ?? 'other'),
  statement: text.nullish(),
});

/** The lists of an answer; one missing or wrong is filled from the offline engine, with a warning. */
const LISTS = { keyPoints: text.min(1), concepts: concept, entities: entity } as const;
type ListName = keyof typeof LISTS;

export type LlmAnswer = {
  title?: string | null | undefined;
  description: string;
  keyPoints: string[];
  concepts: z.output<typeof concept>[];
  entities: z.output<typeof entity>[];
  /** Lists the model left out or got wrong, e.g. "keyPoints missing": each is a warning on the file. */
  problems: string[];
  /** The fields that are unusable and are filled from the offline engine. */
  missing: (ListName | 'title')[];
};

/**
 * The JSON every LLM call answers with — a whole document, one part of it, or the merge of
 * the parts' answers (the same shape, so merges can be merged again). An answer without a
 * description did not do the job and is retried like a transient failure. A list that is
 * missing, not a list, or holds only wrong items is reported in `problems`, never silently
 * dropped; its wrong items are dropped, and reported too.
 */
export const llmAnswerSchema = z
  .object({ title: z.unknown(), description: text.min(1) })
  .passthrough()
  .transform((raw): LlmAnswer => {
    const answer: LlmAnswer = { title: typeof raw.title === 'string' ? raw.title.trim() : null, description: raw.description, keyPoints: [], concepts: [], entities: [], problems: [], missing: [] };
    // null is a title the schema allows ("none better than the document's own"); absent or another type is not.
    if (raw.title === undefined || (raw.title !== null && typeof raw.title !== 'string')) {
      answer.problems.push(`title ${raw.title === undefined ? 'missing' : 'not a string'}`);
      answer.missing.push('title');
    }
    for (const name of Object.keys(LISTS) as ListName[]) readList(raw[name], name, answer);
    return answer;
  });

function readList(value: unknown, name: ListName, answer: LlmAnswer): void {
  if (!Array.isArray(value)) {
    answer.problems.push(`${name} ${value === undefined || value === null ? 'missing' : 'not a list'}`);
    answer.missing.push(name);
    return;
  }
  const items = value.map((item) => LISTS[name].safeParse(item)).flatMap((r) => (r.success ? [r.data] : []));
  const wrong = value.length - items.length;
  if (wrong > 0) answer.problems.push(`${name}: ${wrong} of ${value.length} item(s) invalid`);
  // An empty list of key points says nothing; empty concepts or entities may be the truth.
  if (items.length === 0 && (wrong > 0 || name === 'keyPoints')) {
    if (wrong === 0) answer.problems.push(`${name} empty`);
    answer.missing.push(name);
  }
  (answer[name] as unknown[]) = items;
}

const str = { type: 'string' };
const object = (properties: Record<string, unknown>): Record<string, unknown> => ({ type: 'object', additionalProperties: false, required: Object.keys(properties), properties });

/** The same shape as strict JSON Schema (every key required, nothing else allowed) for response_format json_schema. */
export const ANSWER_JSON_SCHEMA: AnswerJsonSchema = {
  name: 'document_analysis',
  schema: object({
    title: { type: ['string', 'null'] },
    description: str,
    keyPoints: { type: 'array', items: str },
    concepts: { type: 'array', items: object({ name: str, importance: { type: 'integer' }, statement: str }) },
    entities: { type: 'array', items: object({ name: str, type: { type: 'string', enum: ['person', 'organisation', 'place', 'product', 'work', 'event', 'other'] }, statement: str }) },
  }),
};

/** The shape asked for in every prompt (models follow an example better than a schema). */
export const ANSWER_SHAPE = `{"title": string, "description": "one sentence: what the document is", "keyPoints": [string, ...], "concepts": [{"name": string, "importance": 1-10, "statement": string}, ...], "entities": [{"name": string, "type": "person|organisation|place|product|work|event|other", "statement": string}, ...]}`;
