import { MAX_CONCEPT_CANDIDATES, type ConceptCandidate, type DocumentAnalysis } from '../analyze/analyze-document.js';
import type { EntityCandidate } from '../analyze/extract-entities.js';
import { conceptKey } from '../analyze/concept-key.js';
import type { SectionNode } from '../model/converted-document.js';
import type { LlmAnswer } from './llm-answer.js';

/** One document as the LLM engine reads it (analyze-with-llm.ts), and as its answer is checked against. */
export interface LlmDocumentInput {
  doc: string;
  fileName: string;
  /** The source page's body: the document as Markdown. */
  body: string;
  /** Offsets into `body`. */
  sections: readonly SectionNode[];
  /** The worker's offline analysis: outline, pages and DF keys come from it. */
  offline: DocumentAnalysis;
}

const MAX_KEY_POINTS = 12;
const MAX_ENTITIES = 40;

/**
 * The analysis commit expects, from the LLM's answer. Text stays as the model wrote it
 * (links included): commit resolves or demotes its links against the live wiki
 * (resolve-links.ts). Importance (1–10) becomes the concept weight commit ranks with.
 */
export function analysisFromAnswer(answer: LlmAnswer, input: LlmDocumentInput): DocumentAnalysis {
  const lowerBody = input.body.toLowerCase();
  const mentionsOf = (name: string): number => Math.max(1, countOccurrences(lowerBody, name.toLowerCase()));
  const concepts = groupByKey(answer.concepts, (c, name): ConceptCandidate => ({
    key: conceptKey(c.name),
    name,
    weight: c.importance,
    mentions: mentionsOf(name),
    codeMentions: countOccurrences(lowerBody, `\`${name.toLowerCase()}\``),
    // The model chose it as one of the document's concepts.
    defined: true,
    sentences: [],
  }));
  // A concept named twice keeps its highest importance.
  for (const c of answer.concepts) {
    const seen = concepts.get(conceptKey(c.name));
    if (seen) seen.weight = Math.max(seen.weight, c.importance);
  }
  const entities = groupByKey(answer.entities, (e, name): EntityCandidate => ({ key: conceptKey(e.name), name, type: e.type, mentions: mentionsOf(name), sentences: [] }));
  const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const chosen = [...concepts.values()].sort((a, b) => b.weight - a.weight || byKey(a, b)).slice(0, MAX_CONCEPT_CANDIDATES);
  const description = oneLine(answer.description, 300) || input.offline.description;
  const keyPoints = answer.keyPoints.map((p) => oneLine(p, 300)).filter((p) => p.length > 0).slice(0, MAX_KEY_POINTS);
  // What the model left out comes from the offline engine; the caller warns about it (answer.problems).
  const missing = new Set(answer.missing);
  return {
    ...input.offline,
    title: oneLine(answer.title ?? '', 200) || input.offline.title,
    description,
    keyPoints: keyPoints.length > 0 ? keyPoints : input.offline.keyPoints,
    concepts: missing.has('concepts') ? input.offline.concepts : chosen.sort(byKey),
    entities: missing.has('entities') ? input.offline.entities : [...entities.values()].slice(0, MAX_ENTITIES).sort(byKey),
    engine: 'llm',
  };
}

/**
 * One candidate per canonical key, in answer order; the statements of repeated names become
 * its sentences (at most three).
 */
function groupByKey<I extends { name: string; statement?: string | null | undefined }, C extends { key: string; sentences: string[] }>(items: readonly I[], make: (item: I, name: string) => C): Map<string, C> {
  const out = new Map<string, C>();
  for (const item of items) {
    const key = conceptKey(item.name);
    if (!key) continue;
    const candidate = out.get(key) ?? make(item, clip(item.name, 120));
    out.set(key, candidate);
    if (item.statement && candidate.sentences.length < 3) candidate.sentences.push(oneLine(item.statement, 400));
  }
  return out;
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
