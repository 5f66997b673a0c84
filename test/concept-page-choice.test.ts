import { describe, expect, it } from 'vitest';
import { conceptHasPage, rankDocumentTerms, SUMMARY_TERMS } from '../src/compile/concept-pages.js';

const candidate = (key: string, weight: number) => ({ key, name: key, weight, mentions: 1, codeMentions: 0, sentences: [] });

describe('which concepts get a page', () => {
  it('a document ranks its best SUMMARY_TERMS terms, best first, each with its rank', () => {
    const candidates = Array.from({ length: 14 }, (_, i) => candidate(`term ${String.fromCharCode(97 + i)}`, 20 - i));
    const terms = rankDocumentTerms(candidates, 1);
    expect(terms.map((t) => t.key)).toEqual(['term a', 'term b', 'term c', 'term d', 'term e', 'term f', 'term g', 'term h', 'term i', 'term j']);
    expect(terms.map((t) => t.rank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(terms).toHaveLength(SUMMARY_TERMS);
  });

  it('a salient count above SUMMARY_TERMS ranks that many', () => {
    const candidates = Array.from({ length: 14 }, (_, i) => candidate(`t${i}x`, 20 - i));
    expect(rankDocumentTerms(candidates, 12)).toHaveLength(12);
  });

  it('a page when two documents share the term, or when one ranks it among its salient few', () => {
    expect(conceptHasPage(2, 9, 1)).toBe(true);
    expect(conceptHasPage(1, 0, 1)).toBe(true);
    expect(conceptHasPage(1, 1, 1)).toBe(false);
    expect(conceptHasPage(1, 2, 3)).toBe(true);
    expect(conceptHasPage(0, 0, 1)).toBe(false);
    expect(conceptHasPage(1, 0, 0)).toBe(false);
  });
});
