import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { decodeText, encodingField } from './decode-text.js';
import { fileStem } from '../../core/file-stem.js';
import { parseCsv, sniffDelimiter } from './parse-csv.js';

/**
 * A CSV file as one Markdown table, every row kept: the source page is the full text. The
 * first row is the header; short rows are padded and long ones widen the table.
 */
export async function convertCsv(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const decoded = decodeText(bytes);
  const text = decoded.text;
  const rows = parseCsv(text, sniffDelimiter(text)).filter((row) => row.some((cell) => cell.trim() !== ''));
  if (rows.length === 0) throw new ConversionError('empty file');
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const header = Array.from({ length: width }, (_, i) => rows[0]?.[i]?.trim() || `column ${i + 1}`);
  const lines = [tableRow(header), `|${' --- |'.repeat(width)}`];
  for (const row of rows.slice(1)) lines.push(tableRow(Array.from({ length: width }, (_, i) => row[i] ?? '')));
  const markdown = `${lines.join('\n')}\n`;
  return { title: fileStem(input.fileName), markdown, sections: [], metadata: { rows: String(rows.length - 1), columns: String(width) }, ...encodingField(decoded) };
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(markdownCell).join(' | ')} |`;
}

// A cell must stay on one line and must not end the cell early.
function markdownCell(value: string): string {
  return value.trim().replace(/\\(?=\|)/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}
