import type { Store } from '../../store/store.js';
import type { DocumentFrequencies } from './document-frequencies.js';

/**
 * The KB's document frequencies as they will be once this commit lands: kb.db's counts, with
 * the document being committed counted with its new DF keys (and, when it replaces an earlier
 * version, without that version's keys). Each lookup is one primary-key read.
 */
export class LiveDocumentFrequencies implements DocumentFrequencies {
  private readonly keys: ReadonlySet<string>;
  private readonly previousCounted: boolean;

  constructor(
    private readonly store: Store,
    private readonly doc: string,
    dfKeys: readonly string[],
    /** Documents registered before this commit, this document's earlier version included. */
    private readonly registered: number,
    private readonly replacesPrevious: boolean,
  ) {
    this.keys = new Set(dfKeys);
    this.previousCounted = replacesPrevious && store.hasDocumentFrequencies(doc);
  }

  get documents(): number {
    return this.registered + (this.replacesPrevious ? 0 : 1);
  }

  df(key: string): number {
    const stored = this.store.documentFrequency(key);
    const before = this.previousCounted && this.store.documentCountsKey(this.doc, key) ? 1 : 0;
    return stored - before + (this.keys.has(key) ? 1 : 0);
  }
}
