import { count, listed } from './list-in-words.js';

/**
 * A description for a document that is one Markdown table and nothing else (a CSV file, as the
 * CSV converter writes it): a table has no sentence to quote, and its file name says little,
 * so it is described by what it holds: its columns, its row count and the range of its values.
 * Undefined when the text is not a lone table.
 */
export function describeTable(markdown: string): string | undefined {
  const lines = markdown.trim().split('\n');
  if (lines.length < 2 || !lines.every((l) => l.startsWith('|')) || !/^\|(?:\s*:?-+:?\s*\|)+$/.test(lines[1]!.trim())) return undefined;
  const header = cells(lines[0]!);
  const rows = lines.slice(2).map(cells);
  const shape = `A table of ${count(rows.length, 'row')} and ${count(header.length, 'column')}`;
  const ranges: string[] = [];
  header.forEach((name, i) => {
    const values = rows.map((r) => r[i] ?? '').filter((v) => v !== '');
    if (values.length === 0) return;
    const numbers = values.map(Number);
    if (numbers.every((n) => Number.isFinite(n))) {
      const low = Math.min(...numbers);
      const high = Math.max(...numbers);
      ranges.push(low === high ? `${name} always ${low}` : `${name} from ${low} to ${high}`);
    } else if (i === 0 && values.length > 1) {
      // The first column usually names the rows: its first and last value say what they span.
      ranges.push(`${name} from ${values[0]} to ${values[values.length - 1]}`);
    }
  });
  // One sentence under 300 characters: as many columns and ranges as fit.
  const fits = (names: number, shown: number): string => {
    const columns = names > 0 ? ` (${listed(header, names)})` : '';
    const spans = shown > 0 ? `, with ${listed(ranges.slice(0, shown), shown)}` : '';
    return `${shape}${columns}${spans}.`;
  };
  let text = `${shape}.`;
  for (let names = Math.min(header.length, MAX_COLUMNS_NAMED); names >= 0 && text === `${shape}.`; names--) {
    for (let shown = ranges.length; shown >= 0; shown--) {
      const candidate = fits(names, shown);
      if (candidate.length <= 300) {
        text = candidate;
        break;
      }
    }
  }
  return text;
}

const MAX_COLUMNS_NAMED = 6;

function cells(line: string): string[] {
  // Split on pipes not escaped by the converter (`\|`), then undo its escapes.
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|').replace(/<br>/g, ' '));
}
