import { describe, expect, it } from 'vitest';
import { extractWikiLinks, linkTargetFile } from '../src/core/wikilinks.js';

describe('extractWikiLinks', () => {
  it('finds plain, labelled and heading links with their line numbers', () => {
    const md = 'see [[concepts/mvcc]] and [[entities/postgres|PostgreSQL]]\n\nalso [[summaries/a#Intro]]';
    expect(extractWikiLinks(md)).toEqual([
      { target: 'concepts/mvcc', line: 1 },
      { target: 'entities/postgres', line: 1 },
      { target: 'summaries/a', line: 3 },
    ]);
  });

  it('ignores links inside fenced and inline code', () => {
    const md = '```\n[[not/a-link]]\n```\n`[[nor/this]]` but [[yes/this]]';
    expect(extractWikiLinks(md).map((l) => l.target)).toEqual(['yes/this']);
  });

  it('maps a link to its file', () => {
    expect(linkTargetFile('concepts/mvcc')).toBe('concepts/mvcc.md');
    expect(linkTargetFile('index.md')).toBe('index.md');
  });
});
