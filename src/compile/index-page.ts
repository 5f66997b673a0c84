import type { DocumentRow } from '../store/store.js';
import { CATALOG_PAGE_SIZE, catalogLink, documentEntry } from './catalog-pages.js';
import { renderPage } from './render-page.js';

export interface IndexInputs {
  totalDocuments: number;
  /** All documents, sorted by name, when totalDocuments ≤ CATALOG_PAGE_SIZE. */
  inlineDocuments: readonly DocumentRow[];
  catalogPages: readonly { page: number; count: number; first: string; last: string }[];
}

/** `wiki/index.md`: bounded in size whatever the number of documents. */
export function renderIndexPage(inputs: IndexInputs): string {
  const lines = ['# Index', '', '## Documents', ''];
  if (inputs.totalDocuments === 0) {
    lines.push('_No documents yet._');
  } else if (inputs.totalDocuments <= CATALOG_PAGE_SIZE) {
    lines.push(...inputs.inlineDocuments.map(documentEntry));
  } else {
    lines.push(`${inputs.totalDocuments} documents, listed on catalogue pages:`, '');
    lines.push(...inputs.catalogPages.map((p) => `- [[${catalogLink(p.page)}|${p.first} … ${p.last}]] (${p.count})`));
  }
  lines.push('', '## Concepts', '', '## Entities', '', '## Explorations', '');
  return renderPage({ title: 'Index', type: 'index', documents: inputs.totalDocuments }, lines.join('\n'));
}
