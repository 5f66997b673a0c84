import { describe, expect, it } from 'vitest';
import { convertPdf } from '../src/prepare/converters/pdf.js';
import { dropPageResidue } from '../src/prepare/converters/pdf-page-residue.js';
import { fenceTexSource, isTexSourceLine } from '../src/prepare/converters/tex-source-lines.js';
import { buildPdf } from './support/fixtures/pdf-builder.js';

/** A page of body text between a running head and a page number, as a book prints it. */
function bookPage(n: number, body: string[]): string[] {
  return [`Journal of Field Notes, Volume 3 (2021), No. 2 ${n}`, '', ...body, '', String(n)];
}

describe('PDF typographic residue', () => {
  it('drops running heads that differ only by page number, and the page numbers', () => {
    const pages = [1, 2, 3, 4].map((n) => bookPage(n, [`Observation ${n} was made near the river.`]));
    const text = dropPageResidue(pages).flat().join('\n');
    expect(text).not.toContain('Journal of Field Notes');
    expect(text).not.toMatch(/^\d+$/m);
    for (const n of [1, 2, 3, 4]) expect(text).toContain(`Observation ${n} was made near the river.`);
  });

  it('keeps a line repeated on few pages, and repeated sentences of the text', () => {
    const pages = Array.from({ length: 10 }, (_, i) => ['Summary of results', `Row ${i} of the table holds a count.`, `body ${i}`]);
    pages[0] = ['Introduction', 'body'];
    const text = dropPageResidue(pages).flat().join('\n');
    expect(text).not.toContain('Summary of results');
    expect(text).toContain('Row 3 of the table holds a count.');
    expect(dropPageResidue([['Notes', 'a'], ['Notes', 'b']]).flat()).toContain('Notes');
  });

  it('keeps captions and code statements that recur at page edges with other numbers', () => {
    const body = (i: number) => ['one', 'two', 'three', 'four', 'five', 'six', 'seven'].map((word) => `${word} ${i} ${'y'.repeat(i)}`);
    const pages = Array.from({ length: 6 }, (_, i) => [`Figure ${i + 1}: A rotated cat (${i})`, ...body(i), `mode_param(pixels_per_inch, ${80 + i});`]);
    expect(dropPageResidue(pages)).toEqual(pages);
  });

  it('drops table-of-contents lines with dot leaders and the numbered entries among them', () => {
    const [page] = dropPageResidue([[
      'Contents',
      '1 Introduction 1',
      '1.1 Overloading the primitive . . . . . . . . . . . . 2',
      '4 1.7 Getting help with functions and features . . . . 12',
      '2 Emulating commands 7',
      '2.1 Emulating atbegshi ........................ 7',
      '',
      'The code provides an interface to the primitive... and more.',
    ]]);
    expect(page).toEqual(['Contents', '', 'The code provides an interface to the primitive... and more.']);
  });

  it('joins words broken at a line end, keeping the hyphen of a compound', () => {
    const [page] = dropPageResidue([[
      'Hyphenation is what this text is about, and so is the log written ahead.',
      'We discuss hyphen-',
      'ation rules here, and a write-',
      'ahead log, and the back-',
      'ground colour.',
      'Background is one word elsewhere; so is write and ahead.',
    ]]);
    expect(page).toEqual([
      'Hyphenation is what this text is about, and so is the log written ahead.',
      'We discuss hyphenation',
      'rules here, and a write-ahead',
      'log, and the background',
      'colour.',
      'Background is one word elsewhere; so is write and ahead.',
    ]);
  });

  it('does all of that in a converted PDF', async () => {
    const topics = ['grammars', 'parsers', 'lexers', 'trees'];
    const pages = [1, 2, 3, 4].map((n) => bookPage(n, [`Page ${n} opens on ${topics[n - 1]}.`, `Chapter text about ${topics[n - 1]} and syn-`, `tax, with syntax ${n}.`]));
    const doc = await convertPdf(buildPdf({ pages }), { fileName: 'journal.pdf', ext: '.pdf' });
    expect(doc.markdown).not.toContain('Journal of Field Notes');
    expect(doc.markdown).toContain('Chapter text about parsers and syntax,\nwith syntax 2.');
    expect(doc.markdown).not.toMatch(/^\d+$/m);
  });
});

describe('TeX source in PDFs', () => {
  it('tells TeX code from prose that names a macro', () => {
    expect(isTexSourceLine('\\def\\foo#1{\\expandafter\\bar\\csname #1\\endcsname}')).toBe(true);
    expect(isTexSourceLine('\\generate{\\file{p1.sty}{\\from{s1.dtx}{foo,bar}}')).toBe(true);
    expect(isTexSourceLine('\\makeatletter')).toBe(true);
    expect(isTexSourceLine('Instead \\shipout is running some (complicated) code that picks up the box')).toBe(false);
    expect(isTexSourceLine('You may find that old batch files always have a line \\def\\batchfile{x} just before the input.')).toBe(false);
    expect(isTexSourceLine('The hook is executed after the page has been stored.')).toBe(false);
  });

  it('fences runs of TeX lines, closing braces included', () => {
    expect(fenceTexSource(['Define it so:', '\\def\\x{%', '  \\csname y\\endcsname', '}', 'and use it.'])).toEqual([
      'Define it so:', '```tex', '\\def\\x{%', '  \\csname y\\endcsname', '}', '```', 'and use it.',
    ]);
  });
});

