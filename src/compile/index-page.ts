import type { DocumentRow, ExplorationRow } from '../model/registry.js';
import { catalogIndexLines, documentEntries } from './catalog-pages.js';
import { catalogSizes, groupLink, groupPagesLabel, indexGroups } from './catalog-tree.js';
import type { TopicKind, TopicRow } from '../model/registry.js';
import { inlineText, renderPage } from '../model/render-page.js';
import { topicLink } from './topic-page.js';
import { clipAtWord } from '../model/clip-at-word.js';

/**
 * Concepts and entities index.md lists: the ones with most documents. The rest are reached
 * from summaries and related-concept links; a full listing would make index.md grow with the KB.
 */
export const INDEX_TOPICS = 50;

export interface IndexTopics {
  total: number;
  /** The largest topics, most documents first, at most INDEX_TOPICS. */
  top: readonly TopicRow[];
  /** Catalogue pages 1..catalogPages list every topic by name. */
  catalogPages: number;
}

/** Saved answers and chats index.md lists: the newest; all are in wiki/explorations/. */
export const INDEX_EXPLORATIONS = 50;

export interface IndexInputs {
  totalDocuments: number;
  /** All documents, sorted by name, when totalDocuments ≤ catalogSizes.pageSize. */
  inlineDocuments: readonly DocumentRow[];
  /** Every catalogue page in use, when there are more documents than that. */
  catalogPages: readonly { page: number; count: number; first: string; last: string }[];
  concepts?: IndexTopics;
  entities?: IndexTopics;
  /** Every command that rewrites index.md passes these (store.explorations.recent), or they vanish from it. */
  explorations: { total: number; recent: readonly ExplorationRow[] };
}

/** `wiki/index.md`: bounded in size whatever the number of documents. */
export function renderIndexPage(inputs: IndexInputs): string {
  const lines = ['# Index', '', '## Documents', ''];
  if (inputs.totalDocuments === 0) {
    lines.push('_No documents yet._');
  } else if (inputs.totalDocuments <= catalogSizes.pageSize) {
    lines.push(...documentEntries(inputs.inlineDocuments));
  } else {
    lines.push(...catalogIndexLines(inputs.totalDocuments, inputs.catalogPages));
  }
  lines.push('', '## Concepts', '', ...topicLines('concept', inputs.concepts), '', '## Entities', '', ...topicLines('entity', inputs.entities), '', '## Explorations', '', ...explorationLines(inputs.explorations));
  return renderPage(
    { title: 'Index', type: 'index', documents: inputs.totalDocuments, ...(inputs.concepts ? { concepts: inputs.concepts.total } : {}), ...(inputs.entities ? { entities: inputs.entities.total } : {}) },
    lines.join('\n'),
  );
}

function explorationLines(explorations: IndexInputs['explorations']): string[] {
  const lines: string[] = [];
  if (explorations.total > explorations.recent.length) lines.push(`${explorations.total} saved answers and chats; the ${explorations.recent.length} newest:`, '');
  for (const row of explorations.recent) lines.push(`- [[explorations/${row.slug}|${inlineText(row.title, 120)}]] (${row.created_at.slice(0, 10)})`);
  return lines;
}

function topicLines(topic: TopicKind, topics: IndexTopics | undefined): string[] {
  if (!topics || topics.total === 0) return [];
  const lines: string[] = [];
  if (topics.total > topics.top.length) lines.push(`${topics.total} ${topic === 'concept' ? 'concepts' : 'entities'}; the ${topics.top.length} with the most documents:`, '');
  if (topics.total > topics.top.length) {
    // Past catalogSizes.links pages, groups of them (catalog-tree.ts): a line of bounded length.
    const kind = topic === 'concept' ? 'concepts' : 'entities';
    const pages = indexGroups(topics.catalogPages).map((g) => `[[${groupLink(kind, g)}|${g.level === 1 ? g.from : groupPagesLabel(g)}]]`);
    lines.push(`All by name, on catalogue pages ${pages.join(' · ')}`, '');
  }
  for (const row of topics.top) {
    const what = row.type ? `${row.type}, ` : '';
    const description = row.description ? ` — ${clipAtWord(row.description).replace(/<!--/g, '&lt;!--')}` : '';
    lines.push(`- ${topicLink(topic, row.slug, row.name)} (${what}${row.docs} document${row.docs === 1 ? '' : 's'})${description}`);
  }
  return lines;
}
