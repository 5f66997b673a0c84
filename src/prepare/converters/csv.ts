import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { decodeText, encodingField } from './decode-text.js';
import { fileStem } from '../../core/file-stem.js';
import { markdownTable } from './markdown-table.js';
import { parseCsv, sniffDelimiter } from './parse-csv.js';

/**
 * A CSV file as one Markdown table (markdown-table.ts), every row kept: the source page is the
 * full text.
 */
export async function convertCsv(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const decoded = decodeText(bytes);
  const text = decoded.text;
  const rows = parseCsv(text, sniffDelimiter(text)).filter((row) => row.some((cell) => cell.trim() !== ''));
  if (rows.length === 0) throw new ConversionError('empty file');
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const markdown = `${markdownTable(rows)}\n`;
  return { title: fileStem(input.fileName), markdown, sections: [], metadata: { rows: String(rows.length - 1), columns: String(width) }, ...encodingField(decoded) };
}

