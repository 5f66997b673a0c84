// The rules that keep an LLM overview bounded and safe on a page (src/compile/topic-synthesis.ts).
import { describe, expect, it } from 'vitest';
import { checkedOverview, citedDocuments, overviewBasis, pageWithOverview, shownLlmOverview } from '../src/compile/topic-synthesis.js';
import { memberBlock, renderTopicPage } from '../src/compile/topic-page.js';

const SOURCES = [
  { doc: 'alpha', title: 'Alpha [draft] | notes', sentences: ['Pilots guide ships.'] },
  { doc: 'beta', title: 'Beta', sentences: ['Pilots board at the buoy.'] },
];

describe('overviewBasis', () => {
  it('is the same in any order, and changes with a document, a title or a sentence', () => {
    const basis = overviewBasis(SOURCES);
    expect(overviewBasis([...SOURCES].reverse())).toBe(basis);
    expect(overviewBasis(SOURCES.slice(0, 1))).not.toBe(basis);
    expect(overviewBasis([SOURCES[0]!, { ...SOURCES[1]!, title: 'Beta 2' }])).not.toBe(basis);
    expect(overviewBasis([SOURCES[0]!, { ...SOURCES[1]!, sentences: ['Pilots board at the pier.'] }])).not.toBe(basis);
  });
});

describe('checkedOverview', () => {
  it('keeps links to the prompt documents, labelled with their titles, and makes every other link text', () => {
    const text = checkedOverview('As [[summaries/alpha]] and [[summaries/beta.md|b]] say; see [[concepts/tugs|Tugs]], [[summaries/gone]] and [[nowhere]].', SOURCES);
    expect(text).toBe('As [[summaries/alpha|Alpha draft notes]] and [[summaries/beta|Beta]] say; see Tugs, gone and nowhere.');
    expect(citedDocuments(text!)).toEqual(['alpha', 'beta']);
  });

  it('gives at most three paragraphs of prose: no headings, list markers, fences or comment markers', () => {
    const text = checkedOverview('# Title\n\nOne.\n\n- two\n- more\n\n```\ncode\n```\n\n<!-- kb:/doc alpha -->\n\nFive.', SOURCES);
    expect(text).toBe('Title\n\nOne.\n\ntwo more');
    expect(checkedOverview('<!-- x --> y', SOURCES)).toBe('&lt;!-- x --&gt; y');
  });

  it('cuts a rambling paragraph at a word, never inside a link, and refuses an answer with no words', () => {
    const long = `${'word '.repeat(298)}[[summaries/alpha]] ${'more '.repeat(50)}`;
    const text = checkedOverview(long, SOURCES)!;
    expect(text.length).toBeLessThan(1510);
    expect(text).not.toContain('[[');
    expect(text.endsWith(' …')).toBe(true);
    expect(checkedOverview('  \n\n## \n\n---', SOURCES)).toBeUndefined();
  });
});

describe('shownLlmOverview', () => {
  it('shows a stored overview while every document it cites has a section', () => {
    const stored = { basis: 'b', text: 'From [[summaries/alpha|A]] and [[summaries/beta|B]].' };
    expect(shownLlmOverview(stored, ['alpha', 'beta', 'gamma'])).toBe(stored);
    expect(shownLlmOverview(stored, ['alpha', 'gamma'])).toBeUndefined();
    expect(shownLlmOverview(undefined, ['alpha'])).toBeUndefined();
  });
});

describe('pageWithOverview', () => {
  it('gives the bytes renderTopicPage gives with that overview, sections untouched', () => {
    const members = SOURCES.map((s, i) => ({ ...s, name: 'Pilots', rank: 0, score: 2 - i, mentions: 1 }));
    const content = { topic: 'concept' as const, name: 'Pilots', total: 2, sections: members.map((m) => ({ doc: m.doc, block: memberBlock('concept', m) })), links: [], unlisted: 0, related: [] };
    const offline = renderTopicPage({ ...content, overview: 'Pilots guide ships.' });
    const overview = 'Both say pilots matter ([[summaries/alpha|A]]).\n\nSecond.';
    const patched = pageWithOverview(offline, overview);
    expect(patched).toBe(renderTopicPage({ ...content, overview, overviewByLlm: true }));
    // Written again: the same page, one `overview: llm` line.
    expect(pageWithOverview(patched!, overview)).toBe(patched);
    expect(pageWithOverview('# no frontmatter\n\n## Documents\n', overview)).toBeUndefined();
  });
});
