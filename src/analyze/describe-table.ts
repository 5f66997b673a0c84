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
  const parts = [`A table of ${count(rows.length, 'row')} and ${count(header.length, 'column')}: ${listed(header, MAX_COLUMNS_NAMED)}.`];
  const ranges: string[] = [];
  header.forEach((name, i) => {
    const values = rows.map((r) => r[i] ?? '').filter((v) => v !== '');
    if (values.length === 0) return;
    const numbers = values.map(Number);
    if (numbers.every((n) => Number.isFinite(n))) {
      const low = Math.min(...numbers);
      const high = Math.max(...numbers);
      ranges.push(low === high ? `${name} is ${low}` : `${name} ranges from ${low} to ${high}`);
    } else if (i === 0 && values.length > 1) {
      // The first column usually names the rows: its first and last value say what they span.
      ranges.push(`${name} runs from ${values[0]} to ${values[values.length - 1]}`);
    }
  });
  // Sentences stay under 300 characters: the ranges fill what room the first sentence leaves.
  let text = parts[0]!.length <= 300 ? parts[0]! : `A table of ${count(rows.length, 'row')} and ${count(header.length, 'column')}.`;
  for (const range of ranges) {
    const sentence = ` ${range.charAt(0).toUpperCase()}${range.slice(1)}.`;
    if (text.length + sentence.length > 300) break;
    text += sentence;
  }
  return text;
}

const MAX_COLUMNS_NAMED = 6;

function cells(line: string): string[] {
  // Split on pipes not escaped by the converter (`\|`), then undo its escapes.
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|').replace(/<br>/g, ' '));
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function listed(names: readonly string[], max: number): string {
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${count(rest, 'more')}`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown.join('');
}
