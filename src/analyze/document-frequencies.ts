/**
 * How many documents of the knowledge base mention each concept key. The KB keeps these
 * (in SQLite, later); the extractor only reads them, so a term every document uses ranks
 * below one that sets this document apart.
 */
export interface DocumentFrequencies {
  /** Documents counted. */
  readonly documents: number;
  /** Documents whose candidate keys include `key`; 0 when none does. */
  df(key: string): number;
}

/** Document frequencies held in memory: for tests, benchmarks and one-off runs. */
export class InMemoryDocumentFrequencies implements DocumentFrequencies {
  private readonly counts = new Map<string, number>();
  private count = 0;

  /** Counts one document, given its candidate keys (duplicates are counted once). */
  addDocument(keys: Iterable<string>): this {
    this.count++;
    for (const key of new Set(keys)) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return this;
  }

  get documents(): number {
    return this.count;
  }

  df(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  static fromDocuments(keySets: Iterable<Iterable<string>>): InMemoryDocumentFrequencies {
    const frequencies = new InMemoryDocumentFrequencies();
    for (const keys of keySets) frequencies.addDocument(keys);
    return frequencies;
  }
}
