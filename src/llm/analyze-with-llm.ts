import type OpenAI from 'openai';
import type { Logger } from '../core/logger.js';
import type { DocumentAnalysis } from '../analyze/analyze-document.js';
import { inlineText } from '../model/render-page.js';
import {
  assertWithinBudget,
  mergeMessage,
  partMessage,
  promptLimit,
  promptTokens,
  renderDigest,
  systemMessage,
  wholeDocumentMessage,
  type ChatMessage,
  type PromptBudget,
  type PromptContext,
} from './build-prompts.js';
import { callJson, LlmCallError, type RetryPolicy } from './call-json.js';
import { chunkDocument } from './chunk-document.js';
import type { ResponseFormatChoice } from './structured-output.js';
import { ANSWER_JSON_SCHEMA, llmAnswerSchema, type LlmAnswer } from './llm-answer.js';
import { analysisFromAnswer, type LlmDocumentInput } from './analysis-from-answer.js';

export interface LlmEngine {
  client: OpenAI;
  model: string;
  language: string;
  budget: PromptBudget;
  policy: RetryPolicy;
  /** response_format asked for: json_schema where the endpoint takes it (llm.structured_output). */
  format: ResponseFormatChoice;
  logger: Logger;
  /** wiki/AGENTS.md, read from disk for every document: users edit it between runs. */
  readAgents: () => string;
  signal?: AbortSignal;
}

// Rounding slack: promptTokens rounds each message up.
const SLACK_TOKENS = 16;

/**
 * The LLM engine for one document. A document that fits the prompt budget is analysed in
 * one call; a longer one (of any format) is cut along its sections into parts that fit,
 * each part is digested (in parallel, bounded by the engine's limit), and the digests are
 * merged — in rounds if they do not fit one merge prompt. Every prompt is checked against
 * the budget before it is sent.
 */
export interface LlmAnalysis {
  analysis: DocumentAnalysis;
  /** One line per answer that lacked or botched a list (filled from the offline engine, or left out of a merge). */
  warnings: string[];
}

export async function analyzeWithLlm(engine: LlmEngine, input: LlmDocumentInput): Promise<LlmAnalysis> {
  const started = engine.policy.now();
  const context: PromptContext = { agents: engine.readAgents(), language: engine.language, title: inlineText(input.offline.title, 200), fileName: inlineText(input.fileName, 200) };
  // The conventions get at most a quarter of the budget (in characters: budget tokens × 4 / 4).
  const system = systemMessage(context, engine.budget.contextTokens);
  const limit = promptLimit(engine.budget);
  let calls = 0;
  const warnings: string[] = [];
  const ask = async (user: ChatMessage, label: Record<string, unknown>): Promise<LlmAnswer> => {
    const messages = [system, user];
    assertWithinBudget(messages, engine.budget);
    calls++;
    const { value } = await callJson(
      { client: engine.client, model: engine.model, messages, label: { doc: input.doc, ...label, promptTokens: promptTokens(messages) }, format: engine.format, jsonSchema: ANSWER_JSON_SCHEMA, ...(engine.signal ? { signal: engine.signal } : {}) },
      llmAnswerSchema,
      engine.policy,
      engine.logger,
    );
    if (value.problems.length > 0) {
      const which = label.kind === 'part' ? ` for part ${String(label.part)} of ${String(label.parts)}` : label.kind === 'merge' ? ' merging the parts' : '';
      warnings.push(`LLM answer${which} incomplete (${value.problems.join(', ')})`);
      engine.logger.info({ event: 'llm.incomplete', doc: input.doc, ...label, problems: value.problems }, `LLM answer for ${input.doc} incomplete: ${value.problems.join(', ')}`);
    }
    return value;
  };

  let answer: LlmAnswer;
  const whole = wholeDocumentMessage(context, input.body);
  if (promptTokens([system, whole]) <= limit) {
    answer = await ask(whole, { kind: 'whole' });
  } else {
    const overhead = promptTokens([system, partMessage(context, 99_999, 99_999, ['x'.repeat(310)], '')]) + SLACK_TOKENS;
    const maxChars = (limit - overhead) * 4;
    if (maxChars < 1000) throw new LlmCallError(`llm.context_tokens ${engine.budget.contextTokens} leaves no room for the document next to the instructions and wiki/AGENTS.md`);
    const chunks = chunkDocument(input.body, input.sections, maxChars);
    const digests = await Promise.all(chunks.map((chunk, i) => ask(partMessage(context, i + 1, chunks.length, chunk.sectionTitles, chunk.text), { kind: 'part', part: i + 1, parts: chunks.length })));
    answer = await mergeAnswers(digests, (group, round) => ask(mergeMessage(context, group), { kind: 'merge', round, parts: group.length }), (group) => promptTokens([system, mergeMessage(context, group)]) <= limit, maxDigestChars(system, context, limit));
  }
  engine.logger.info({ event: 'llm.analyzed', doc: input.doc, calls, ms: engine.policy.now() - started }, `analysed ${input.doc} with ${calls} LLM call(s)`);
  const analysis = analysisFromAnswer(answer, input);
  // The final answer (whole document, or the last merge) is the last call to finish: its warning is the last one.
  if (answer.missing.length > 0) warnings.push(`${warnings.pop() ?? 'LLM answer incomplete'}: ${answer.missing.join(', ')} filled from the offline engine`);
  return { analysis, warnings };
}

/** Each digest may fill half of what a merge prompt leaves, so every merge joins at least two. */
function maxDigestChars(system: ChatMessage, context: PromptContext, limit: number): number {
  const overhead = promptTokens([system, mergeMessage(context, [])]) + SLACK_TOKENS;
  return Math.max(200, Math.floor(((limit - overhead) * 4) / 2) - 32);
}

/** Merges part answers in rounds of consecutive groups that fit one prompt, until one is left. */
async function mergeAnswers(
  answers: LlmAnswer[],
  merge: (group: string[], round: number) => Promise<LlmAnswer>,
  fits: (group: string[]) => boolean,
  digestChars: number,
): Promise<LlmAnswer> {
  let level = answers;
  for (let round = 1; ; round++) {
    const digests = level.map((a) => renderDigest(a, digestChars));
    const groups: string[][] = [];
    for (const digest of digests) {
      const last = groups[groups.length - 1];
      if (last && fits([...last, digest])) last.push(digest);
      else groups.push([digest]);
    }
    if (groups.length === 1) return merge(groups[0]!, round);
    if (groups.length === digests.length) throw new LlmCallError('part digests do not fit a merge prompt two at a time; raise llm.context_tokens');
    level = await Promise.all(groups.map((group) => merge(group, round)));
  }
}
