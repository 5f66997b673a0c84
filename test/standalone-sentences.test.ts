import { describe, expect, it } from 'vitest';
import { collectCandidates, tagUnits } from '../src/analyze/collect-candidates.js';
import { describeTable } from '../src/analyze/describe-table.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';
import { rankConcepts } from '../src/analyze/rank-concepts.js';
import { standaloneFault, titleWordStems } from '../src/analyze/sentence-check.js';
import { summarize } from '../src/analyze/summarize.js';

function summaryOf(markdown: string) {
  const tagged = tagUnits(markdownTextUnits({ title: 'Doc', markdown }));
  return summarize({ title: 'Doc', markdown, sections: [], long: false, tagged });
}

describe('standalone sentences (issue 17)', () => {
  it('rejects TOC lines, markup, fragments and openers that point back', () => {
    expect(standaloneFault('Other hook business 2 Shipping out a page while bypassing hooks . . . . 12.')).toBe('toc');
    expect(standaloneFault('8 New Interface to building extension classes for the kernel . .')).toBe('toc');
    expect(standaloneFault('41 Changes to packages in the amsmath category .')).toBe('toc');
    expect(standaloneFault('Use :func:`pdb.run` to start the debugger on a statement.')).toBe('markup');
    expect(standaloneFault('The code provides an interface to the \\shipout primitive of TeX.')).toBe('markup');
    expect(standaloneFault('linkgit:git-repack[1]:: Pack unpacked objects in a repository.')).toBe('start');
    expect(standaloneFault('Based on this, there are three kinds of index in the catalogue.')).toBe('anaphora');
    expect(standaloneFault('It stores every row of the table in one file on disk.')).toBe('anaphora');
    expect(standaloneFault('However, the planner may choose a sequential scan instead.')).toBe('anaphora');
    // "this option", "these fields" inside a sentence name a thing the reader is not shown…
    expect(standaloneFault('Without this option old data in .git/FETCH_HEAD will be overwritten.')).toBe('pointer');
    expect(standaloneFault('For a row-level trigger, one or both of these fields contain the respective trigger rows.')).toBe('pointer');
    expect(standaloneFault('To help with this problem, a companion style option may be used while developing a document.')).toBe('pointer');
    // …but not the document itself, a thing the sentence named before, or "this" as a pronoun.
    expect(standaloneFault('The macros described in this paper yield an extension of the theorem mechanism.')).toBeUndefined();
    expect(standaloneFault('In this work we propose the Transformer, a model architecture based on attention.')).toBeUndefined();
    expect(standaloneFault('Copy the files PostgreSQL uses; Section 19.2 explains where these files are located.')).toBeUndefined();
    expect(standaloneFault('The object walk is a key concept in Git - this is the process behind object transfer.')).toBeUndefined();
    expect(standaloneFault('Every kind of function can take base types, composite types, or combinations of these as arguments.')).toBeUndefined();
    // Under a title that names it, "this view" is the page's own subject.
    const viewPage = titleWordStems('53.49. pg_file_settings view');
    expect(standaloneFault('A row appears in this view for each entry appearing in the files.', false, viewPage)).toBeUndefined();
    expect(standaloneFault('A row appears in this view for each entry appearing in the files.')).toBe('pointer');
    // A cross-reference sends the reader elsewhere and says nothing of its own.
    expect(standaloneFault('See Chapter 12 for a detailed explanation of the text search facility.')).toBe('reference');
    expect(standaloneFault('For more information, see the PREPARE command and its parameters.')).toBe('reference');
    expect(standaloneFault('Seeing the plan first helps to find the slow part of the query.')).toBeUndefined();
    // A personal pronoun names someone the sentence before introduced.
    expect(standaloneFault('His press combined an oil-based ink and a hand mould for casting type.')).toBe('anaphora');
    expect(standaloneFault('She kept the accounts of the press for twenty years after that.')).toBe('anaphora');
    // A pointing subject after an opening phrase points back too.
    expect(standaloneFault('By default, this will return your tree to the commit checked out before.')).toBe('anaphora');
    expect(standaloneFault('When the server starts, these are read from the configuration file.')).toBe('anaphora');
    expect(standaloneFault('By default, the server listens on port 5432 of the local host.')).toBeUndefined();
    expect(standaloneFault('In most cases, it is enough to run the command once a day.')).toBeUndefined();
    expect(standaloneFault('Things like "Hi, this is my first patch." should come after the three-dash line.')).toBeUndefined();
    expect(standaloneFault('The arguments mean the following:')).toBe('end');
    expect(standaloneFault('Too short to say much.')).toBe('short');
    expect(standaloneFault('This package turns folders of documents into a plain Markdown wiki.')).toBeUndefined();
    // A brief, a proposal or a study speaks of itself as a package does.
    expect(standaloneFault('This brief proposes longer evening opening hours at the central library.')).toBeUndefined();
    expect(standaloneFault('This study measures how often city bees visit street trees.')).toBeUndefined();
    expect(standaloneFault('A foreign key ties the rows of one table to the rows of another.')).toBeUndefined();
  });

  it('keeps key points and the description to sentences that stand alone', () => {
    const markdown = [
      '# Gardens\n\nCommunity gardens give city residents land to grow vegetables and flowers together.',
      'It is watered by volunteers every morning during the dry summer months of the year.',
      'Each garden plot is rented to one household for a whole growing season in the city.',
      'However, bees visit the flowers in the gardens and pollinate the vegetables of every plot.',
      'The city council pays for water and fences around the community gardens of the city.',
      'See :ref:`plots` for the garden plots and the rules of the community gardens.',
    ].join(' ');
    const { description, keyPoints } = summaryOf(markdown);
    for (const s of [description, ...keyPoints]) expect(standaloneFault(s), s).toBeUndefined();
    expect(keyPoints.length).toBeGreaterThan(0);
  });

  it('describes a brief by its opening "This brief proposes …", not by a later detail', () => {
    const markdown = '# Project Brief: Library Opening Hours\n\nThis brief proposes longer evening opening hours at the central library. **Draft for discussion.**\n\n# Background\n\nVisitor counts show that the reading rooms are full between six and eight in the evening, when the library closes.\n\n# Proposal\n\nOpen until nine on weekdays from September, staffed by a rota of two librarians and one security officer.\n';
    expect(summaryOf(markdown).description).toBe('This brief proposes longer evening opening hours at the central library.');
  });

  it('shows a sentence opening with "This" together with the sentence before it, in the same paragraph', () => {
    const markdown = '# Vacuum\n\nThe vacuum process reclaims storage occupied by dead tuples in every table. This keeps tables from growing without bound between runs.\n\nIt runs on its own.';
    const { description, keyPoints } = summaryOf(markdown);
    const shown = [description, ...keyPoints];
    expect(shown.some((s) => s.startsWith('This'))).toBe(false);
    expect(shown.join(' ')).not.toContain('It runs on its own');
    expect(summaryOf('# Vacuum\n\nThe vacuum process reclaims storage occupied by dead tuples.\n\nThis keeps the tables of the database from growing without bound.').keyPoints).not.toContain('This keeps the tables of the database from growing without bound.');
  });

  it('finishes a list item written without its full stop, but not text cut short', () => {
    const markdown = '# Limits\n\n- The length of each lexeme must be less than two kilobytes\n\n- Position values in a vector must be greater than zero and no more than the limit of the\n';
    const { description, keyPoints } = summaryOf(markdown);
    expect([description, ...keyPoints]).toContain('The length of each lexeme must be less than two kilobytes.');
    expect([description, ...keyPoints].join(' ')).not.toContain('limit of the');
    expect(summaryOf('# News\n\nProviding xparse in the format of the kernel 1\n').keyPoints).toEqual([]);
    // A reference page's name line is a heading, not a sentence: the sentence after it describes.
    const page = summaryOf('# ALTER VIEW\n\nALTER VIEW — change the definition of a view\n\nALTER VIEW changes various auxiliary properties of a view.');
    expect(page.description).toBe('ALTER VIEW changes various auxiliary properties of a view.');
  });

  it('shows a defining sentence first on a concept page, and only sentences that stand alone', () => {
    const markdown = [
      '# Logs',
      '',
      'Every database server keeps a write-ahead log on its own disk for safety.',
      'It is flushed before each commit of the write-ahead log returns to the client.',
      'The write-ahead log is a record of every change made to the data files.',
      'Replicas read the write-ahead log . . . . 12.',
    ].join('\n\n');
    const doc = collectCandidates({ title: 'Logs', markdown, sectionTitles: [] });
    const wal = rankConcepts(doc, { max: 20 }).find((c) => c.name === 'write-ahead log');
    expect(wal?.sentences).toEqual(['The write-ahead log is a record of every change made to the data files.', 'Every database server keeps a write-ahead log on its own disk for safety.']);
  });

  it('describes a table by its columns, row count and range of values', () => {
    const table = ['| month | rainfall_mm | note |', '| --- | --- | --- |', '| January | 78.2 | wet, mild |', '| February | 61.0 |  |', '| March | 55.4 | late frost |', ''].join('\n');
    expect(describeTable(table)).toBe('A table of 3 rows and 3 columns (month, rainfall_mm and note), with month from January to March and rainfall_mm from 55.4 to 78.2.');
    expect(describeTable('Some prose.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |')).toBeUndefined();
    expect(summaryOf(table).description).toMatch(/^A table of 3 rows/);
  });
});
