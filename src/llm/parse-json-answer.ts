import type { ZodType, ZodTypeDef } from 'zod';

/** A usable answer that is not the JSON asked for: retried like a transient error. */
export class MalformedAnswer extends Error {}

/**
 * The JSON in a model's answer. Local servers wrap it in a ```json fence (sometimes after a
 * sentence) despite response_format; an answer cut off by the token limit is reported as
 * such, since a bigger llm.context_tokens share for the answer is the fix the user needs.
 */
export function parseJsonAnswer<T>(content: string | null | undefined, finishReason: string | null | undefined, schema: ZodType<T, ZodTypeDef, unknown>): T {
  const text = (content ?? '').trim();
  if (text === '') throw new MalformedAnswer('the answer is empty');
  const fenced = /```(?:json)?[ \t]*\n?([\s\S]*?)(?:```|$)/.exec(text);
  const body = fenced ? fenced[1]!.trim() : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedAnswer(finishReason === 'length' || looksCutOff(body) ? 'answer is not JSON: it is cut off' : 'answer is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new MalformedAnswer(`answer does not match the schema (${parsed.error.issues[0]?.path.join('.') || 'root'}: ${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/** An object or array opened and never closed. */
function looksCutOff(text: string): boolean {
  let depth = 0;
  for (const ch of text.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return /^[{[]/.test(text) && depth > 0;
}
