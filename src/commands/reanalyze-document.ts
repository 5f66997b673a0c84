import path from 'node:path';
import { analyzeDocument } from '../compile/analyze-document.js';
import type { ReanalysedDocument } from '../compile/compile-recompile.js';
import { rebuildConvertedDocument } from '../compile/rebuild-converted-document.js';
import { readLivePage, type KbContext } from '../commit/kb-context.js';
import { ExitCode, KbError } from '../core/errors.js';
import { resolveInKb } from '../core/kb-relative-path.js';
import type { DocumentRow } from '../store/store.js';
import { llmPrepareStep, type LlmChoice } from './llm-prepare-step.js';

export type Reanalyse = (row: DocumentRow) => Promise<ReanalysedDocument>;

/**
 * Analyses registered documents again, with the engine this command runs: the offline
 * analysis of the input the add analysed (rebuilt from the source page and the section rows,
 * not converted again), then — with an LLM configured — add's own LLM step over it. The LLM
 * failing for one document fails the command (exit 6): a recompile is all or nothing.
 */
export function documentReanalyser(ctx: KbContext, llm?: LlmChoice): Reanalyse {
  const llmStep = llm ? llmPrepareStep(ctx, llm) : undefined;
  const limits = { longDocPages: ctx.config.long_documents.pages, longDocChars: ctx.config.long_documents.chars };
  return async (row) => {
    const page = readLivePage(ctx, row.source_path);
    if (page === undefined) {
      throw new KbError('SOURCE_MISSING', ExitCode.someFailed, `${row.source_path} is missing: ${row.name} cannot be recompiled without converting it again`, {
        hint: `add the file again (kb add ${row.original_path}), or restore the page`,
      });
    }
    const converted = rebuildConvertedDocument(page, ctx.store.sections(row.name), row.pages);
    const analysis = analyzeDocument(converted, limits);
    if (!llmStep) return { row, analysis, sections: converted.sections };
    const result = await llmStep(
      { doc: row.name, fileName: path.basename(row.original_path) },
      {
        ok: true,
        rawFile: resolveInKb(ctx.paths.root, row.raw_path),
        sourceFile: resolveInKb(ctx.paths.root, row.source_path),
        analysis,
        sections: converted.sections,
        timings: { convertMs: 0, totalMs: 0 },
      },
    );
    if (!result.ok) {
      throw new KbError('LLM_FAILED', ExitCode.llmFailed, `${row.name}: ${result.reason}`, { hint: 'nothing was changed; try again later, or recompile with --offline' });
    }
    return { row, analysis: result.analysis, sections: converted.sections };
  };
}
