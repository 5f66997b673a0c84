import { CsvError, parse } from 'csv-parse/sync';
import { ConversionError } from './converted-document.js';

/**
 * RFC 4180 records through csv-parse: quoted fields may hold the delimiter, newlines and
 * doubled quotes. Spreadsheets write a quote inside an unquoted field as a literal one
 * (relax_quotes), and hand-made files have rows of different lengths (relax_column_count);
 * the converter pads short rows, so neither is an error here.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  try {
    return parse(text, { delimiter, bom: true, relax_quotes: true, relax_column_count: true }) as string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new ConversionError(`malformed CSV: the quoted field opened on line ${lineOfUnclosedQuote(text)} never closes`);
    }
    throw new ConversionError(`malformed CSV: ${error.message}`);
  }
}

/**
 * csv-parse names the line where the input ended inside a quote; the user needs the line
 * where the quote opened. A quote that never closes runs to the end of the text, so every
 * quote after it is a doubled one: it opens the last run of quotes of odd length.
 */
function lineOfUnclosedQuote(text: string): number {
  let opening = -1;
  for (const run of text.matchAll(/"+/g)) if (run[0].length % 2 === 1) opening = run.index;
  return opening === -1 ? 1 : text.slice(0, opening).split('\n').length;
}

/**
 * Comma unless the first line has more semicolons or tabs (European and TSV exports).
 * Hand-written because csv-parse takes a delimiter but does not guess one: its `delimiter`
 * list would split on all of them at once, and a semicolon export has commas in its text.
 */
export function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')).replace(/"[^"]*"/g, '');
  const count = (c: string) => firstLine.split(c).length - 1;
  const best = [',', ';', '\t'].map((c) => ({ c, n: count(c) })).sort((a, b) => b.n - a.n)[0]!;
  return best.n > 0 ? best.c : ',';
}
