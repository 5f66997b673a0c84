/** Counts for micro-averaged precision and recall, strict and lenient. */
export interface MatchCounts {
  predicted: number;
  truth: number;
  /** Predictions equal to a truth key (each also recalls that one key). */
  strict: number;
  /** Predictions equal to, containing or contained in some truth key, as whole words. */
  lenientPredicted: number;
  /** Truth keys matched that way by some prediction. */
  lenientTruth: number;
  /** Sum over pages of each page's strict recall, and the pages: for the macro average. */
  pageRecallSum: number;
  pages: number;
}

export function emptyCounts(): MatchCounts {
  return { predicted: 0, truth: 0, strict: 0, lenientPredicted: 0, lenientTruth: 0, pageRecallSum: 0, pages: 0 };
}

/** Adds one page: its predicted keys and the index's keys for it (both canonical, distinct). */
export function addPage(counts: MatchCounts, predicted: readonly string[], truth: readonly string[]): void {
  const truthSet = new Set(truth);
  counts.predicted += predicted.length;
  counts.truth += truth.length;
  const strict = predicted.filter((p) => truthSet.has(p)).length;
  counts.strict += strict;
  counts.pageRecallSum += truth.length > 0 ? strict / truth.length : 0;
  counts.pages += truth.length > 0 ? 1 : 0;
  counts.lenientPredicted += predicted.filter((p) => truth.some((t) => lenientMatch(p, t))).length;
  counts.lenientTruth += truth.filter((t) => predicted.some((p) => lenientMatch(p, t))).length;
}

/** Equal, or one key is a run of whole words of the other ("bytea_output" ⊂ "bytea_output configuration parameter"). */
export function lenientMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return ` ${long} `.includes(` ${short} `);
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export function strictScores(c: MatchCounts): Scores {
  return scores(ratio(c.strict, c.predicted), ratio(c.strict, c.truth));
}

export function lenientScores(c: MatchCounts): Scores {
  return scores(ratio(c.lenientPredicted, c.predicted), ratio(c.lenientTruth, c.truth));
}

/** Strict recall averaged over pages, each page weighing the same however many terms it has. */
export function macroRecall(c: MatchCounts): number {
  return ratio(c.pageRecallSum, c.pages);
}

function scores(precision: number, recall: number): Scores {
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

function ratio(n: number, d: number): number {
  return d > 0 ? n / d : 0;
}
