import { z } from 'zod';
import type { LlmEngine } from './analyze-with-llm.js';
import { assertWithinBudget, conventionsBlock, promptLimit, promptTokens, type ChatMessage } from './build-prompts.js';
import { callJson } from './call-json.js';
import type { AnswerJsonSchema } from './structured-output.js';

/** One document's top section on the page, as the prompt quotes it. */
export interface OverviewSource {
  doc: string;
  title: string;
  sentences: readonly string[];
}

export interface OverviewRequest {
  kind: 'concept' | 'entity';
  name: string;
  /** The page's top sections, best first: at most compile.max_sections_per_concept. */
  sources: readonly OverviewSource[];
}

const overviewSchema = z.object({ overview: z.string() });

const OVERVIEW_JSON_SCHEMA: AnswerJsonSchema = {
  name: 'overview',
  schema: { type: 'object', properties: { overview: { type: 'string' } }, required: ['overview'], additionalProperties: false },
};

/** A quoted sentence is cut here: the prompt stays bounded whatever a document holds. */
const MAX_SENTENCE_CHARS = 400;

/** Words that open the system prompt; the test server's default answer keys on them. */
export const OVERVIEW_PROMPT_OPENING = 'You write the overview at the top of one page of a wiki';

/**
 * One call: the model's overview of a concept or entity page, from what its top documents
 * say (their key sentences), following the wiki's conventions (AGENTS.md). The prompt is bounded: at most the top sections, each sentence
 * cut to MAX_SENTENCE_CHARS, and the last documents dropped until it fits llm.context_tokens.
 * Returns the model's text as it answered; compile/topic-synthesis.ts checks it.
 */
export async function synthesizeOverview(engine: LlmEngine, request: OverviewRequest): Promise<string> {
  // The conventions get at most a quarter of the budget, as in the document prompts.
  const system: ChatMessage = { role: 'system', content: `${systemText(request.kind, engine.language)}\n\n${conventionsBlock(engine.readAgents(), engine.budget.contextTokens)}` };
  let sources = request.sources.map((s) => ({ ...s, sentences: s.sentences.map((t) => (t.length > MAX_SENTENCE_CHARS ? `${t.slice(0, MAX_SENTENCE_CHARS - 1)}…` : t)) }));
  let messages = [system, userMessage(request, sources)];
  while (sources.length > 1 && promptTokens(messages) > promptLimit(engine.budget)) {
    sources = sources.slice(0, -1);
    messages = [system, userMessage(request, sources)];
  }
  assertWithinBudget(messages, engine.budget);
  const { value } = await callJson(
    {
      client: engine.client,
      model: engine.model,
      messages,
      label: { kind: 'synthesis', topic: request.kind, name: request.name, promptTokens: promptTokens(messages) },
      format: engine.format,
      jsonSchema: OVERVIEW_JSON_SCHEMA,
      ...(engine.signal ? { signal: engine.signal } : {}),
    },
    overviewSchema,
    engine.policy,
    engine.logger,
  );
  return value.overview;
}

function systemText(kind: OverviewRequest['kind'], language: string): string {
  return [
    `${OVERVIEW_PROMPT_OPENING}. The page gathers what several documents say about one ${kind === 'concept' ? 'concept' : 'named entity'}; below the overview, each document keeps a section of its own.`,
    'Write 1 to 3 short paragraphs of plain prose saying what the documents say together: what the term means across them, where they agree or differ, and what each one adds. Use only what the documents below say.',
    'Cite a document each time you draw on it, with its link exactly as given: [[summaries/<name>]]. Link nothing else. No headings, no lists.',
    `Write in this language: ${language}.`,
    'Answer with one JSON object and nothing else: {"overview": "<the paragraphs, separated by a blank line>"}',
  ].join('\n');
}

function userMessage(request: OverviewRequest, sources: readonly OverviewSource[]): ChatMessage {
  const blocks = sources.map((s) => [`[[summaries/${s.doc}]] "${s.title.replace(/\s+/g, ' ')}"`, ...s.sentences.map((t) => `- ${t.replace(/\s+/g, ' ')}`)].join('\n'));
  return { role: 'user', content: `The ${request.kind} "${request.name}". What its documents say about it:\n\n${blocks.join('\n\n')}` };
}
