// README-style Markdown: badges, reference links and their definitions are markup, not text,
// so they never become concepts or sentences (a corpus README gave concept pages named
// "npm-url", "travis-url" and "JavaScript Style Guide").
import { describe, expect, it } from 'vitest';
import { cleanInlineMarkdown } from '../src/analyze/clean-inline-markdown.js';
import { collectCandidates } from '../src/analyze/collect-candidates.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';
import { convertMarkdown } from '../src/prepare/converters/markdown.js';
import { plainHeadingText } from '../src/prepare/converters/sections-from-markdown.js';

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

  it('titles a README by its heading without the badges beside it', async () => {
    const title = async (markdown: string): Promise<string> =>
      (await convertMarkdown(new TextEncoder().encode(markdown), { fileName: 'readme.md', ext: '.md' })).title;
    // Seen in the corpus: "buffer ! travis travis-url ! npm npm-url …" and "better-sqlite3 Build Status" in the index.
    expect(await title(README)).toBe('hivelog');
    expect(await title('# minimist <sup>[![Version Badge][npm-version-svg]][package-url]</sup>\n\ntext\n')).toBe('minimist');
    expect(await title('# serializers&nbsp;&nbsp;[![CI](https://ci.example/badge.svg)](https://ci.example/actions?query=workflow%3ACI)\n')).toBe('serializers');
    expect(await title('# better-sqlite3 [![Build Status](https://ci.example/build.yml/badge.svg)](https://ci.example/build.yml?query=branch%3Amaster)\n')).toBe('better-sqlite3');
    // A heading that is only an image (a logo) is named by its alternative text.
    expect(await title('# ![Lightning CSS](logo.svg)\n')).toBe('Lightning CSS');
    expect(plainHeadingText('Install ![npm](https://img.example/npm.svg) now')).toBe('Install now');
  });

  it('titles a file by its name when its first top heading is a section name among others', async () => {
    const convert = async (markdown: string, fileName: string): Promise<string> =>
      (await convertMarkdown(new TextEncoder().encode(markdown), { fileName, ext: '.md' })).title;
    // Seen in the corpus: type-definition READMEs open with "# Installation", then "# Summary", "# Details".
    const typesReadme = '# Installation\n> `npm install --save @types/hive`\n\n# Summary\nThis package contains type definitions for hive.\n\n# Details\nFiles were exported.\n';
    expect(await convert(typesReadme, '@types_hive.md')).toBe('@types_hive');
    // One top heading is the document's title, whatever it says; so is a top heading that names something.
    expect(await convert('# Installation\n\nRun the installer.\n\n## Linux\n\nUse apt.\n', 'setup.md')).toBe('Installation');
    expect(await convert('# Hive ledger\n\nIt keeps inspections.\n\n# Usage\n\nRun it.\n', 'readme.md')).toBe('Hive ledger');
  });

  it('reads a link whose address holds parentheses', () => {
    const text = 'A [queue](https://en.wikipedia.org/wiki/Queue_(abstract_data_type)) is an ordered list.';
    expect(cleanInlineMarkdown(text).text).toBe('A queue is an ordered list.');
    expect(plainHeadingText('The [queue](https://en.wikipedia.org/wiki/Queue_(abstract_data_type)) type')).toBe('The queue type');
  });
});
