import type { SectionNode } from '../model/converted-document.js';
import { collectCandidates } from './collect-candidates.js';
import { rankConcepts, type Concept, type RankOptions } from './rank-concepts.js';

export type { Concept, RankOptions as ExtractOptions } from './rank-concepts.js';

/** A document as the offline engine reads it: a converter's output will do. */
export interface ConceptSource {
  title: string;
  markdown: string;
  /** Section titles count as headings where the Markdown does not mark them as such. */
  sections?: ReadonlyArray<Pick<SectionNode, 'title'>>;
}

/**
 * The offline engine's concepts of one document: noun phrases merged by canonical key,
 * scored by where and how often they occur in it (rank-concepts.ts localStrength). The same
 * document gives the same result, byte for byte, whatever else the KB holds.
 */
export function extractConcepts(doc: ConceptSource, options: RankOptions): Concept[] {
  return rankConcepts(collectCandidates(toUnitSource(doc)), options);
}

/** The canonical keys of all the document's candidates (for document frequencies in the bench and tests). */
export function conceptKeys(doc: ConceptSource): string[] {
  return collectCandidates(toUnitSource(doc)).candidates.map((c) => c.key);
}

function toUnitSource(doc: ConceptSource): { title: string; markdown: string; sectionTitles: string[] } {
  return { title: doc.title, markdown: doc.markdown, sectionTitles: (doc.sections ?? []).map((s) => s.title) };
}
