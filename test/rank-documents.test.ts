// The pure parts of search ranking: how a document's own concepts weigh in, and which names a
// line of reference text defines (the headings column the title/heading boosts look at).
import { describe, expect, it } from 'vitest';
import { rankDocuments, type RankedRow } from '../src/search/rank-passages.js';
import { searchRowsOfPage } from '../src/search/search-rows.js';
import { bestSentences } from '../src/search/sentence-snippet.js';
import { MATCH_CLOSE, MATCH_OPEN } from '../src/store/sections-repository.js';

/** Words marked as FTS5's highlight() marks a match for the snippet (sections-repository.ts markedBody). */
const hit = (word: string): string => `${MATCH_OPEN}${word}${MATCH_CLOSE}`;

function row(id: number, page: string, score: number): RankedRow {
  return { id, page, section: null, pageStart: null, pageEnd: null, title: page, headings: '', score, bodyScore: score };
}

describe('rankDocuments', () => {
  const rows = [row(1, 'wiki/sources/mentions.md', 12), row(2, 'wiki/sources/about.md', 10)];

  it('without concepts, orders documents by their rows', () => {
    expect(rankDocuments(rows).map((d) => d.key)).toEqual(['document:mentions', 'document:about']);
  });

  it('puts a document that ranks the query among its own concepts ahead of one that only mentions it', () => {
    const ranked = rankDocuments(rows, new Map([['document:about', 0]]));
    expect(ranked.map((d) => d.key)).toEqual(['document:about', 'document:mentions']);
    // A concept far down the document's list counts for less than its best.
    expect(rankDocuments(rows, new Map([['document:about', 19]])).map((d) => d.key)).toEqual(['document:mentions', 'document:about']);
  });
});

describe('the names a source line defines', () => {
  const headingsOf = (line: string): string => searchRowsOfPage('wiki/sources/ref.md', `---\ntitle: Ref\n---\n# Ref\n\n${line}\n`)[0]!.headings;

  it('reads a code span that opens a line or a table cell', () => {
    expect(headingsOf('| `max` ( `expression` ) → `same as input` | Computes the largest value. |')).toContain('max');
    expect(headingsOf('`log_timezone` (`string`)')).toContain('log_timezone');
  });

  it('reads a name quoted with a longer run of backticks because it holds one', () => {
    expect(headingsOf('`` `spi_commit()` ``')).toContain('spi_commit()');
  });

  it('ignores a code span in the middle of a sentence', () => {
    expect(headingsOf('Set `work_mem` higher for sorts.')).not.toContain('work_mem');
  });
});

describe('the text a source page is searched by', () => {
  it('takes code as written (a # comment is no heading, [[servers]] no link, the fence line no words) and text escaped by the page as written', () => {
    const page = '---\ntitle: Deploy\n---\n# Deploy\n\nSee \\[\\[Nowhere]] and [[concepts/tides|tides]].\n\n```toml\n# the web tier\n[[servers]]\nname = "web"\n```\n';
    const [row] = searchRowsOfPage('wiki/sources/deploy.md', page);
    expect(row!.headings).toBe('Deploy');
    expect(row!.body).toBe('See [[Nowhere]] and tides.\n\n# the web tier\n[[servers]]\nname = "web"');
  });
});

describe('the text a source page is searched by, links', () => {
  it('takes a link by its text and an image not at all, so addresses neither match nor show in snippets', () => {
    // Seen in corpus/md searches: "See [./src/providers.ts](./src/providers.ts) for the [full] list." and
    // "[CLI Documentation](./docs/[command]-[line].md)" as snippets, the address matching the query.
    const page = '---\ntitle: Hive\n---\n# Hive\n\nSee [the ledger guide](./docs/command-line.md) and [the queue](https://en.wikipedia.org/wiki/Queue_(abstract_data_type)) ![logo](media/logo.png), or [the notes][notes]. Escaped \\[text\\](kept) stays.\n';
    const [row] = searchRowsOfPage('wiki/sources/hive.md', page);
    expect(row!.body).toBe('See the ledger guide and the queue , or the notes. Escaped [text](kept) stays.');
  });
});

describe('snippet sentences', () => {
  it('takes the list item that holds the match, not the whole list', () => {
    const text = `Troubles and cures:\n\n- Slow rise: move the jar somewhere warmer.\n- Pink streaks: throw the ${hit('starter')} away and begin again.\n- Too sour: feed more often.`;
    expect(bestSentences(text)).toBe('Pink streaks: throw the [starter] away and begin again. Too sour: feed more often.');
  });

  it('never shows the same sentence twice', () => {
    const said = `A ${hit('starter')} is a culture of wild yeast.`;
    expect(bestSentences(`${said}\n\n- ${said}\n\nIt rises in a day.`)).toBe('A [starter] is a culture of wild yeast. It rises in a day.');
  });

  it('counts only the matches, not the brackets the text has of its own (LaTeX options, arrays, links)', () => {
    // A section of a LaTeX newsletter: the match "vacuum" is in its last sentence.
    const text = `Consider the following examples: \\begin{dmath}[label=foo] [x y z] = [1 2 3] x^2 + y^2 = z^2 \\end{dmath}.\nHowever, we don't make such decisions in a ${hit('vacuum')} and we're always happy to continue to discuss such matters.`;
    expect(bestSentences(text)).toBe("However, we don't make such decisions in a [vacuum] and we're always happy to continue to discuss such matters.");
    // No match in the text (the title or a heading matched): its first sentences, brackets or not.
    expect(bestSentences('The options come first. See [label=foo] and [x y z] and [1 2 3] below.')).toBe('The options come first. See [label=foo] and [x y z] and [1 2 3] below.');
    expect(bestSentences('A long opening sentence that says what this section is about and goes on for a while to pass the short limit. Then [a] [b] [c] [d].')).toBe(
      'A long opening sentence that says what this section is about and goes on for a while to pass the short limit.',
    );
  });
});

describe('the text a concept or entity page is searched by', () => {
  it('is its statements: not the count of documents that mention it, nor the document an overview item is from', () => {
    // Indexed with its source, an item answered "Who created Quillwork?" with "A History of Parsers: Quillwork is …".
    const page = [
      '---',
      'title: Margaret Holloway',
      'type: entity',
      '---',
      '# Margaret Holloway',
      '',
      '_Margaret Holloway is mentioned in 1 document._',
      '',
      'The document says:',
      '',
      '- [[summaries/parsers|A History of Parsers]]: Quillwork is a parser created by Margaret Holloway in 2009.',
      '',
    ].join('\n');
    const [row] = searchRowsOfPage('wiki/entities/margaret-holloway.md', page);
    expect(row!.body).toBe('The document says:\n\n- Quillwork is a parser created by Margaret Holloway in 2009.');
    // A source page's list keeps its links' words: only topic pages' overview items are attributions.
    expect(searchRowsOfPage('wiki/sources/parsers.md', page)[0]!.body).toContain('- A History of Parsers: Quillwork is a parser');
  });
});
