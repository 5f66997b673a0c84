import { describe, expect, it } from 'vitest';
import { plainHeadingText, sectionsFromMarkdown } from '../src/prepare/converters/sections-from-markdown.js';
import { textToMarkdown } from '../src/prepare/converters/text.js';

const titles = (md: string) => sectionsFromMarkdown(md).map((s) => `${s.level} ${s.title}`);

describe('sectionsFromMarkdown', () => {
  it('ends a section at the next heading of the same or a higher level', () => {
    const md = '# A\n\n## B\n\ntext\n\n### C\n\n## D\n\n# E\n';
    const spans = sectionsFromMarkdown(md).map((s) => [s.title, md.slice(s.start, s.end)]);
    expect(spans).toEqual([
      ['A', '# A\n\n## B\n\ntext\n\n### C\n\n## D\n\n'],
      ['B', '## B\n\ntext\n\n### C\n\n'],
      ['C', '### C\n\n'],
      ['D', '## D\n\n'],
      ['E', '# E\n'],
    ]);
  });

  it('ignores headings in fences until the matching fence closes', () => {
    const md = ['~~~', '# in tilde fence', '```', '# still inside', '~~~', '# out', '````md', '# in', '```', '# in', '````', '## last'].join('\n');
    expect(titles(md)).toEqual(['1 out', '2 last']);
  });

  it('treats an unclosed fence as code to the end, as CommonMark does', () => {
    expect(titles('# top\n```\n# never a heading\n')).toEqual(['1 top']);
  });

  it('reads only real ATX and setext headings', () => {
    const md = [
      '#hashtag is not a heading',
      '    # indented code',
      '## Closed ##',
      '',
      '- a list item',
      '---',
      '',
      'A paragraph',
      'of two lines',
      '===',
      '',
      'Single line',
      '===',
      '#',
      '###### Six',
      '####### seven is text',
    ].join('\n');
    expect(titles(md)).toEqual(['2 Closed', '1 Single line', '6 Six']);
  });

  it('reduces heading markup to the text a reader sees', () => {
    expect(plainHeadingText('**Bold** and _em_ and `code` and [link](http://x) and ![img](a.png)')).toBe('Bold and em and code and link and');
    expect(plainHeadingText('snake_case_name and 2*3*4 and [[concepts/mvcc|MVCC]] <span>x</span> \\# hash')).toBe(
      'snake_case_name and 2*3*4 and MVCC x # hash',
    );
  });

  it('reads escaped markup characters as the characters they are, never as markup', () => {
    expect(plainHeadingText('Level \\*mean\\* vs max\\_level and \\_x\\_ and \\`code\\` and \\[a\\](b)')).toBe('Level *mean* vs max_level and _x_ and `code` and [a](b)');
  });
});

describe('textToMarkdown', () => {
  it('accepts an AsciiDoc underline within two characters of the title, any length after a blank line', () => {
    expect(textToMarkdown('Intro\n~~~~~\nSub\n^^^^\nSmall\n+++++')).toBe('### Intro\n#### Sub\n##### Small');
    expect(textToMarkdown('\nA Much Longer Title\n===\ntext')).toBe('\n# A Much Longer Title\ntext');
    // Not an underline of the text's: shown as written, escaped so Markdown does not read it as one.
    expect(textToMarkdown('text\nA Much Longer Title\n===')).toBe('text\nA Much Longer Title\n\\===');
    // Under a list item or a heading no line is an underline to Markdown: it stays as written.
    expect(textToMarkdown('Shopping\n\n- milk and eggs\n---\nAna')).toBe('Shopping\n\n- milk and eggs\n---\nAna');
  });

  it('does not take a listing block that closes later for an underline', () => {
    const text = 'Run this:\n------------\n$ make\n------------\n';
    expect(textToMarkdown(text)).toBe('Run this:\n```\n$ make\n```\n');
  });

  it('picks a fence longer than any backtick run inside the block', () => {
    expect(textToMarkdown('....\nuse ``` here\n....')).toBe('````\nuse ``` here\n````');
  });
});
