import { ANSWER_SHAPE, type LlmAnswer } from './llm-answer.js';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** A rough, model-independent token count: about four characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function promptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
}

export interface PromptBudget {
  /** `llm.context_tokens`: what one call may use, prompt and answer together. */
  contextTokens: number;
}

/** The answer shares the model's context window with the prompt: a quarter is kept for it. */
export function promptLimit(budget: PromptBudget): number {
  return budget.contextTokens - Math.floor(budget.contextTokens / 4);
}

/** Thrown when a prompt would break the budget: a bug in the chunking, never sent. */
export function assertWithinBudget(messages: readonly ChatMessage[], budget: PromptBudget): void {
  const tokens = promptTokens(messages);
  if (tokens > promptLimit(budget)) throw new Error(`prompt of ~${tokens} tokens exceeds the budget of ${promptLimit(budget)} (llm.context_tokens ${budget.contextTokens})`);
}

export interface PromptContext {
  /** wiki/AGENTS.md as on disk now: the wiki's conventions, user-editable. */
  agents: string;
  language: string;
  title: string;
  fileName: string;
}

const RULES = `Rules:
- Answer with one JSON object of this shape and nothing else: ${ANSWER_SHAPE}
- description: one sentence. keyPoints: 3 to 8 short sentences, most important first.
- concepts: at most 20 ideas the text explains (noun phrases as the text names them); importance 10 = central; statement = one sentence of the text (or close to it) saying what the text says about it.
- entities: at most 15 named people, organisations, places, products, works or events.
- Do not invent links. Write [[folder/slug]] only for a page you know exists; otherwise plain text.`;

/** The system message: who writes, the wiki's own conventions (AGENTS.md), the language. */
export function systemMessage(context: PromptContext, agentsMaxChars: number): ChatMessage {
  return {
    role: 'system',
    content: `You compile documents into a Markdown wiki maintained by the tool kb. Write every text value in this language: ${context.language}.\n\n${RULES}\n\n${conventionsBlock(context.agents, agentsMaxChars)}`,
  };
}

/** The wiki's conventions (AGENTS.md, user-editable) as a system prompt quotes them, cut to `maxChars`. */
export function conventionsBlock(agentsText: string, maxChars: number): string {
  const agents = agentsText.length > maxChars ? `${agentsText.slice(0, maxChars)}\n[…conventions cut to fit the prompt budget]` : agentsText;
  return `The wiki's conventions (wiki/AGENTS.md):\n<<<\n${agents.trim()}\n>>>`;
}

export function wholeDocumentMessage(context: PromptContext, text: string): ChatMessage {
  return { role: 'user', content: `Analyse this document: "${context.title}" (file ${context.fileName}).\n<<<\n${text}\n>>>` };
}

export function partMessage(context: PromptContext, part: number, parts: number, sectionTitles: readonly string[], text: string): ChatMessage {
  // Clipped: the part budget is computed with room for 300 characters of titles.
  const where = sectionTitles.length > 0 ? ` Sections starting here: ${clip(sectionTitles.slice(0, 20).join('; '), 300)}.` : '';
  return {
    role: 'user',
    content: `This is part ${part} of ${parts} of the document "${context.title}" (file ${context.fileName}).${where} Analyse this part only; its description says what the part covers.\n<<<\n${text}\n>>>`,
  };
}

export function mergeMessage(context: PromptContext, digests: readonly string[]): ChatMessage {
  return {
    role: 'user',
    content: `Below are analyses of consecutive parts of the document "${context.title}" (file ${context.fileName}), in order. Merge them into one analysis of the whole document: one title and description for all of it, the key points that matter most, the concepts and entities that matter most (one entry each).\n${digests.map((d, i) => `Part ${i + 1}: ${d}`).join('\n')}`,
  };
}

/**
 * A part's answer as merge input, cut to `maxChars`: the least important concepts and
 * entities and the last key points go first, so any digest fits its share of a merge prompt.
 */
export function renderDigest(answer: LlmAnswer, maxChars: number): string {
  const d = {
    description: clip(answer.description, 300),
    keyPoints: answer.keyPoints.slice(0, 8).map((p) => clip(p, 300)),
    concepts: [...answer.concepts].sort((a, b) => b.importance - a.importance).slice(0, 20).map((c) => ({ name: clip(c.name, 80), importance: c.importance, statement: clip(c.statement ?? '', 300) })),
    entities: answer.entities.slice(0, 15).map((e) => ({ name: clip(e.name, 80), type: e.type, statement: clip(e.statement ?? '', 200) })),
  };
  let json = JSON.stringify(d);
  while (json.length > maxChars && (d.concepts.length > 0 || d.entities.length > 0 || d.keyPoints.length > 0)) {
    if (d.entities.length > 0) d.entities.pop();
    else if (d.concepts.length > 0) d.concepts.pop();
    else d.keyPoints.pop();
    json = JSON.stringify(d);
  }
  return json.length > maxChars ? JSON.stringify({ description: clip(d.description, Math.max(1, maxChars - 40)) }) : json;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
