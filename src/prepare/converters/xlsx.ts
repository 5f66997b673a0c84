import ExcelJS from 'exceljs';
import { fileStem } from '../../core/file-stem.js';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { assertNotEmpty } from './decode-text.js';
import { firstLineOf } from './first-line-of.js';
import { sheetSection } from './markdown-table.js';
import { isOleFile } from './ole-file.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';

/**
 * Excel workbooks through exceljs: one section per worksheet, in the workbook's order, each a
 * Markdown table as CSV files get (every row kept, the first non-empty row as the header).
 * Cells show their formatted text as Excel displays it (a formula's last computed result,
 * dates and numbers as formatted, rich text flattened, a hyperlink's text). Lost: formulas
 * themselves, styles, merged-cell layout, charts, images, comments. Empty sheets are left out.
 */
export async function convertXlsx(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  assertNotEmpty(bytes);
  if (isOleFile(bytes)) throw new ConversionError('encrypted XLSX (password protected), or an old binary .xls saved under .xlsx');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types ask for a Node Buffer; a view on the same bytes is one.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new ConversionError(`corrupt XLSX: ${firstLineOf(error)}`);
  }
  const parts: string[] = [];
  let rows = 0;
  for (const sheet of workbook.worksheets) {
    const table = sheetRows(sheet);
    if (table.length === 0) continue;
    rows += table.length - 1;
    parts.push(sheetSection(sheet.name, table));
  }
  if (parts.length === 0) throw new ConversionError('no text in XLSX (every sheet is empty)');
  const markdown = `${parts.join('\n\n')}\n`;
  const title = workbook.title?.trim() || fileStem(input.fileName);
  return { title, markdown, sections: sectionsFromMarkdown(markdown), metadata: { sheets: String(parts.length), rows: String(rows) } };
}

/** The sheet's non-empty rows as text cells, from its first used column to its last. */
function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) cells.push(cellText(row.getCell(column)));
    if (cells.some((cell) => cell.trim() !== '')) rows.push(cells);
  });
  // Columns empty in every row (a sheet's used range often runs past its data) are dropped.
  const used = rows.length === 0 ? [] : rows[0]!.map((_, i) => rows.some((row) => row[i]!.trim() !== ''));
  return rows.map((row) => row.filter((_, i) => used[i]));
}

function cellText(cell: ExcelJS.Cell): string {
  try {
    return cell.text ?? '';
  } catch {
    // A cell exceljs cannot format (an unusual number format) still has a value to show.
    return String(cell.value ?? '');
  }
}
