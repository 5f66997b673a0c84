import type { ChatCompletionChunk, ChatCompletionMessageFunctionToolCall, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { LlmEngine } from '../llm/analyze-with-llm.js';
import { estimateTokens, promptLimit } from '../llm/build-prompts.js';
import { callChatWithRetries, LlmCallError } from '../llm/call-json.js';
import { AGENT_TOOLS, clip } from './agent-tools.js';

export interface QueryAgentInput {
  question: string;
  /** `query.max_turns`: model calls at most; the last offers no tools. */
  maxTurns: number;
  /** Runs one tool call; its result must be at most `maxChars` long (agent-tools.ts). */
  runTool: (name: string, rawArguments: string, maxChars: number) => Promise<string>;
  /** Set on a terminal: every answer is streamed and its text handed over as it arrives. */
  onText?: (delta: string) => void;
  /** Earlier turns of a chat, oldest first: the most recent that fit are sent before the question. */
  history?: readonly EarlierTurn[];
  /** A chat follow-up's terms from the questions before it (question-terms.ts): named to the model with the question. */
  carriedTerms?: readonly string[];
}

export interface EarlierTurn {
  question: string;
  answer: string;
}

export interface QueryAgentAnswer {
  /** The model's final answer, links unresolved. */
  text: string;
  turns: number;
  toolCalls: number;
}

/** One tool result at most, in characters as the prompt counts them. */
const MAX_TOOL_RESULT_CHARS = 8000;
/** Below this a tool result says nothing useful (an error message still fits): the model is told to answer instead. */
const MIN_TOOL_RESULT_CHARS = 120;
/** A tool message's JSON around its content (role, tool_call_id). */
const MESSAGE_OVERHEAD_CHARS = 60;
const BUDGET_SPENT = 'error: the prompt budget is spent; answer from what you have read';
/** The question as sent: a question, not a document. */
const MAX_QUESTION_CHARS = 2000;
/** Room kept for the final turn's "answer now" note and rounding. */
const RESERVE_TOKENS = 64;

const FINAL_NOTE = 'No more tools: answer the question now from what you have read.';

/**
 * `kb query` with an LLM: a bounded tool-using conversation. Each turn the model may call
 * search, read_page and read_source (agent-tools.ts); the results go back clipped so the
 * whole conversation stays within the prompt budget (llm.context_tokens less the quarter
 * kept for the answer). The last turn — `maxTurns`, or earlier when the budget is spent —
 * offers no tools, so the model has to answer. Every call goes through the retry policy.
 */
export async function runQueryAgent(engine: LlmEngine, input: QueryAgentInput): Promise<QueryAgentAnswer> {
  const limit = promptLimit(engine.budget);
  const toolTokens = estimateTokens(JSON.stringify(AGENT_TOOLS));
  const question: ChatCompletionMessageParam = { role: 'user', content: withCarriedTerms(clip(input.question, MAX_QUESTION_CHARS), input.carriedTerms ?? []) };
  const system = systemMessage(engine);
  // Earlier turns get at most half of what the question leaves: the rest is for reading.
  const room = Math.floor((limit - tokensOf([system, question]) - toolTokens - RESERVE_TOKENS) / 2);
  const messages: ChatCompletionMessageParam[] = [system, ...recentTurnsThatFit(input.history ?? [], room), question];
  if (tokensOf(messages) + toolTokens + RESERVE_TOKENS > limit) throw new LlmCallError(`llm.context_tokens ${engine.budget.contextTokens} leaves no room for the question next to the instructions and wiki/AGENTS.md`);
  let toolCalls = 0;
  for (let turn = 1; ; turn++) {
    const final = turn >= input.maxTurns || tokensOf(messages) + toolTokens + RESERVE_TOKENS + MIN_TOOL_RESULT_CHARS / 4 > limit;
    if (final && turn > 1) messages.push({ role: 'user', content: FINAL_NOTE });
    const tokens = fitToBudget(messages, limit - (final ? 0 : toolTokens)) + (final ? 0 : toolTokens);
    const reply = await askModel(engine, messages, { tools: !final, turn, promptTokens: tokens, ...(input.onText ? { onText: input.onText } : {}) });
    if (final || reply.toolCalls.length === 0) return { text: reply.content, turns: turn, toolCalls };
    messages.push({ role: 'assistant', content: reply.content || null, tool_calls: reply.toolCalls });
    // This turn's results share half of what is left, so later turns still have room to
    // read something; each gets an equal part of what the ones before it left over.
    let pool = (limit - tokensOf(messages) - toolTokens - RESERVE_TOKENS) * 2;
    for (const [i, call] of reply.toolCalls.entries()) {
      toolCalls++;
      const share = Math.min(MAX_TOOL_RESULT_CHARS, Math.floor(pool / (reply.toolCalls.length - i)) - MESSAGE_OVERHEAD_CHARS);
      const content = share < MIN_TOOL_RESULT_CHARS ? BUDGET_SPENT : await input.runTool(call.function.name, call.function.arguments, share);
      engine.logger.debug({ event: 'query.tool', turn, tool: call.function.name, chars: content.length }, `tool ${call.function.name}`);
      const message: ChatCompletionMessageParam = { role: 'tool', tool_call_id: call.id, content };
      messages.push(message);
      pool -= JSON.stringify(message).length + 16;
    }
    if (engine.signal?.aborted) throw engine.signal.reason ?? new Error('aborted');
  }
}

/**
 * "and the other mode?" alone sends the model searching for "other mode": it is told what the
 * conversation was about, in words it can search for.
 */
function withCarriedTerms(question: string, terms: readonly string[]): string {
  return terms.length === 0 ? question : `${question}\n\n(A follow-up: the earlier questions were about ${terms.join(', ')}.)`;
}

/**
 * The most recent earlier turns whose messages fit in `tokens`, oldest first. Only questions
 * and final answers are kept: what the tools read then can be read again if it matters.
 */
function recentTurnsThatFit(history: readonly EarlierTurn[], tokens: number): ChatCompletionMessageParam[] {
  const kept: ChatCompletionMessageParam[] = [];
  let left = tokens;
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i]!;
    const pair: ChatCompletionMessageParam[] = [
      { role: 'user', content: clip(turn.question, MAX_QUESTION_CHARS) },
      { role: 'assistant', content: turn.answer || '(no answer)' },
    ];
    left -= tokensOf(pair);
    if (left < 0) break;
    kept.unshift(...pair);
  }
  return kept;
}

