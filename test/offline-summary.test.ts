import { describe, expect, it } from 'vitest';
import { tagUnits } from '../src/analyze/collect-candidates.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';
import { RANK_WINDOW, summarize, type SummarySection } from '../src/analyze/summarize.js';

function summaryOf(markdown: string, options: { long?: boolean; sections?: SummarySection[]; onRank?: (n: number) => void } = {}) {
  const tagged = tagUnits(markdownTextUnits({ title: 'Doc', markdown }));
  return summarize({ title: 'Doc', markdown, sections: options.sections ?? [], long: options.long ?? false, tagged, ...(options.onRank ? { onRank: options.onRank } : {}) });
}

// Sentences about gardens; a few share words with many others, so ranking has a clear centre.
const GARDEN = [
  'Community gardens give city residents land to grow vegetables and flowers together.',
  'Volunteers water the gardens every morning during the dry summer months.',
  'Each garden plot is rented to one household for a whole growing season.',
  'Bees visit the flowers in the gardens and pollinate the vegetables of every plot.',
  'The city council pays for water and fences around the community gardens.',
  'Children learn how vegetables grow when schools visit the gardens.',
];

describe('summarize', () => {
  it('gives the same summary for the same text', () => {
    const markdown = `# Gardens\n\n${GARDEN.join(' ')}\n\n${GARDEN.slice().reverse().join(' ')}`;
    expect(summaryOf(markdown)).toEqual(summaryOf(markdown));
  });

  it('describes a document with a complete sentence of its text, not a title line, table or code', () => {
    const markdown = ['Garden Report 2024', '| plot | owner |\n|---|---|\n| 1 | Ann |', '```\nwater --all --daily\n```', GARDEN.join(' ')].join('\n\n');
    const { description, keyPoints } = summaryOf(markdown);
    expect(GARDEN).toContain(description);
    expect(description).toMatch(/^\p{Lu}.*[.!?]$/u);
    expect(keyPoints.length).toBeGreaterThan(0);
    expect(keyPoints).not.toContain(description);
    for (const point of keyPoints) expect(GARDEN).toContain(point);
    // In document order.
    expect(keyPoints).toEqual([...keyPoints].sort((a, b) => GARDEN.indexOf(a) - GARDEN.indexOf(b)));
  });

  it('leaves references and licence notices out of the description and key points', () => {
    const references = ['Smith, J. and Jones, K. Garden soils. arXiv preprint arXiv:1234.5678, 2019.', 'Provided proper attribution is given, the council grants permission to copy the garden maps.'];
    const { description, keyPoints } = summaryOf(`${references[1]}\n\n${GARDEN.join(' ')}\n\n${references[0]}`);
    expect(references).not.toContain(description);
    for (const r of references) expect(keyPoints).not.toContain(r);
  });

  it('leaves out who maintains the file and what it is part of: said of any file, nothing of this one', () => {
    const notices = ['This file is maintained by the Garden Project team.', 'This document is part of the Garden Handbook collection.'];
    const { description, keyPoints } = summaryOf(`${notices.join(' ')}\n\n${GARDEN.join(' ')}`);
    expect(notices).not.toContain(description);
    for (const n of notices) expect(keyPoints).not.toContain(n);
  });

  it('ranks a long document in bounded windows, a key point per section: work linear in the text', () => {
    const sectionCount = 20;
    const perSection = 150;
    const blocks: string[] = [];
    const sections: SummarySection[] = [];
    let offset = 0;
    for (let s = 0; s < sectionCount; s++) {
      // Letters, not digits, tell the sentences apart: a sentence mostly of digits is no prose and never a key point.
      const letter = (n: number): string => String.fromCharCode(97 + n);
      const sentences = Array.from({ length: perSection }, (_, i) => `Section${s} keeps item${letter(i % 17)} with value${letter(i % 13)} and weight${letter(i % 11)} in this part of the report.`);
      const block = `# Part ${s}\n\n${sentences.join(' ')}`;
      sections.push({ title: `Part ${s}`, level: 1, start: offset, end: offset + block.length });
      blocks.push(block);
      offset += block.length + 2;
    }
    const sizes: number[] = [];
    const { keyPoints } = summaryOf(blocks.join('\n\n'), { long: true, sections, onRank: (n) => sizes.push(n) });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(RANK_WINDOW);
    // The opening window for the description, then the 12 sections that get a key point: never the whole text.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(RANK_WINDOW + 12 * perSection);
    expect(keyPoints).toHaveLength(12);
    const sectionOf = (p: string): number => Number(/^Section(\d+)/.exec(p)![1]);
    expect(new Set(keyPoints.map(sectionOf)).size).toBe(12);
  });

  it('splits one huge section into windows of at most RANK_WINDOW sentences', () => {
    const sentences = Array.from({ length: 1000 }, (_, i) => `Record ${i} stores field${i % 7} next to field${i % 5} on disk.`);
    const markdown = `# All\n\n${sentences.join(' ')}`;
    const sizes: number[] = [];
    summaryOf(markdown, { long: true, sections: [{ title: 'All', level: 1, start: 0, end: markdown.length }, { title: 'All', level: 1, start: markdown.length, end: markdown.length }], onRank: (n) => sizes.push(n) });
    expect(Math.max(...sizes)).toBe(RANK_WINDOW);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000 + RANK_WINDOW);
  });
});
