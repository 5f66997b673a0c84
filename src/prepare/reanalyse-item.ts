import { analyzeDocument, type AnalysisLimits, type DocumentAnalysis } from '../analyze/analyze-document.js';
import { rebuildConvertedDocument } from '../model/rebuild-converted-document.js';
import type { SectionRow } from '../model/registry.js';
import type { SectionNode } from './converters/converted-document.js';

/** One stored document to analyse again (kb recompile): what kb add kept of its conversion. */
export interface ReanalyseTask {
  sourcePage: string;
  sections: SectionRow[];
  pages: number | null;
  limits: AnalysisLimits;
}

export type ReanalyseResult = { ok: true; analysis: DocumentAnalysis; sections: SectionNode[] } | { ok: false; reason: string };

/** The offline analysis of the input the add analysed; runs in a worker thread or in process. */
export function reanalyseItem(task: ReanalyseTask): ReanalyseResult {
  const converted = rebuildConvertedDocument(task.sourcePage, task.sections, task.pages);
  return { ok: true, analysis: analyzeDocument(converted, task.limits, converted.fileName), sections: converted.sections };
}
