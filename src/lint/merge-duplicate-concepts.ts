import type { StoreReader } from '../store/store-reader.js';
import type { RegistryOp, TopicRow } from '../model/registry.js';
import { relatedConceptsFinder } from '../compile/concept-pages.js';
import { inlineText } from '../model/render-page.js';
import { MAX_LINKED_DOCUMENTS } from '../compile/topic-merge.js';
import { memberBlock, pageText, parseSectionBlocks, renderTopicPage, type PageMember } from '../compile/topic-page.js';
import type { DuplicateGroup } from './duplicate-concepts.js';
import type { TopicOverlay } from './navigation-pages.js';
import type { WikiSnapshot } from './wiki-snapshot.js';
import { clipAtWord } from '../model/clip-at-word.js';

export interface ConceptMerge {
  writes: Map<string, string>;
  deletes: string[];
  registry: RegistryOp[];
  overlay: TopicOverlay;
  /** Link target of each deleted page (`concepts/x`) → the page it was merged into. */
  redirects: Map<string, string>;
  done: string[];
}

/**
 * Merges each group into its keeper: the duplicates' documents become members of the
 * keeper (registry) and get sections on its page (their sections kept as written where the
 * page had them), the duplicate pages and rows go, and links to them are redirected by the
 * caller. A duplicate without a registry row (a page the user wrote or copied) is left as it
 * is: its words are the user's. A registered duplicate the user edited is copied to
 * wiki/conflicts/ by the commit before it goes (guard-user-words.ts).
 */
export function mergeDuplicateConcepts(store: StoreReader, pages: WikiSnapshot, groups: readonly DuplicateGroup[], maxSections: number): ConceptMerge {
  const merge: ConceptMerge = { writes: new Map(), deletes: [], registry: [], overlay: { rows: [], deleted: [] }, redirects: new Map(), done: [] };
  const rows: TopicRow[] = [];
  const deleted: string[] = [];
  for (const { keeper, duplicates } of groups) {
    const target = `concepts/${keeper.slug}`;
    // A page with no registry row is not kb's (a user's page, a copy): its text is the user's,
    // so it is only reported (checkDuplicateConcepts), never deleted or merged away.
    const registered = duplicates.filter((d) => d.row !== undefined);
    if (!keeper.row || registered.length === 0) continue;
    for (const dup of registered) {
      merge.deletes.push(dup.path);
      merge.redirects.set(`concepts/${dup.slug}`, target);
    }
    const members = new Map(allMembers(store, keeper.row.key).map((m) => [m.doc, m]));
    const blocks = parseSectionBlocks(pages.get(keeper.path));
    for (const dup of registered) {
      const key = dup.row!.key;
      let moved = 0;
      for (const m of allMembers(store, key)) {
        if (members.has(m.doc)) continue;
        members.set(m.doc, m);
        moved++;
        merge.registry.push({ kind: 'setTopicMember', topic: 'concept', key: keeper.row.key, member: { doc: m.doc, name: m.name, score: m.score, mentions: m.mentions, sentences: m.sentences, ...(m.rank !== undefined ? { rank: m.rank } : {}) } });
      }
      for (const [doc, block] of parseSectionBlocks(pages.get(dup.path))) if (!blocks.has(doc)) blocks.set(doc, block);
      merge.registry.push({ kind: 'deleteTopic', topic: 'concept', key });
      deleted.push(key);
      merge.done.push(`merged ${dup.path} into ${keeper.path} (${moved} document${moved === 1 ? '' : 's'} moved)`);
    }
    const { row, content } = renderMergedPage(store, keeper.row, [...members.values()], blocks, maxSections, new Set(deleted));
    merge.registry.push({ kind: 'upsertTopic', topic: 'concept', row });
    merge.writes.set(keeper.path, content);
    rows.push(row);
  }
  merge.overlay = { rows, deleted };
  return merge;
}

/** The keeper's page over all its members, the way mergeTopicContributions lays one out. */
function renderMergedPage(store: StoreReader, keeper: TopicRow, all: PageMember[], blocks: Map<string, string>, maxSections: number, gone: ReadonlySet<string>): { row: TopicRow; content: string } {
  const members = [...all].sort((a, b) => b.score - a.score || (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0));
  const sections = members.slice(0, maxSections);
  const links = members.slice(maxSections, maxSections + MAX_LINKED_DOCUMENTS);
  const lead = sections[0]?.sentences[0];
  // Named as its best section's document names it, as every commit names a topic page.
  const name = sections[0]?.name || keeper.name;
  const row: TopicRow = { ...keeper, name, docs: members.length, description: lead ? clipAtWord(lead) : '' };
  const related = relatedConceptsFinder(store, '', [])(keeper.key, sections.map((m) => m.doc), (k) => (gone.has(k) ? undefined : store.topics.get('concept', k)));
  const content = renderTopicPage({
    topic: 'concept',
    name,
    total: members.length,
    overview: lead ? pageText(lead) : `_${inlineText(name, 120)} is mentioned in ${members.length} document${members.length === 1 ? '' : 's'}._`,
    sections: sections.map((m) => ({ doc: m.doc, block: blocks.get(m.doc) ?? memberBlock('concept', m) })),
    links: links.map((m) => ({ doc: m.doc, title: m.title })),
    unlisted: members.length - sections.length - links.length,
    related,
  });
  return { row, content };
}

/** Every document contributing to a concept, best first (no limit: a merge moves them all). */
function allMembers(store: StoreReader, key: string): PageMember[] {
  return store.topics.topMembers('concept', key, '', -1);
}
