import { createDocument } from '@mixmark-io/domino';

/**
 * The PostgreSQL manual's back-of-book index → for each page file it links to, the index
 * terms pointing at it. The index is a DocBook <dl>: a top-level <dt> holds a term and its
 * links; a <dd> after it nests sub-entries ("autovacuum" › "configuration parameters") whose
 * links point at pages about the same term, so those pages get the top-level term — a
 * sub-entry alone ("general information") names no concept. "see"/"see also" entries link
 * within the index only and add nothing.
 *
 * The index names settings two ways: "autovacuum_naptime configuration parameter" and
 * "autovacuum_analyze_threshold" › "configuration parameter". The kind is a qualifier in both,
 * so "<name> configuration parameter" (or storage parameter) counts as the name alone.
 */
export function parseBookIndex(html: string): Map<string, string[]> {
  const document = createDocument(html);
  const byPage = new Map<string, Set<string>>();
  for (const dt of document.querySelectorAll('div.indexdiv > dl > dt')) {
    const term = termText(dt);
    if (!term) continue;
    const links = [...dt.querySelectorAll('a.indexterm')];
    const dd = dt.nextElementSibling;
    if (dd?.tagName === 'DD') links.push(...dd.querySelectorAll('a.indexterm'));
    for (const link of links) {
      const page = (link.getAttribute('href') ?? '').split('#')[0] ?? '';
      if (!page) continue;
      let terms = byPage.get(page);
      if (!terms) byPage.set(page, (terms = new Set()));
      terms.add(term);
    }
  }
  return new Map([...byPage.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([page, terms]) => [page, [...terms].sort()]));
}

/** The term is the text before the first link or "(see …)", without the trailing comma. */
function termText(dt: Element): string {
  let text = '';
  for (const node of dt.childNodes) {
    if (node.nodeType === 1 && (node as Element).tagName === 'A') break;
    text += node.textContent ?? '';
  }
  const term = text.replace(/\(see\b[\s\S]*$/, '').replace(/\s+/g, ' ').trim().replace(/,$/, '').trim();
  return term.replace(/^(\S+) (?:configuration|storage) parameter$/, '$1');
}
