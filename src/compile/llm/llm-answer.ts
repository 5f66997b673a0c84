import { z } from 'zod';
import type { EntityType } from '../analyze-document.js';

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

/**
 * The JSON every LLM call answers with — a whole document, one part of it, or the merge of
 * the parts' answers (the same shape, so merges can be merged again). A mismatch is treated
 * like a transient failure and retried.
 */
export const llmAnswerSchema = z.object({
  title: text.nullish(),
  description: text.min(1),
  keyPoints: z.array(text).default([]),
  concepts: z
    .array(z.object({ name: text.min(1), importance: importance.default(5), statement: text.nullish() }))
    .default([]),
  entities: z
    .array(
      z.object({
        name: text.min(1),
        type: z
          .string()
          .nullish()
          .transform((t): EntityType => ENTITY_TYPES[(t ?? '').trim().toLowerCase()] ?? 'other'),
        statement: text.nullish(),
      }),
    )
    .default([]),
});

export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

/** The shape asked for in every prompt (models follow an example better than a schema). */
export const ANSWER_SHAPE = `{"title": string, "description": "one sentence: what the document is", "keyPoints": [string, ...], "concepts": [{"name": string, "importance": 1-10, "statement": string}, ...], "entities": [{"name": string, "type": "person|organisation|place|product|work|event|other", "statement": string}, ...]}`;