describe('PDF titles from the first page', () => {
  const convert = (pages: Parameters<typeof buildPdf>[0]['pages'], info?: Record<string, string>) =>
    convertPdf(buildPdf({ pages, ...(info ? { info } : {}) }), { fileName: 'issue.pdf', ext: '.pdf' });

  it('tells issues of a series apart by the issue line under a short title', async () => {
    const doc = await convert([[{ text: 'Harbour News', size: 24 }, 'Issue 16, December 2003', 'This issue looks ahead.']]);
    expect(doc.title).toBe('Harbour News, Issue 16, December 2003');
    const collected = await convert([['Harbour News, Issues 1-36', 'Contents']], { Title: 'Harbour News' });
    expect(collected.title).toBe('Harbour News, Issues 1-36');
  });

  it('takes a bookmark that holds all the others as the title when there is no Title field', async () => {
    const outline = [{ title: 'Tide Tables for Brest', page: 1, children: [{ title: 'Spring tides', page: 1 }, { title: 'Neap tides', page: 2 }] }];
    const pages = [[{ text: 'Draft 3', size: 24 }, 'Spring tides', 'Text.'], ['Neap tides', 'More text.']];
    const doc = await convertPdf(buildPdf({ pages, outline }), { fileName: 'tides.pdf', ext: '.pdf' });
    expect(doc.title).toBe('Tide Tables for Brest');
  });

  it('drops a footnote mark, and takes no source comment for a title', async () => {
    expect((await convert([[{ text: 'The tides package∗', size: 24 }, 'Some text.']])).title).toBe('The tides package');
    expect((await convert([[{ text: '% $Id: modes.mf,v 1.29 karl Exp $', size: 24 }, '% more']])).title).toBe('issue');
  });
});

describe('PDF headings set in larger type', () => {
  const body = (text: string) => ({ text, size: 10 });
  it('makes a short line in larger type a heading, even with ordinary spacing under it', async () => {
    // Seen in corpus/pdf: MakeIndex's description read "1 How to Use MakeIndex MakeIndex is a program …".
    const pages = [
      [
        { text: 'Hive Manual', size: 24 },
        { text: 'Ana Sousa', size: 14 },
        body('This manual covers the hive records of the co-op.'),
        body('It was written for new members of the co-op.'),
        { text: '1 How to Use Hivectl', size: 14 },
        body('Hivectl is a program for keeping hive records.'),
        body('Run it once a week after each inspection.'),
        { text: 'A pull quote set large ends as a sentence does.', size: 14 },
        body('More text follows the quote on the page.'),
      ],
      [
        body('The second page opens with running text here.'),
        ...['Large one', 'Large two', 'Large three', 'Large four'].map((text) => ({ text, size: 14 })),
        body('Text after a long run of large type stays text.'),
      ],
    ];
    const doc = await convertPdf(buildPdf({ pages }), { fileName: 'hive.pdf', ext: '.pdf' });
    expect(doc.title).toBe('Hive Manual');
    expect(doc.markdown).toContain('### 1 How to Use Hivectl\n\nHivectl is a program for keeping hive records.');
    // The title block above the page's text, a sentence in large type and a long run of large type are no headings.
    expect(doc.markdown).not.toMatch(/### (?:Hive Manual|Ana Sousa|A pull quote|Large)/);
  });
});
describe('PDF headings set in bold type of the text\'s size', () => {
  it('makes a numbered line set in bold over plain text a heading, not a table of contents\' entry or a bold sentence', async () => {
    // Seen in corpus/pdf: MakeIndex's key point read "2.3 The Fine Print Commands in an index entry are expanded …".
    const pages = [
      [
        { text: 'Contents', size: 10, bold: true },
        { text: '1 Keeping Records 2', size: 10, bold: true },
        { text: 'The Hive Manual covers the records of the co-op and how to keep them.', size: 10 },
        { text: '2.3 The Fine Print', size: 10, bold: true },
        { text: 'Commands in a record are read when the report is made.', size: 10 },
        { text: '3 Bold sentences end with a full stop.', size: 10, bold: true },
        { text: 'The text after a bold sentence goes on.', size: 10 },
      ],
    ];
    const doc = await convertPdf(buildPdf({ pages }), { fileName: 'hive.pdf', ext: '.pdf' });
    expect(doc.markdown).toContain('### 2.3 The Fine Print\n\nCommands in a record are read when the report is made.');
    expect(doc.markdown).not.toContain('### 1 Keeping Records');
    expect(doc.markdown).not.toContain('### 3 Bold');
  });
});


