import fs from 'node:fs';
import type { HtmlChunk, HtmlChunkConversion } from './converters/converted-document.js';
import { helpWith, shareWork, type HelpAnswer, type Helpers, type HelpTask } from './share-work.js';

/** A helper's job: convert chunks of the HTML page in `file` (the staged copy, hash checked). */
export interface HtmlChunksJob {
  kind: 'html-chunks';
  file: string;
  chunks: number;
}

/**
 * How prepare converts a long HTML page's chunks (html-chunks.ts): shared with up to
 * `helpers.count` idle workers (share-work.ts), joined in chunk order. The cut points depend on
 * the page alone, so every worker cuts it alike, and a chunk's Markdown on the chunk alone.
 */
export function sharedHtmlChunks(helpers: Helpers, file: string): HtmlChunkConversion {
  return async (chunks, convertHere) => {
    if (!helpers.ask || helpers.count < 1) return Array.from({ length: chunks }, (_, chunk) => convertHere(chunk));
    const job: HtmlChunksJob = { kind: 'html-chunks', file, chunks };
    return shareWork(helpers, job, chunks, convertHere);
  };
}

/**
 * A helper's side: decodes and parses the whole page once (as the PDF's helpers open the whole
 * file: a chunk's HTML cannot be cut out of the text without parsing it), then converts the
 * chunks it claims. The HTML stack loads here, not when the worker starts: most batches hold no long page.
 */
export function helpConvertHtmlChunks(task: HelpTask<HtmlChunksJob>): Promise<HelpAnswer<HtmlChunk>> {
  return helpWith(task, async (job) => {
    const [{ decodeHtml }, { convertHtmlChunk, planHtmlChunks }, { parseHtml }] = await Promise.all([
      import('./converters/html.js'),
      import('./converters/html-chunks.js'),
      import('./converters/html-to-markdown.js'),
    ]);
    const html = decodeHtml(fs.readFileSync(job.file)).text;
    const plan = planHtmlChunks(parseHtml(html), html.length);
    if (plan?.starts.length !== job.chunks) throw new Error(`the page has ${plan?.starts.length ?? 0} chunks here, ${job.chunks} for the asker`);
    return { run: (chunk) => convertHtmlChunk(plan, chunk) };
  });
}
