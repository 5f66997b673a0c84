// The retrieval metrics of bench:search on hand-made rankings.
import { describe, expect, it } from 'vitest';
import { distinct, mean, recallAt, reciprocalRankAt } from '../bench/search-metrics.js';

describe('search metrics', () => {
  const relevant = new Set(['b', 'd']);

  it('reciprocal rank is 1/rank of the first relevant answer within k', () => {
    expect(reciprocalRankAt(['b', 'a'], relevant, 10)).toBe(1);
    expect(reciprocalRankAt(['a', 'c', 'd', 'b'], relevant, 10)).toBeCloseTo(1 / 3);
    expect(reciprocalRankAt(['a', 'c', 'd'], relevant, 2)).toBe(0);
    expect(reciprocalRankAt([], relevant, 10)).toBe(0);
  });

  it('counts a document hit again (another section) once, at its first rank', () => {
    expect(distinct(['a', 'a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(reciprocalRankAt(['a', 'a', 'a', 'b'], relevant, 2)).toBe(0.5);
    expect(recallAt(['b', 'b', 'b', 'd'], relevant, 2)).toBe(1);
  });

  it('recall is the share of relevant answers within k', () => {
    expect(recallAt(['a', 'b', 'c', 'd'], relevant, 3)).toBe(0.5);
    expect(recallAt(['a', 'b', 'c', 'd'], relevant, 4)).toBe(1);
    expect(recallAt(['a'], new Set(), 10)).toBe(0);
  });

  it('averages over queries', () => {
    expect(mean([1, 0.5, 0])).toBe(0.5);
    expect(mean([])).toBe(0);
  });
});
