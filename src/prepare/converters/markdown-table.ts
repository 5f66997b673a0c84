import { headingText } from './markdown-escape.js';

/** One sheet of a workbook (XLSX, ODS) as a section: `## <sheet name>` over its table. */
export function sheetSection(name: string, rows: readonly (readonly string[])[]): string {
  return `## ${headingText(name)}\n\n${markdownTable(rows)}`;
}

/**
 * Rows of cells as one Markdown table, every row kept (CSV files and spreadsheet sheets): the
 * first row is the header (a blank header cell becomes `column N`); short rows are padded and
 * long ones widen the table.
 */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const header = Array.from({ length: width }, (_, i) => rows[0]?.[i]?.trim() || `column ${i + 1}`);
  const lines = [tableRow(header), `|${' --- |'.repeat(width)}`];
  for (const row of rows.slice(1)) lines.push(tableRow(Array.from({ length: width }, (_, i) => row[i] ?? '')));
  return lines.join('\n');
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(markdownCell).join(' | ')} |`;
}

// A cell must stay on one line and must not end the cell early.
function markdownCell(value: string): string {
  return value.trim().replace(/\\(?=\|)/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}
