import type { TopicKind, TopicMember } from '../model/registry.js';
import { escapeWikiLinks, inlineText, renderPage, splitFrontmatter } from '../model/render-page.js';

/**
 * Concept and entity pages: a section per contributing document, between explicit markers
 *
 *   <!-- kb:doc NAME -->
 *   …
 *   <!-- kb:/doc NAME -->
 *
 * so that a commit can take one document's section out or put it in without re-deriving
 * the others, and without trusting heading text (a document title can look like anything).
 */
export const TOPIC_FOLDERS: Record<TopicKind, string> = { concept: 'concepts', entity: 'entities' };

export function topicPagePath(topic: TopicKind, slug: string): string {
  return `wiki/${TOPIC_FOLDERS[topic]}/${slug}.md`;
}

export function topicLink(topic: TopicKind, slug: string, name: string): string {
  return `[[${TOPIC_FOLDERS[topic]}/${slug}|${labelText(name)}]]`;
}

export interface PageMember extends TopicMember {
  title: string;
}

export interface TopicPageContent {
  topic: TopicKind;
  name: string;
  /** Entities only: person, organisation, … */
  entityType?: string;
  /** Documents contributing to the page, all of them. */
  total: number;
  overview: string;
  /** The overview is the model's (topic-synthesis.ts): the frontmatter says `overview: llm`. */
  overviewByLlm?: boolean;
  /** Section blocks in page order (best first), each with its markers: see memberBlock. */
  sections: { doc: string; block: string }[];
  /** Further documents, linked only. */
  links: { doc: string; title: string }[];
  /** Documents neither given a section nor linked. */
  unlisted: number;
  related: { link: string; shared: number }[];
}

const DOC_BLOCK = /^<!-- kb:doc ([\p{L}\p{M}\p{N}_-]+) -->\n[\s\S]*?\n<!-- kb:\/doc \1 -->$/gmu;

/** The document sections of a live page, by document name, exactly as written there. */
export function parseSectionBlocks(page: string | undefined): Map<string, string> {
  const blocks = new Map<string, string>();
  if (!page) return blocks;
  for (const match of splitFrontmatter(page).body.matchAll(DOC_BLOCK)) blocks.set(match[1] as string, match[0]);
  return blocks;
}

/** One document's section: a link to its summary, and its key sentences about the topic. */
export function memberBlock(topic: TopicKind, member: PageMember): string {
  const lines = [`<!-- kb:doc ${member.doc} -->`, `### [[summaries/${member.doc}|${labelText(member.title)}]]`, ''];
  if (topic === 'entity') lines.push(`Mentioned ${member.mentions} time${member.mentions === 1 ? '' : 's'}.`, '');
  if (member.sentences.length > 0) lines.push(...member.sentences.map((s) => `- ${pageText(s)}`));
  else lines.push('_No key sentence._');
  lines.push(`<!-- kb:/doc ${member.doc} -->`);
  return lines.join('\n');
}

/**
 * Text from a document as one Markdown line: no wikilinks of its own (escaped) and no HTML
 * comment openers, which could otherwise fake or break a section marker.
 */
export function pageText(text: string): string {
  return escapeWikiLinks(text.replace(/\s+/g, ' ').trim()).replace(/<!--/g, '&lt;!--');
}

/** A title or name as a one-line label, that cannot open an HTML comment either. */
export function labelText(text: string, max = 120): string {
  return inlineText(text, max).replace(/<!--/g, '&lt;!--');
}

export function renderTopicPage(content: TopicPageContent): string {
  const { topic } = content;
  const lines = [`# ${labelText(content.name, 200)}`, '', content.overview, '', '## Documents', ''];
  for (const section of content.sections) lines.push(section.block, '');
  if (content.links.length > 0 || content.unlisted > 0) {
    lines.push('## More documents', '');
    lines.push(...content.links.map((l) => `- [[summaries/${l.doc}|${labelText(l.title)}]]`));
    if (content.unlisted > 0) lines.push(`- and ${content.unlisted} more document${content.unlisted === 1 ? '' : 's'}`);
    lines.push('');
  }
  if (content.related.length > 0) {
    lines.push(topic === 'concept' ? '## Related concepts' : '## Related', '');
    lines.push(...content.related.map((r) => `- ${r.link} (${r.shared} shared document${r.shared === 1 ? '' : 's'})`));
  }
  return renderPage(
    {
      title: content.name,
      type: topic,
      ...(content.entityType ? { entity_type: content.entityType } : {}),
      documents: content.total,
      // Before sources: pageWithOverview (topic-synthesis.ts) puts it at the same place.
      ...(content.overviewByLlm ? { overview: 'llm' } : {}),
      sources: content.sections.map((s) => `[[summaries/${s.doc}]]`),
    },
    lines.join('\n'),
  );
}
