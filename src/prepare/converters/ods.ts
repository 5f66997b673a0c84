import { fileStem } from '../../core/file-stem.js';
import { ConversionError, type ConvertedDocument, type ConvertInput } from './converted-document.js';
import { sheetSection } from './markdown-table.js';
import { attributesOf, localName } from './ordered-xml.js';
import { metaTitle, openOpenDocument, tableRows } from './opendocument.js';
import { sectionsFromMarkdown } from './sections-from-markdown.js';

/**
 * OpenDocument spreadsheets (LibreOffice Calc, `.ods`), read through opendocument.ts as Excel
 * workbooks are: one section per sheet in the workbook's order, each a Markdown table (every
 * row kept, the first non-empty row as the header, columns empty in every row dropped). Cells
 * show the text Calc stored for display (a formula's last result, formatted numbers and dates).
 * Lost: formulas, styles, merged-cell layout, charts, images, comments. Empty sheets are left out.
 */
export async function convertOds(bytes: Uint8Array, input: ConvertInput): Promise<ConvertedDocument> {
  const { zip, body } = await openOpenDocument(bytes, 'ODS', 'spreadsheet');
  const parts: string[] = [];
  let rows = 0;
  for (const table of body.filter((node) => localName(node) === 'table')) {
    const sheetRows = tableRows(table);
    if (sheetRows.length === 0) continue;
    rows += sheetRows.length - 1;
    parts.push(sheetSection(String(attributesOf(table)['table:name'] ?? `Sheet ${parts.length + 1}`), sheetRows));
  }
  if (parts.length === 0) throw new ConversionError('no text in ODS (every sheet is empty)');
  const markdown = `${parts.join('\n\n')}\n`;
  const title = (await metaTitle(zip, 'ODS')) ?? fileStem(input.fileName);
  return { title, markdown, sections: sectionsFromMarkdown(markdown), metadata: { sheets: String(parts.length), rows: String(rows) } };
}
