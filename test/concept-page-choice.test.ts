import { describe, expect, it } from 'vitest';
import { chooseConcepts, SUMMARY_TERMS } from '../src/compile/concept-pages.js';

const candidate = (key: string, weight: number) => ({ key, name: key, weight, mentions: 1, codeMentions: 0, sentences: [] });

describe('which concepts get a page', () => {
  it('the document’s best `max` get pages; the next, up to SUMMARY_TERMS in all, are plain terms', () => {
    const candidates = Array.from({ length: 14 }, (_, i) => candidate(`term ${String.fromCharCode(97 + i)}`, 20 - i));
    const { pages, terms } = chooseConcepts(candidates, 3);
    expect(pages.map((p) => p.key)).toEqual(['term a', 'term b', 'term c']);
    expect(terms).toEqual(['term d', 'term e', 'term f', 'term g', 'term h', 'term i', 'term j']);
    expect(pages.length + terms.length).toBe(SUMMARY_TERMS);
  });

  it('a max above SUMMARY_TERMS gives that many pages and no plain terms', () => {
    const candidates = Array.from({ length: 14 }, (_, i) => candidate(`t${i}x`, 20 - i));
    const { pages, terms } = chooseConcepts(candidates, 12);
    expect(pages).toHaveLength(12);
    expect(terms).toEqual([]);
  });
});
