import type { Changeset } from '../model/changeset.js';
import { logEntry } from '../core/wiki-skeleton.js';
import type { StoreReader } from '../store/store-reader.js';
import type { ExplorationRow } from '../model/registry.js';
import { freeLinkTargets, linkTargetPath } from './backlinks.js';
import { indexPageFromRegistry } from './index-from-registry.js';
import { appendLogEntry } from './log-page.js';
import { inlineText, renderPage } from '../model/render-page.js';
import { allocateSlug } from './topic-slug.js';

export interface ExplorationInputs {
  store: StoreReader;
  readPage: (relPath: string) => string | undefined;
  now: Date;
}

export interface SavedAnswer {
  question: string;
  /** Markdown whose every link resolves (the answer was built or checked against the wiki). */
  answer: string;
  /** Wiki link targets the answer cites, with their titles. */
  citations: readonly { target: string; title: string }[];
  engine: 'offline' | 'llm';
}

/** Slugs of explorations stay short: the question is in the page's title. */
const MAX_EXPLORATION_SLUG = 60;

/**
 * Saving an answer: `wiki/explorations/<slug>.md` (the question as title, the answer, its
 * sources), listed in index.md, logged, registered; its links are recorded so that removing
 * a cited document later unlinks it (backlinks.ts). One changeset, like every mutation.
 */
export function compileExploration(inputs: ExplorationInputs, saved: SavedAnswer): { changeset: Changeset; path: string } {
  const base = inlineText(saved.question, 200).toLowerCase().slice(0, MAX_EXPLORATION_SLUG);
  const slug = allocateSlug(base, 'exploration', (s) => inputs.store.explorations.get(s) !== undefined || inputs.readPage(`wiki/explorations/${s}.md`) !== undefined);
  const path = `wiki/explorations/${slug}.md`;
  const row: ExplorationRow = { slug, title: inlineText(saved.question, 200), created_at: inputs.now.toISOString() };
  const sources = saved.citations.map((c) => `- [[${c.target}|${inlineText(c.title, 120)}]]`);
  const content = renderPage(
    { title: row.title, type: 'exploration', created: row.created_at, engine: saved.engine, sources: [...new Set(saved.citations.map((c) => `[[${c.target}]]`))] },
    [`# ${row.title}`, '', saved.answer.trim() || '_Nothing in the knowledge base answered this._', '', '## Sources', '', ...(sources.length > 0 ? sources : ['_None._'])].join('\n'),
  );
  const log = appendLogEntry(inputs.readPage('wiki/log.md') ?? '', logEntry(inputs.now, 'save', `explorations/${slug}`));
  return {
    path,
    changeset: {
      op: 'save',
      detail: `explorations/${slug}`,
      writes: [
        { path, content },
        { path: 'wiki/index.md', content: indexPageFromRegistry(inputs.store, { exploration: row }) },
        { path: 'wiki/log.md', content: log.logPage },
        ...(log.archive ? [{ path: log.archive.path, content: log.archive.content }] : []),
      ],
      publishes: [],
      deletes: [],
      registry: [
        { kind: 'upsertExploration', exploration: row },
        { kind: 'setPageLinks', page: path, targets: freeLinkTargets(content, new Set([linkTargetPath(`explorations/${slug}`)])) },
      ],
    },
  };
}
