import type { ConvertedDocument, ConvertInput } from './converted-document.js';
import { decodeText, encodingField } from './decode-text.js';
import { fileStem } from '../../core/file-stem.js';
import { rstToMarkdown } from './rst-to-markdown.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';

export async function convertRst(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const decoded = decodeText(bytes);
  return { ...rstDocument(decoded.text, input), ...encodingField(decoded) };
}

export function rstDocument(text: string, input: ConvertInput): ConvertedDocument {
  const { markdown, title, metadata } = rstToMarkdown(text);
  return { title: metadata.title || title || fileStem(input.fileName), markdown, sections: sectionsFromMarkdown(markdown), metadata };
}

const DIRECTIVE_LINE = /^\.\. [\w-]+(?::[\w-]+)?::(?:\s|$)/gm;
const TARGET_LINE = /^\.\. _[^:\n]+:\s*$/gm;
const ROLE = /(?:^|[\s(]):[\w-]+(?::[\w-]+)?:`[^`\n]+`/gm;

/**
 * Whether a .txt file is reStructuredText (Python's documentation sources are shipped so):
 * directives (`.. note::`), link targets (`.. _label:`) and roles (:func:`x`) are reST's own
 * and never appear in AsciiDoc, whose `include::` and labelled lists (`term::`) start
 * differently. Three marks are needed, so prose that quotes one stays plain text.
 */
export function looksLikeRst(text: string): boolean {
  const head = text.slice(0, 200_000);
  const marks = (head.match(DIRECTIVE_LINE)?.length ?? 0) + (head.match(TARGET_LINE)?.length ?? 0) + (head.match(ROLE)?.length ?? 0);
  return marks >= 3;
}
