import OpenAI from 'openai';
import type { ResponseFormatJSONObject, ResponseFormatJSONSchema } from 'openai/resources/shared';

export type StructuredOutputMode = 'auto' | 'json_schema' | 'json_object';

/** A JSON Schema in the subset strict mode accepts (every key required, no extra keys). */
export interface AnswerJsonSchema {
  name: string;
  schema: Record<string, unknown>;
}

export type AnswerFormat = ResponseFormatJSONObject | ResponseFormatJSONSchema;

/**
 * The response_format one command asks for (`llm.structured_output`). `auto` asks for a
 * strict json_schema, which makes OpenAI and vLLM produce exactly the fields kb needs; many
 * local servers refuse it with a 400, and then the command switches to json_object for the
 * rest of its calls, so it pays for the refusal once, not on every call.
 */
export class ResponseFormatChoice {
  private refused = false;

  constructor(private readonly mode: StructuredOutputMode) {}

  formatFor(schema: AnswerJsonSchema | undefined): AnswerFormat {
    if (!schema || this.mode === 'json_object' || this.refused) return { type: 'json_object' };
    return { type: 'json_schema', json_schema: { name: schema.name, strict: true, schema: schema.schema } };
  }

  /** True when `error` is the endpoint refusing the json_schema just sent, in auto mode: ask again with json_object. */
  fallBack(error: unknown, sent: AnswerFormat): boolean {
    if (this.mode !== 'auto' || sent.type !== 'json_schema' || !refusesJsonSchema(error)) return false;
    this.refused = true;
    return true;
  }
}

function refusesJsonSchema(error: unknown): boolean {
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) return false;
  if (![400, 404, 415, 422, 501].includes(error.status)) return false;
  return /response_format|json_schema|schema|structured/i.test(`${error.message} ${JSON.stringify(error.error ?? '')}`);
}
