import type { KbContext } from '../store/kb-context.js';
import { withKbLock } from '../commit/with-kb-lock.js';

export interface ListedDocument {
  doc: string;
  title: string;
  hash: string;
  raw: string;
  source: string;
  summary: string;
}

export async function listDocuments(ctx: KbContext): Promise<ListedDocument[]> {
  return withKbLock(ctx, 'shared', () =>
    ctx.store.documents.list().map((d) => ({ doc: d.name, title: d.title, hash: d.hash, raw: d.raw_path, source: d.source_path, summary: d.summary_path })),
  );
}

export function renderList(docs: readonly ListedDocument[]): string {
  if (docs.length === 0) return 'no documents yet (add some with: kb add <paths…>)';
  const width = Math.min(40, Math.max(...docs.map((d) => d.doc.length)));
  return docs.map((d) => `${d.doc.padEnd(width)}  ${d.title}`).join('\n');
}
