/*
 * Rank metrics of a retrieval evaluation, per query: each takes the ranked answers (document
 * names, best first, as retrieved) and the relevant ones. Averaged over queries by the caller.
 */

/** 1/rank of the first relevant answer within the first k, 0 when none is there. */
export function reciprocalRankAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  const at = distinct(ranked).slice(0, k).findIndex((doc) => relevant.has(doc));
  return at < 0 ? 0 : 1 / (at + 1);
}

/** Share of the relevant answers found within the first k (0 when nothing is relevant). */
export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  return distinct(ranked).slice(0, k).filter((doc) => relevant.has(doc)).length / relevant.size;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * First occurrences only: a document hit in three of its sections is one answer, at the rank
 * of its best section, so a ranking is never credited twice for the same document.
 */
export function distinct(ranked: readonly string[]): string[] {
  return [...new Set(ranked)];
}
