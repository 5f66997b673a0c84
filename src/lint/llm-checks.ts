import { z } from 'zod';
import type { LlmEngine } from '../llm/analyze-with-llm.js';
import { assertWithinBudget, promptLimit, type ChatMessage } from '../llm/build-prompts.js';
import { callJson } from '../llm/call-json.js';
import { splitFrontmatter } from '../model/render-page.js';
import { parseSectionBlocks } from '../compile/topic-page.js';
import type { LintIssue } from './lint-issue.js';
import type { WikiSnapshot } from './wiki-snapshot.js';

const findingsSchema = z.object({
  contradictions: z.array(z.object({ detail: z.string().min(1) })).default([]),
  gaps: z.array(z.object({ detail: z.string().min(1) })).default([]),
});

const SYSTEM = [
  'You review one page of a wiki. The page gathers what several documents say about one concept, a section per document.',
  'Find contradictions: statements in different sections that cannot both be true.',
  'Find gaps: questions a reader of this page would obviously ask that no section answers.',
  'Report only clear findings, each in one sentence; none is a fine answer.',
  'Answer with JSON only: {"contradictions": [{"detail": "…"}], "gaps": [{"detail": "…"}]}.',
].join('\n');

/**
 * The LLM checks: contradictions and gaps on the concept pages where documents meet most
 * (the largest pages with two or more document sections), one call per page and at most
 * `maxCalls` calls. A page longer than the prompt budget is cut. A call that fails for good
 * ends the LLM checks with one warning; the content checks stand on their own.
 */
export async function findContradictionsAndGaps(engine: LlmEngine, pages: WikiSnapshot, maxCalls: number): Promise<LintIssue[]> {
  const chosen = [...pages]
    .filter(([path, text]) => path.startsWith('wiki/concepts/') && parseSectionBlocks(text).size >= 2)
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxCalls);
  const out: LintIssue[] = [];
  // Characters the page may take: the budget (≈ 4 characters a token) less the instructions.
  const room = (promptLimit(engine.budget) - 64) * 4 - SYSTEM.length - 200;
  for (const [page, text] of chosen) {
    const body = splitFrontmatter(text).body;
    const messages: ChatMessage[] = [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: `Wiki page ${page}:\n\n${body.length > room ? `${body.slice(0, room)}\n[…cut]` : body}` },
    ];
    assertWithinBudget(messages, engine.budget);
    try {
      const { value } = await callJson({ client: engine.client, model: engine.model, messages, label: { kind: 'lint', page }, ...(engine.signal ? { signal: engine.signal } : {}) }, findingsSchema, engine.policy, engine.logger);
      for (const c of value.contradictions) out.push({ kind: 'contradiction', page, detail: c.detail.trim(), severity: 'warning' });
      for (const g of value.gaps) out.push({ kind: 'gap', page, detail: g.detail.trim(), severity: 'warning' });
    } catch (error) {
      if (engine.signal?.aborted) throw error;
      out.push({ kind: 'llm-check-failed', page, detail: `LLM checks stopped: ${(error as Error).message}`, severity: 'warning' });
      break;
    }
  }
  return out;
}
