import { MAX_CONCEPT_CANDIDATES, MAX_DF_KEYS, type ConceptCandidate, type DocumentAnalysis, type EntityCandidate } from '../analyze-document.js';
import { conceptKey } from '../offline/concept-key.js';
import type { LlmDocumentInput } from './analyze-with-llm.js';
import type { LlmAnswer } from './llm-answer.js';

const MAX_KEY_POINTS = 12;
const MAX_ENTITIES = 40;

/**
 * The analysis commit expects, from the LLM's answer. Text stays as the model wrote it
 * (links included): commit resolves or demotes its links against the live wiki
 * (resolve-links.ts). Importance (1–10) becomes the concept weight commit ranks with.
 */
export function analysisFromAnswer(answer: LlmAnswer, input: LlmDocumentInput): DocumentAnalysis {
  const lowerBody = input.body.toLowerCase();
  const concepts = new Map<string, ConceptCandidate>();
  for (const c of answer.concepts) {
    const key = conceptKey(c.name);
    if (!key) continue;
    const seen = concepts.get(key);
    if (seen) {
      seen.weight = Math.max(seen.weight, c.importance);
      if (c.statement && seen.sentences.length < 3) seen.sentences.push(oneLine(c.statement, 400));
      continue;
    }
    const name = clip(c.name, 120);
    const mentions = countOccurrences(lowerBody, name.toLowerCase());
    concepts.set(key, { key, name, weight: c.importance, mentions: Math.max(1, mentions), codeMentions: countOccurrences(lowerBody, `\`${name.toLowerCase()}\``), sentences: c.statement ? [oneLine(c.statement, 400)] : [] });
  }
  const entities = new Map<string, EntityCandidate>();
  for (const e of answer.entities) {
    const key = conceptKey(e.name);
    if (!key) continue;
    const seen = entities.get(key);
    if (seen) {
      if (e.statement && seen.sentences.length < 3) seen.sentences.push(oneLine(e.statement, 400));
      continue;
    }
    const name = clip(e.name, 120);
    entities.set(key, { key, name, type: e.type, mentions: Math.max(1, countOccurrences(lowerBody, name.toLowerCase())), sentences: e.statement ? [oneLine(e.statement, 400)] : [] });
  }
  const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const chosen = [...concepts.values()].sort((a, b) => b.weight - a.weight || byKey(a, b)).slice(0, MAX_CONCEPT_CANDIDATES);
  // The LLM's concepts count towards document frequencies first, then the offline keys.
  const dfKeys = [...new Set([...chosen.map((c) => c.key), ...input.offline.dfKeys])].slice(0, MAX_DF_KEYS).sort();
  const description = oneLine(answer.description, 300) || input.offline.description;
  const keyPoints = answer.keyPoints.map((p) => oneLine(p, 300)).filter((p) => p.length > 0).slice(0, MAX_KEY_POINTS);
  return {
    ...input.offline,
    title: oneLine(answer.title ?? '', 200) || input.offline.title,
    description,
    keyPoints: keyPoints.length > 0 ? keyPoints : input.offline.keyPoints,
    concepts: chosen.sort(byKey),
    dfKeys,
    entities: [...entities.values()].slice(0, MAX_ENTITIES).sort(byKey),
    engine: 'llm',
  };
}

function countOccurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

function oneLine(text: string, max: number): string {
  return clip(text.replace(/\s+/g, ' ').trim(), max);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
