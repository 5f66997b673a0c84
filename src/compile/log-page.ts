import { renderPage, splitFrontmatter } from '../model/render-page.js';

/**
 * log.md would grow with every operation, and a commit rewrites it; so it keeps the newest
 * entries only. When it reaches LOG_MAX entries the oldest LOG_ARCHIVE_BATCH move, once and
 * for all, to a numbered archive page `wiki/log/NNNN.md` that is never rewritten.
 */
export const LOG_MAX = 200;
export const LOG_ARCHIVE_BATCH = 100;

export interface LogUpdate {
  logPage: string;
  archive?: { path: string; content: string };
}

export function appendLogEntry(currentLogPage: string, entry: string): LogUpdate {
  const { frontmatter, body } = splitFrontmatter(currentLogPage);
  const archived = Number(/^archived: (\d+)$/m.exec(frontmatter)?.[1] ?? '0');
  const entries = splitEntries(body);
  entries.push(entry.trim());
  let archive: LogUpdate['archive'];
  let next = archived;
  if (entries.length > LOG_MAX) {
    next = archived + 1;
    const old = entries.splice(0, LOG_ARCHIVE_BATCH);
    // Each archive links to the one before it, so no page's list of links grows either.
    const earlier = archived > 0 ? [`Earlier entries: [[${archiveLink(archived)}]]`, ''] : [];
    const content = renderPage({ title: `Log archive ${next}`, type: 'log-archive' }, [`# Log archive ${next}`, '', ...earlier, ...old.flatMap((e) => [e, ''])].join('\n'));
    archive = { path: `wiki/${archiveLink(next)}.md`, content };
  }
  const archiveLinks = next > 0 ? [`Earlier entries: [[${archiveLink(next)}]]`, ''] : [];
  const logPage = renderPage({ title: 'Log', type: 'log', ...(next > 0 ? { archived: next } : {}) }, ['# Log', '', ...archiveLinks, ...entries.flatMap((e) => [e, ''])].join('\n'));
  return archive ? { logPage, archive } : { logPage };
}

function archiveLink(n: number): string {
  return `log/${String(n).padStart(4, '0')}`;
}

/** Entries are "## [...] op | detail" headings, each with any lines under it. */
function splitEntries(body: string): string[] {
  const entries: string[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('## [')) entries.push(line);
    else if (entries.length > 0 && line.trim() !== '') entries[entries.length - 1] += `\n${line}`;
  }
  return entries;
}
