// README-style Markdown: badges, reference links and their definitions are markup, not text,
// so they never become concepts or sentences (a corpus README gave concept pages named
// "npm-url", "travis-url" and "JavaScript Style Guide").
import { describe, expect, it } from 'vitest';
import { cleanInlineMarkdown } from '../src/analyze/clean-inline-markdown.js';
import { collectCandidates } from '../src/analyze/collect-candidates.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';

const README = [
  '# hivelog [![build][build-image]][build-url] [![npm][npm-image]][npm-url] [![Code Style Guide](https://img.example/badge.svg)](https://style.example)',
  '',
  'Hivelog records hive inspections, and the [inspection ledger][ledger] keeps them. See ![diagram](ledger.png) the [manual](https://docs.example).',
  '',
  '[build-image]: https://ci.example/hivelog.svg',
  '[build-url]: https://ci.example/hivelog',
  '[npm-url]: https://npm.example/hivelog "npm page"',
  '[ledger]: https://docs.example/ledger',
].join('\n');

describe('badges and reference links in Markdown', () => {
  it('drops badges and images, keeps the text of inline and reference links', () => {
    expect(cleanInlineMarkdown(README.split('\n')[0]!.slice(2)).text).toBe('hivelog');
    expect(cleanInlineMarkdown(README.split('\n')[2]!).text).toBe('Hivelog records hive inspections, and the inspection ledger keeps them. See the manual.');
  });

  it('reads no text from link reference definitions', () => {
    const texts = markdownTextUnits({ title: 'hivelog', markdown: README }).map((u) => u.text);
    expect(texts.join(' ')).not.toMatch(/https?:|npm-url|build-url|ledger\]/);
  });

  it('takes no concept from a badge, a link label or a link definition', () => {
    const keys = collectCandidates({ title: 'hivelog', markdown: README }).candidates.map((c) => c.key);
    expect(keys).toContain('inspection ledger');
    for (const junk of ['npm-url', 'build-url', 'build-image', 'code style guide', 'diagram']) expect(keys).not.toContain(junk);
  });
});
