import type TurndownService from 'turndown';

// Private-use characters mark cell and row boundaries while turndown assembles the table;
// real text never contains them, so the table rule can split reliably.
const CELL = '\uE000';
const ROW = '\uE001';
const ROW_LINE = new RegExp(`^${ROW}(.*)${ROW}$`);

/**
 * GFM tables for any HTML table, including ones with code, lists or links in cells (which
 * the usual GFM plugins keep as raw HTML). Cell content is flattened to one line; the first
 * row is the header; a one-column table is layout, so it becomes plain blocks.
 */
export function addTableRules(service: TurndownService): void {
  service.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content, node) => {
      // Paragraphs and list items inside a cell stay apart as <br>, which GFM renders.
      const text = content.trim().replace(/\s*\n\s*\n\s*/g, '<br>').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
      const span = Math.min(Number((node as HTMLElement).getAttribute('colspan')) || 1, 50);
      return CELL + text + CELL.repeat(span - 1);
    },
  });
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content) => `\n${ROW}${content}${ROW}\n`,
  });
  service.addRule('tableSection', {
    filter: ['thead', 'tbody', 'tfoot'],
    replacement: (content) => content,
  });
  service.addRule('tableCaption', { filter: 'caption', replacement: (content) => `\n\n${content.trim()}\n\n` });
  service.addRule('tableColumns', { filter: ['colgroup', 'col'], replacement: () => '' });
  service.addRule('table', { filter: 'table', replacement: (content) => `\n\n${markdownTable(content)}\n\n` });
}

function markdownTable(content: string): string {
  const rows: string[][] = [];
  const other: string[] = [];
  for (const line of content.split('\n')) {
    const row = ROW_LINE.exec(line.trim());
    if (row) rows.push(row[1]!.split(CELL).slice(1));
    else if (line.trim()) other.push(line.trim());
  }
  const width = Math.max(0, ...rows.map((r) => r.length));
  if (width <= 1) return [...other, ...rows.map((r) => r[0] ?? '')].filter(Boolean).join('\n\n');
  const lines = rows.map((r) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`);
  lines.splice(1, 0, `|${' --- |'.repeat(width)}`);
  return [...other, lines.join('\n')].join('\n\n');
}
