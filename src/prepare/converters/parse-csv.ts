import { ConversionError } from './converted-document.js';

/**
 * RFC 4180 records: quoted fields may hold the delimiter, newlines and doubled quotes; a
 * quote inside an unquoted field is literal, as spreadsheets write it. Expects "\n" lines.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      const opened = line;
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) throw new ConversionError(`malformed CSV: the quoted field opened on line ${opened} never closes`);
        const chunk = text.slice(i, quote);
        field += chunk;
        line += countNewlines(chunk);
        if (text[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      // Text after the closing quote (`"a"b`) is kept rather than rejected.
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else {
      field += ch;
    }
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Comma unless the first line has more semicolons or tabs (European and TSV exports). */
export function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')).replace(/"[^"]*"/g, '');
  const count = (c: string) => firstLine.split(c).length - 1;
  const best = [',', ';', '\t'].map((c) => ({ c, n: count(c) })).sort((a, b) => b.n - a.n)[0]!;
  return best.n > 0 ? best.c : ',';
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
