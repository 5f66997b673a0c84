import type { HelpTask } from './share-work.js';
import { helpConvertHtmlChunks, type HtmlChunksJob } from './shared-html-chunks.js';
import { helpReadPdfPages, type PdfPagesJob } from './shared-pdf-pages.js';
import { helpTagUnits, type TagUnitsJob } from './shared-tagging.js';

/** The help tasks a prepare worker takes (share-work.ts), by the kind of their job. */
export type PrepareHelpJob = PdfPagesJob | HtmlChunksJob | TagUnitsJob;

/** Runs a help task another prepare worker asked for. */
export function helpPrepare(task: unknown): Promise<unknown> {
  const help = task as HelpTask<PrepareHelpJob>;
  switch (help.job?.kind) {
    case 'pdf-pages':
      return helpReadPdfPages(help as HelpTask<PdfPagesJob>);
    case 'html-chunks':
      return helpConvertHtmlChunks(help as HelpTask<HtmlChunksJob>);
    case 'tag-units':
      return helpTagUnits(help as HelpTask<TagUnitsJob>);
    default:
      return Promise.reject(new Error(`unknown help task ${JSON.stringify((help.job as { kind?: unknown } | undefined)?.kind)}`));
  }
}
