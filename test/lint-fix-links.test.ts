// The link repairs of kb lint --fix in process: which links change, to what, and what is
// left exactly as written (code, links that resolve).
import { describe, expect, it } from 'vitest';
import { canonicalPageFinder, dropRepeatedLinkItems, fixPageLinks } from '../src/lint/fix-links.js';
import { rewriteWikiLinks } from '../src/core/wikilinks.js';

const page = (title: string): string => `---\ntitle: ${title}\ntype: concept\n---\n# ${title}\n`;
const pages = new Map([
  ['wiki/concepts/write-ahead-log.md', page('Write-Ahead Log')],
  ['wiki/concepts/tide.md', page('tide')],
  ['wiki/entities/tide.md', page('Tide')],
  ['wiki/summaries/a.md', page('A')],
]);
const exists = (rel: string): boolean => pages.has(rel);

describe('rewriteWikiLinks', () => {
  it('rewrites links outside code only, and keeps the rest of the line', () => {
    const md = 'a [[x|X]] `[[x]]` b\n```\n[[x]]\n```\n[[y#h]]';
    expect(rewriteWikiLinks(md, ({ target, label }) => `<${target}:${label ?? ''}>`)).toBe('a <x:X> `[[x]]` b\n```\n[[x]]\n```\n<y:>');
  });
});

describe('fixPageLinks', () => {
  const canonical = canonicalPageFinder(pages);

  it('keeps links that resolve, rewrites a normalised match, demotes the rest keeping the label', () => {
    const md = 'See [[summaries/a]], [[concepts/write-ahead-logs]], [[Write Ahead Log|the WAL]] and [[concepts/ghost|a ghost]] or [[concepts/x[[y]]].';
    const fixed = fixPageLinks(md, { exists, redirects: new Map() }, canonical);
    expect(fixed.text).toBe('See [[summaries/a]], [[concepts/write-ahead-log|write-ahead-logs]], [[concepts/write-ahead-log|the WAL]] and a ghost or x\\[\\[y].');
    expect(fixed.changes).toHaveLength(4);
    expect(fixed.redirected).toBe(false);
  });

  it('prefers the link folder when names match in several folders, and demotes an ambiguous one', () => {
    expect(canonical('entities/tides')).toBe('entities/tide');
    expect(canonical('concepts/tides')).toBe('concepts/tide');
    expect(canonical('tides')).toBeUndefined();
  });

  it('redirects links to a merged page even though the file still exists before the fix', () => {
    const fixed = fixPageLinks('- [[concepts/tide|tide]]\n- [[concepts/tides|Tides]]\n- other', { exists: () => true, redirects: new Map([['concepts/tides', 'concepts/tide']]) }, canonical);
    expect(fixed.redirected).toBe(true);
    expect(dropRepeatedLinkItems(fixed.text)).toBe('- [[concepts/tide|tide]]\n- other');
  });
});