/**
 * Tool results are clipped as they come, but a model's own long turns (tool-call arguments)
 * are not: if the conversation has outgrown `limit` anyway, the longest tool results are cut
 * further until it fits. Returns its tokens; fails the call when even that is not enough.
 */
function fitToBudget(messages: ChatCompletionMessageParam[], limit: number): number {
  for (let tokens = tokensOf(messages); ; tokens = tokensOf(messages)) {
    if (tokens <= limit) return tokens;
    const longest = messages.reduce<number>((best, m, i) => (m.role === 'tool' && typeof m.content === 'string' && m.content.length > ((messages[best]?.content as string | undefined)?.length ?? 0) ? i : best), -1);
    const message = messages[longest];
    if (!message || message.role !== 'tool' || typeof message.content !== 'string' || message.content.length <= MIN_TOOL_RESULT_CHARS) {
      throw new LlmCallError(`the conversation (~${tokens} tokens) no longer fits llm.context_tokens; the model's own turns are too long`);
    }
    messages[longest] = { ...message, content: clip(message.content, Math.max(MIN_TOOL_RESULT_CHARS, JSON.stringify(message.content).length - (tokens - limit) * 4 - 8)) };
  }
}

function systemMessage(engine: LlmEngine): ChatCompletionMessageParam {
  const agents = clip(engine.readAgents().trim(), engine.budget.contextTokens / 2);
  return {
    role: 'system',
    content: [
      `You answer questions from a Markdown wiki maintained by the tool kb. Answer in this language: ${engine.language}.`,
      'Use the tools to find and read what the wiki says: search first, then read the pages or source sections that matter. Answer only from what you read; say so when the wiki does not answer.',
      'Cite every statement with a link to the page it comes from, written [[page]] with the page exactly as the tools give it (e.g. [[sources/tug-manual]]). Do not link pages you have not seen.',
      `The wiki's conventions (wiki/AGENTS.md):\n<<<\n${agents}\n>>>`,
    ].join('\n\n'),
  };
}

/** Prompt tokens of a conversation as the budget counts them: its JSON, four characters a token. */
function tokensOf(messages: readonly ChatCompletionMessageParam[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(JSON.stringify(m)) + 4, 0);
}

interface ModelReply {
  content: string;
  toolCalls: ChatCompletionMessageFunctionToolCall[];
}

async function askModel(engine: LlmEngine, messages: readonly ChatCompletionMessageParam[], options: { tools: boolean; turn: number; promptTokens: number; onText?: (delta: string) => void }): Promise<ModelReply> {
  const request = { model: engine.model, messages: [...messages], ...(options.tools ? { tools: [...AGENT_TOOLS], tool_choice: 'auto' as const } : {}) };
  const label = { kind: 'query', turn: options.turn, promptTokens: options.promptTokens };
  const call = { model: engine.model, label, ...(engine.signal ? { signal: engine.signal } : {}) };
  const onText = options.onText;
  const { value } = await callChatWithRetries(call, engine.policy, engine.logger, async (sdkOptions, alive) => {
    if (!onText) {
      const completion = await engine.client.chat.completions.create(request, sdkOptions);
      const message = completion.choices[0]?.message;
      const toolCalls = (message?.tool_calls ?? []).filter((c): c is ChatCompletionMessageFunctionToolCall => c.type === 'function');
      return { value: { content: message?.content ?? '', toolCalls }, usage: completion.usage };
    }
    const stream = await engine.client.chat.completions.create({ ...request, stream: true }, sdkOptions);
    return { value: await readStream(stream, onText, alive) };
  });
  return value;
}

/**
 * Collects a streamed answer: text deltas are handed on as they arrive, tool-call deltas
 * are joined by index. Once text has been shown, a broken stream is not retried (the text
 * would be shown twice): it fails the call.
 */
async function readStream(stream: AsyncIterable<ChatCompletionChunk>, onText: (delta: string) => void, alive: () => void): Promise<ModelReply> {
  let content = '';
  const calls: { id: string; name: string; arguments: string }[] = [];
  try {
    for await (const chunk of stream) {
      alive();
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue;
      if (delta.content) {
        content += delta.content;
        onText(delta.content);
      }
      for (const part of delta.tool_calls ?? []) {
        const call = (calls[part.index] ??= { id: '', name: '', arguments: '' });
        if (part.id) call.id = part.id;
        if (part.function?.name) call.name += part.function.name;
        if (part.function?.arguments) call.arguments += part.function.arguments;
      }
    }
  } catch (error) {
    if (content === '') throw error;
    throw new LlmCallError(`the answer broke off: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const toolCalls = calls.filter(Boolean).map((c, i) => ({ id: c.id || `call_${i}`, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));
  return { content, toolCalls };
}
