const PAGERANK_ITERATIONS = 30;
const DAMPING = 0.85;

/**
 * TextRank (Mihalcea & Tarau 2004) over at most RANK_WINDOW sentences: edge weight = shared
 * content words / (log|a| + log|b|), then weighted PageRank. Returns one score per sentence.
 */
export function textRank(sentences: readonly { words: readonly string[] }[]): number[] {
  const n = sentences.length;
  if (n === 0) return [];
  const ids = new Map<string, number>();
  const postings: number[][] = [];
  const sizes = sentences.map((s, i) => {
    const distinct = new Set(s.words);
    for (const w of distinct) {
      let id = ids.get(w);
      if (id === undefined) {
        ids.set(w, (id = postings.length));
        postings.push([]);
      }
      postings[id]!.push(i);
    }
    return distinct.size;
  });
  const weight = new Float64Array(n * n);
  for (const list of postings) {
    for (let a = 0; a < list.length; a++) for (let b = a + 1; b < list.length; b++) weight[list[a]! * n + list[b]!]! += 1;
  }
  // Sparse rows, packed in typed arrays (row i's neighbours at offsets start[i] to
  // start[i + 1]): a sentence shares words with a fraction of the window only, and the
  // iterations below read these rows up to 30 times (reading arrays of arrays there was half
  // the time of ranking, profiled). Each row lists its neighbours in ascending order, and every sum runs
  // in the order it always did, so the scores are the same to the last bit.
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (weight[i * n + j] === 0) continue;
      start[i + 1]!++;
      start[j + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const filled = start.slice(0, n);
  const neighbours = new Int32Array(start[n]!);
  const weights = new Float64Array(start[n]!);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const shared = weight[i * n + j]!;
      if (shared === 0) continue;
      const w = shared / (Math.log(1 + sizes[i]!) + Math.log(1 + sizes[j]!));
      neighbours[filled[i]!] = j;
      weights[filled[i]!++] = w;
      neighbours[filled[j]!] = i;
      weights[filled[j]!++] = w;
      out[i]! += w;
      out[j]! += w;
    }
  }
  let score = new Float64Array(n).fill(1 / n);
  for (let iteration = 0; iteration < PAGERANK_ITERATIONS; iteration++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let j = 0; j < n; j++) {
      if (out[j] === 0) {
        dangling += score[j]!;
        continue;
      }
      const share = (DAMPING * score[j]!) / out[j]!;
      for (let k = start[j]!; k < start[j + 1]!; k++) next[neighbours[k]!]! += share * weights[k]!;
    }
    // A sentence sharing no word with any other spreads its score evenly, so scores sum to 1.
    const base = (1 - DAMPING) / n + (DAMPING * dangling) / n;
    let change = 0;
    for (let i = 0; i < n; i++) {
      next[i]! += base;
      change += Math.abs(next[i]! - score[i]!);
    }
    score = next;
    // Converged: further rounds would not change the order (same inputs, same rounds: deterministic).
    if (change < 1e-9) break;
  }
  return [...score];
}
