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

  it('reads the same links when it skips lines that cannot hold one: a link split by inline code, fences of tildes, no links at all', () => {
    expect(extractWikiLinks('plain text\nno links here')).toEqual([]);
    expect(extractWikiLinks('x [`code`[joined/link]] y')).toEqual([{ target: 'joined/link', line: 1 }]);
    expect(extractWikiLinks('~~~\n[[fenced/out]]\n~~~\nline 4 [[after/fence]]').map((l) => [l.target, l.line])).toEqual([['after/fence', 4]]);
  });

  it('takes a line of inline code in triple backticks for inline code, not a fence that would hide every link after it', () => {
    const md = '``` ``spi_query(command)`` ```\n\nsee [[concepts/spi]]\n\n```sql\n[[not a link]]\n```';
    expect(extractWikiLinks(md)).toEqual([{ target: 'concepts/spi', line: 3 }]);
  });

  it('maps a link to its file', () => {
    expect(linkTargetFile('concepts/mvcc')).toBe('concepts/mvcc.md');
    expect(linkTargetFile('index.md')).toBe('index.md');
  });
});
