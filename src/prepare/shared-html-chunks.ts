import type { HtmlChunk, HtmlChunkConversion } from './converters/converted-document.js';
import { helpWith, shareWork, unclaimedChunks, type HelpAnswer, type Helpers, type HelpTask } from './share-work.js';

/**
 * A helper's job: convert chunks of this HTML page. The text travels with the job (a few ms
 * for 7 MB), so the helper need not read and decode the file again.
 */
export interface HtmlChunksJob {
  kind: 'html-chunks';
  html: string;
  chunks: number;
  /** The asker's chunk size when not html-chunks.ts's (tests only), so that both cut the page alike. */
  chunkChars?: number;
}

/**
 * How prepare converts a long HTML page's chunks (html-chunks.ts): shared with up to
 * `helpers.count` idle workers (share-work.ts) when `share` (share-work.ts hasSpareCore), joined in
 * chunk order; else all converted here. Help is asked for before the asker parses the page, so
 * that a helper's parse runs beside it. The cuts depend on the page and `chunkChars` alone, so
 * every worker cuts it alike, and a chunk's Markdown on the chunk alone.
 */
export function sharedHtmlChunks(helpers: Helpers, share: boolean, chunkChars?: number): HtmlChunkConversion {
  return async (html, chunks, convertHere) => {
    if (!share || !helpers.ask || helpers.count < 1) return Array.from({ length: chunks }, (_, chunk) => convertHere(chunk));
    const job: HtmlChunksJob = { kind: 'html-chunks', html, chunks, ...(chunkChars !== undefined ? { chunkChars } : {}) };
    return shareWork(helpers, job, chunks, convertHere);
  };
}

/**
 * A helper parses the page only while at least this share of its chunks is unclaimed: the parse
 * takes about a quarter of the time of converting the page (1.3 of 5.5 CPU s for 8.5 MB), and the
 * asker goes on converting meanwhile, so a helper that comes later finds little left to take.
 */
const HELP_MIN_UNCLAIMED = 0.5;

/**
 * A helper's side: parses the whole page (a chunk cannot be cut out of HTML text without
 * parsing it), then converts the chunks it claims. The HTML stack loads here, not when the
 * worker starts: most batches hold no long page.
 */
export async function helpConvertHtmlChunks(task: HelpTask<HtmlChunksJob>): Promise<HelpAnswer<HtmlChunk>> {
  if (unclaimedChunks(task) < HELP_MIN_UNCLAIMED * task.chunks) return { done: [] };
  return helpWith(task, async ({ html, chunks, chunkChars }) => {
    const { convertPageChunk, htmlChunkCount, openPageInChunks } = await import('./converters/html-chunks.js');
    const here = htmlChunkCount(html.length, chunkChars);
    if (here !== chunks) throw new Error(`the page has ${here} chunks here, ${chunks} for the asker`);
    const page = openPageInChunks(html, chunkChars);
    return { run: (chunk) => convertPageChunk(page, chunk) };
  });
}
