import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ConversionError } from '../src/prepare/converters/converted-document.js';
import { convertDocument, converterFor, SUPPORTED_EXTENSIONS } from '../src/prepare/converters/convert-document.js';
import { firstInvalidUtf8Byte } from '../src/prepare/converters/decode-text.js';
import { sectionsFromMarkdown } from '../src/prepare/converters/sections-from-markdown.js';
import { buildDocx } from './support/fixtures/docx-builder.js';
import { FIXTURE_FAILURES, type FixtureName } from './support/fixtures/fixtures.js';
import { sectionTexts, useFixtures } from './support/fixtures/use-fixtures.js';

const fixtures = useFixtures();

function convertText(text: string | Uint8Array, fileName: string) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return convertDocument(bytes, { fileName, ext: fileName.slice(fileName.lastIndexOf('.')) });
}

describe('Markdown', () => {
  it('moves frontmatter into string metadata and takes the title from it', async () => {
    const doc = await fixtures.convert('guide.md');
    expect(doc.title).toBe('Field Guide');
    expect(doc.metadata).toEqual({
      title: 'Field Guide',
      tags: 'birds, field work',
      date: '2024-01-02',
      draft: 'false',
      author: '{"name":"Ann"}',
    });
    expect(doc.markdown.startsWith('# Birds of the Coast\n')).toBe(true);
    expect(doc.markdown).not.toContain('draft:');
  });

  it('finds ATX and setext headings, but none inside fenced code', async () => {
    const doc = await fixtures.convert('guide.md');
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'Birds of the Coast'],
      [2, 'Gulls'],
      [2, 'Terns and Skuas'],
      [3, 'Arctic Terns'],
    ]);
    const [all, gulls, terns, arctic] = sectionTexts(doc);
    expect(all).toBe(doc.markdown);
    expect(gulls).toMatch(/^## Gulls\n[\s\S]*# not a heading[\s\S]*```\n\n$/);
    expect(terns).toMatch(/^Terns and \[Skuas\][\s\S]*Long-distance flyers\.\n$/);
    expect(arctic).toBe('### **Arctic** `Terns`\n\nLong-distance flyers.\n');
  });

  it('takes the first H1, else the file stem, as the title', async () => {
    expect((await convertText('intro\n\n# The Title\n\n## Part\n', 'notes.md')).title).toBe('The Title');
    expect((await convertText('## Only a part\n\ntext\n', 'my notes.md')).title).toBe('my notes');
  });

  it('strips a BOM and normalises CRLF, so offsets and headings still line up', async () => {
    const doc = await fixtures.convert('bom-crlf.md');
    expect(doc.markdown.startsWith('# Windows Notes\n')).toBe(true);
    expect(doc.markdown).not.toContain('\r');
    expect(doc.sections.map((s) => doc.markdown.slice(s.start, s.start + 15))).toEqual(['# Windows Notes', '## Line Endings']);
  });

  it('keeps a frontmatter block that is not a YAML mapping as text', async () => {
    const doc = await convertText('---\n- just\n- a list\n---\n\n# Heading\n', 'list.md');
    expect(doc.metadata).toEqual({});
    expect(doc.markdown.startsWith('---\n- just')).toBe(true);
  });
});

describe('plain text and AsciiDoc', () => {
  it('turns setext-underlined titles into headings and keeps paragraphs', async () => {
    const doc = await fixtures.convert('notes.txt');
    expect(doc.title).toBe('Release Notes');
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'Release Notes'],
      [2, 'Changes'],
    ]);
    expect(doc.markdown).toContain('This release fixes bugs.\nIt also adds features.');
    // A dashed line that never closes is neither a heading underline nor a listing block.
    expect(doc.markdown).toContain('----------\nA line of dashes that never closes is just text.');
  });

  it('converts AsciiDoc titles, listing blocks and comments', async () => {
    const doc = await fixtures.convert('manual.adoc');
    expect(doc.title).toBe('The kb Manual');
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'The kb Manual'],
      [2, 'Installing'],
      [3, 'On Linux'],
      [2, 'Using'],
    ]);
    expect(doc.markdown).toContain('```shell\n# this comment is code, not a heading\nnpm install -g kb\n```');
    expect(doc.markdown).toContain('```\nliteral   block\n```');
    expect(doc.markdown).not.toContain('comment block');
    expect(doc.markdown).not.toContain('[source');
  });

  it('replaces AsciiDoc attribute references, its own and the usual character ones, and drops attribute entries', async () => {
    const text = [
      'git-credential-cache{litdd}daemon(1)',
      '=====================================',
      ':sectanchors:',
      ':lore: https://lore.kernel.org/git/',
      ':maintainer: footnote:[The current maintainer: gitster@pobox.com]',
      '',
      'Send it to the maintainer{maintainer}; see the {lore}[archive].',
      'Lines beginning with "{plus}" add content; master{tilde}5 is a commit.',
      'A reference kb does not know stays: @{u}, {yesterday}.',
      '',
      '----',
      'git log {litdd} path',
      '----',
      '',
    ].join('\n');
    const doc = await convertText(text, 'git-credential-cache--daemon.txt');
    expect(doc.title).toBe('git-credential-cache--daemon(1)');
    expect(doc.markdown).toContain('Send it to the maintainer (The current maintainer: gitster@pobox.com); see the [archive](https://lore.kernel.org/git/).');
    expect(doc.markdown).toContain('Lines beginning with "+" add content; master~5 is a commit.');
    expect(doc.markdown).toContain('A reference kb does not know stays: @{u}, {yesterday}.');
    // A listing block is shown as written, as AsciiDoc shows it.
    expect(doc.markdown).toContain('```\ngit log {litdd} path\n```');
    expect(doc.markdown).not.toContain(':sectanchors:');
    expect(doc.markdown).not.toContain(':lore:');
    // In the body, a line like an entry that nothing refers to is text.
    const notes = await convertText('Notes\n=====\n\nThe helper:\n\n:returns: the count\n', 'notes.txt');
    expect(notes.markdown).toContain(':returns: the count');
  });

  it("reads AsciiDoc's list continuation (a lone +) as the paragraph break it is", async () => {
    const text = 'Options\n=======\n\n--follow::\n\tContinue listing the history of a file beyond renames.\n+\nThis works only for a single file.\n';
    const doc = await convertText(text, 'options.txt');
    expect(doc.markdown).toContain('**--follow**: Continue listing the history of a file beyond renames.\n\nThis works only for a single file.');
    expect(doc.markdown).not.toMatch(/^\+$/m);
  });

  it("reads an AsciiDoc labelled list's indented description as text, not as an indented code block", async () => {
    // Seen in Git's manual pages: after "term::" and a blank line, the tab-indented description
    // became a Markdown code block (Obsidian showed it as code, and no sentence of it was read).
    const text = [
      'EXAMPLES',
      '--------',
      '`git log --no-merges`::',
      '',
      '\tShow the whole commit history, but skip any merges',
      '',
      '`git log --since="2 weeks ago" -- gitk`::',
      '',
      "\tShow the changes during the last two weeks to the file 'gitk'.",
      '\tThe `--` is necessary to avoid confusion.',
      '',
      '--follow::',
      '\tContinue listing the history of a file beyond renames.',
      '+',
      '\tgit log --follow -- path/to/file',
      '',
      'An indented paragraph outside a list is literal:',
      '',
      '\tliteral text',
      '',
    ].join('\n');
    const doc = await convertText(text, 'log-examples.txt');
    expect(doc.markdown).toContain('**`git log --no-merges`**: Show the whole commit history, but skip any merges\n');
    expect(doc.markdown).toContain("`**: Show the changes during the last two weeks to the file 'gitk'.\nThe `--` is necessary to avoid confusion.\n");
    // What a lone + attaches indented is literal in AsciiDoc, and so is an indented paragraph outside a list.
    expect(doc.markdown).toContain('**--follow**: Continue listing the history of a file beyond renames.\n\n\tgit log --follow -- path/to/file\n');
    expect(doc.markdown).toContain('is literal:\n\n\tliteral text');
  });

  it("shows a labelled list's terms in bold before their definition, the terms of one entry on one line", async () => {
    // Seen in Git's manual pages: Markdown ran the terms into the description ("-l:: --local::
    // When the repository …"), so no sentence of it read alone, and the page read poorly.
    const text = ['linkgit:git-add[1]::', '\tAdd file contents to the index.', '', '-l::', '--local::', '\tWhen the repository is local, files are hardlinked.', ''].join('\n');
    const doc = await convertText(text, 'git-cmds.txt');
    expect(doc.markdown).toBe('**git-add(1)**: Add file contents to the index.\n\n**-l**, **--local**: When the repository is local, files are hardlinked.\n');
    // An entry that opens with an attached block keeps its terms on a line of their own.
    expect((await convertText('--batch::\n+\n----\ncat <file>\n----\n', 'cat.txt')).markdown).toBe('**--batch**\n\n```\ncat <file>\n```\n');
  });

  it("shows AsciiDoc's ``double quotes'' as the curly quotes they are", async () => {
    // Seen in Git's manual pages: ``main branch'' left as written, which Markdown reads as an unclosed code span.
    const doc = await convertText("= Notes\n\nShows the history from the ``main branch'' perspective, as a ``dry run''.\n\n----\nkeep ``this'' as written\n----\n", 'notes.txt');
    expect(doc.markdown).toContain('Shows the history from the “main branch” perspective, as a “dry run”.');
    expect(doc.markdown).toContain("keep ``this'' as written");
  });

  it("drops AsciiDoc's -- open-block lines, which Markdown would read as a heading's underline", async () => {
    // Seen in Git's manual pages: "… without issuing `flush`.\n--" made the paragraph above a heading in Obsidian.
    const doc = await convertText('= git-cat-file(1)\n\n--batch-command::\n+\n--\nRead commands from stdin.\nCommands are flushed each time without issuing `flush`.\n--\n+\nMore text.\n', 'git-cat-file.txt');
    expect(doc.markdown).not.toMatch(/^--$/m);
    expect(doc.markdown).toContain('Commands are flushed each time without issuing `flush`.\n\n');
    expect(sectionsFromMarkdown(doc.markdown).map((s) => s.title)).toEqual(['git-cat-file(1)']);
    // In plain text such a line under a long one is shown as written, not as an underline.
    const notes = await convertText('Notes\n\nBring milk and eggs and the bags from the car.\n--\nAna\n', 'notes.txt');
    expect(notes.markdown).toContain('Bring milk and eggs and the bags from the car.\n\\--\nAna');
    expect(sectionsFromMarkdown(notes.markdown)).toEqual([]);
  });

  it('drops AsciiDoc single-line comments, and keeps // lines of plain text', async () => {
    const adoc = await convertText('// Please keep this comment.\nifndef::git-diff[]\n:git-diff: 1\nendif::git-diff[]\n\nThe diff options.\n', 'diff-options.txt');
    expect(adoc.markdown).not.toContain('Please keep this comment');
    expect(adoc.markdown).toContain('The diff options.');
    const notes = await convertText('Shopping\n\n// bring the bags\nmilk and eggs\n', 'notes.txt');
    expect(notes.markdown).toContain('// bring the bags');
  });

  it('keeps <placeholders> of text as text, not HTML tags that Markdown would hide', async () => {
    const text = 'Rewrites the branches named in the <rev-list options>, see <https://git-scm.com/>.\nRun `git log <path>` or <b>bold</b>.\n\n----\ngit filter-branch <options>\n----\n';
    const doc = await convertText(text, 'filter-branch.txt');
    expect(doc.markdown).toContain('Rewrites the branches named in the \\<rev-list options>, see <https://git-scm.com/>.');
    // Inside code the < is literal already; a listing block is shown as written.
    expect(doc.markdown).toContain('Run `git log <path>` or \\<b>bold\\</b>.');
    expect(doc.markdown).toContain('```\ngit filter-branch <options>\n```');
    // An indented line after a blank one is a Markdown code block: < stays; a labelled list's description is text.
    const indented = await convertText('-v::\n\tReport <count> objects.\n\n\tgit count-objects <dir>\n', 'count.txt');
    expect(indented.markdown).toBe('**-v**: Report \\<count> objects.\n\n\tgit count-objects <dir>\n');
  });

  // Git's manual pages showed their markup in the wiki: "see linkgit:git-worktree[1]", "\[\[FILES]]"
  // over a section, "Search Theory <<9>>:", a URL followed by its text in brackets.
  it('renders AsciiDoc man page references, cross references, anchors and URL macros as the manual shows them', async () => {
    const text = [
      'git-bisect(1)',
      '=============',
      '',
      'Works with linkgit:git-worktree[1] and linkgit:gitrevisions[7]; see <<FILES>>, <<CFI,Conflicted file info>> and <<Remap_to_ancestor>>.',
      'There is a project that does this using Bayesian Search Theory <<9>>.',
      'Read the https://lore.kernel.org/git/[mailing list archive^] or https://git-scm.com/[], or link:https://en.wikipedia.org/wiki/Bisection_(software_engineering)[bisection].',
      'See link:git-bisect-lk2009.html[Fighting regressions with git bisect] and link:user-manual.html#branches[].',
      'Run `cat <<EOF` and `linkgit:x[1]` as written.',
      '',
      '[[FILES]]',
      'FILES',
      '-----',
      '',
      '- [[[9]]] Ben Rothman, \'Bayesian search theory\'.',
      '',
      '----',
      'see linkgit:git-log[1] <<9>>',
      '----',
      '',
    ].join('\n');
    const doc = await convertText(text, 'git-bisect.txt');
    expect(doc.markdown).toContain('Works with git-worktree(1) and gitrevisions(7); see FILES, Conflicted file info and Remap to ancestor.');
    expect(doc.markdown).toContain('using Bayesian Search Theory [9].');
    expect(doc.markdown).toContain(
      'Read the [mailing list archive](https://lore.kernel.org/git/) or https://git-scm.com/, or [bisection](https://en.wikipedia.org/wiki/Bisection_%28software_engineering%29).',
    );
    expect(doc.markdown).toContain('See Fighting regressions with git bisect and user-manual.html#branches.');
    expect(doc.markdown).toContain('Run `cat <<EOF` and `linkgit:x[1]` as written.');
    expect(doc.markdown).not.toContain('[[FILES]]');
    expect(doc.markdown).toContain("- [9] Ben Rothman, 'Bayesian search theory'.");
    expect(doc.sections.map((s) => s.title)).toEqual(['git-bisect(1)', 'FILES']);
    // A listing block is shown as written.
    expect(doc.markdown).toContain('```\nsee linkgit:git-log[1] <<9>>\n```');
  });

  // Git's diff-options.txt showed "ifndef::git-format-patch[]" lines and every command's variant
  // of a sentence one after the other; git-log.txt showed ":git-log: 1" and "include::…[]".
  it('applies AsciiDoc conditionals and drops include directives and the entries beside them', async () => {
    const text = [
      'OPTIONS',
      '-------',
      'ifndef::git-format-patch[]',
      'ifndef::git-log[]',
      ':git-diff-core: 1',
      'endif::git-log[]',
      'endif::git-format-patch[]',
      '',
      'ifdef::git-format-patch[]',
      '-p::',
      '\tGenerate plain patches without any diffstats.',
      'endif::git-format-patch[]',
      'ifndef::git-format-patch[]',
      '-p::',
      '\tGenerate patch.',
      'ifdef::git-diff-core[]',
      '\tThis is the default for the core commands.',
      'endif::git-diff-core[]',
      'endif::git-format-patch[]',
      'Shown ifdef::git-diff-core[] in text stays.',
      'ifdef::git-diff-core,git-log[Either is set.]',
      'ifdef::git-diff-core+git-log[Both are set.]',
      'ifeval::["{backend}" == "manpage"]',
      'Kept: kb cannot tell.',
      'endif::[]',
      '',
      ':git-log: 1',
      'include::diff-options.txt[]',
      '',
      ':git-diff-core!:',
      'ifdef::git-diff-core[Gone again.]',
    ].join('\n');
    const doc = await convertText(text, 'diff-options.txt');
    expect(doc.markdown).toBe(
      [
        '## OPTIONS',
        '',
        '**-p**: Generate patch.',
        'This is the default for the core commands.',
        'Shown ifdef::git-diff-core[] in text stays.',
        'Either is set.',
        'Kept: kb cannot tell.',
        '',
        '',
      ].join('\n'),
    );
  });

  it("takes the author from the AsciiDoc header's :author: entry", async () => {
    const text = 'Fighting regressions\n====================\n:Author: Christian Couder\n:Email: chriscool@example.org\n\nAbstract\n--------\n\nThis paper is about bisecting.\n';
    expect((await convertText(text, 'bisect-talk.txt')).metadata).toEqual({ author: 'Christian Couder' });
    // Only in the header: an entry further down is the text's business.
    expect((await convertText('Notes\n=====\n\nSome text.\n\n:author: Someone Else\n', 'notes.txt')).metadata).toEqual({});
  });

  it("keeps a verse paragraph's lines (a man page's synopsis), with hard breaks", async () => {
    const text = "git-add(1)\n==========\n\nSYNOPSIS\n--------\n[verse]\n'git add' [--verbose | -v] [--dry-run | -n]\n\t  [--edit | -e] [--] [<pathspec>...]\n\nDESCRIPTION\n-----------\nThis command updates the index.\n";
    const doc = await convertText(text, 'git-add.txt');
    expect(doc.markdown).toContain("## SYNOPSIS\n'git add' [--verbose | -v] [--dry-run | -n]  \n[--edit | -e] [--] [\\<pathspec>...]\n\n## DESCRIPTION");
    expect(doc.markdown).not.toContain('[verse]');
  });

  it('takes a heading of any level that opens the text as its title', async () => {
    const doc = await convertText('DATE FORMATS\n------------\n\nThe `GIT_AUTHOR_DATE` variable.\n', 'git-date-formats.txt');
    expect(doc.title).toBe('DATE FORMATS');
    expect((await convertText('Some intro.\n\nLater\n-----\n\ntext\n', 'notes.txt')).title).toBe('notes');
  });

  it('falls back to the file stem when there is no title', async () => {
    const doc = await convertText('just some words\non two lines\n', 'scratch.text');
    expect(doc).toMatchObject({ title: 'scratch', sections: [], markdown: 'just some words\non two lines\n' });
  });
});

describe('HTML', () => {
  it('keeps the main content and drops scripts, styles, navigation and page chrome', async () => {
    const doc = await fixtures.convert('page.html');
    expect(doc.title).toBe('Tide Tables');
    for (const dropped of ['trackingSecret', 'more tracking', 'color: red', 'Home Link', 'Site Banner', 'Footer Text', 'Related Aside', 'Search Button']) {
      expect(doc.markdown).not.toContain(dropped);
    }
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'Tide Tables'],
      [2, 'High Water'],
      [2, 'Code'],
    ]);
  });

  it('writes tables as GFM tables and code as fenced blocks', async () => {
    const { markdown } = await fixtures.convert('page.html');
    expect(markdown).toContain('| Port | Time |\n| --- | --- |\n| Brest | 06:12 |\n| Cherbourg \\| Nord | `07:40` |');
    expect(markdown).toContain('```js\nconst tide = high();\n// # not a heading\n```');
  });

  it('keeps absolute links and reduces relative ones to their text', async () => {
    const { markdown } = await fixtures.convert('page.html');
    expect(markdown).toContain('[moon](https://example.org/moon)');
    expect(markdown).toContain('and other pages.');
    expect(markdown).not.toContain('other.html');
  });

  it('reads fragments without <html> or <body> and keeps identifiers unescaped', async () => {
    const doc = await convertText('<h2>Setup</h2><p>Set <b>work_mem</b> and snake_case_names.</p>', 'frag.htm');
    expect(doc.markdown).toBe('## Setup\n\nSet **work_mem** and snake_case_names.');
    expect(doc.title).toBe('frag');
  });

  it('titles a page by its <h1> when the <title> is the <h1> plus the site name', async () => {
    const page = (title: string, h1: string) => convertText(`<title>${title}</title><h1>${h1}</h1><p>text</p>`, 'p.html');
    expect((await page('Logical Operators - PostgreSQL 17 Documentation', 'Logical Operators')).title).toBe('Logical Operators');
    expect((await page('Tides | Harbour Office | Brest', 'Tides')).title).toBe('Tides');
    expect((await page('Read-Write Locks - Design Notes', 'Read-Write Locks')).title).toBe('Read-Write Locks');
    // The <h1> is not the rest of the <title>: the <title> stands.
    expect((await page('Tide Tables - Brest', 'Tides')).title).toBe('Tide Tables - Brest');
  });

  it('honours a legacy charset declared in a meta tag', async () => {
    const bytes = Buffer.from('<meta charset="windows-1252"><title>Caf\xe9</title><p>cr\xe8me</p>', 'latin1');
    const doc = await convertText(bytes, 'old.html');
    expect(doc.title).toBe('Café');
    expect(doc.markdown).toBe('crème');
  });
});

describe('DOCX', () => {
  it('tells a password-protected document (an OLE file, as Office encrypts it) from a corrupt one', async () => {
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(convertDocument(ole, { fileName: 'locked.docx', ext: '.docx' })).rejects.toThrow(/^encrypted DOCX \(password protected\)/);
  });

  it('takes the title from the core properties, else from the first heading', async () => {
    const body = await buildDocx([{ heading: 1, text: 'Draft Heading' }, { paragraph: 'Text.' }]);
    const zip = await JSZip.loadAsync(body);
    zip.file('docProps/core.xml', '<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Harbour &amp; Tide Plan</dc:title></cp:coreProperties>');
    const withCore = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect((await convertText(withCore, 'plan.docx')).title).toBe('Harbour & Tide Plan');
    expect((await convertText(body, 'plan.docx')).title).toBe('Draft Heading');
  });

  it('converts headings, paragraphs and tables', async () => {
    const doc = await fixtures.convert('report.docx');
    expect(doc.title).toBe('Quarterly Report');
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'Quarterly Report'],
      [1, 'Revenue'],
      [2, 'By Region'],
      [1, 'Outlook'],
    ]);
    expect(doc.markdown).toContain('Prepared for the board. **Confidential.**');
    expect(doc.markdown).toContain('| Region | Growth |\n| --- | --- |\n| North | 10% |\n| South | 14% |');
  });
});

describe('CSV', () => {
  it('handles quoted fields with commas, newlines, quotes and pipes', async () => {
    const doc = await fixtures.convert('people.csv');
    expect(doc.title).toBe('people');
    expect(doc.markdown).toBe(
      [
        '| name | quote | city |',
        '| --- | --- | --- |',
        '| Smith, Jane | She said "hi" | Paris |',
        '| Bob | Line one<br>Line two | Berlin |',
        '| Carla | plain \\| pipe | Rome |',
        '| Dan |  |  |',
        '',
      ].join('\n'),
    );
    expect(doc.metadata).toEqual({ rows: '4', columns: '3' });
  });

  it('sniffs semicolons, pads ragged rows and names missing headers', async () => {
    const doc = await convertText('a;b\n1;2;3\n4\n', 'eu.csv');
    expect(doc.markdown).toBe('| a | b | column 3 |\n| --- | --- | --- |\n| 1 | 2 | 3 |\n| 4 |  |  |\n');
  });

  it('reads a BOM, CRLF lines, tabs and a quote inside an unquoted field as a spreadsheet writes them', async () => {
    const doc = await convertText('\ufeffsize\tnote\r\n12"\t"a\tb"\r\n', 'sizes.tsv.csv');
    expect(doc.markdown).toBe('| size | note |\n| --- | --- |\n| 12" | a\tb |\n');
  });

  it('fails on a quoted field that never closes', async () => {
    await expect(convertText('a,b\n1,"open\n2,3\n', 'bad.csv')).rejects.toThrow('malformed CSV: the quoted field opened on line 2 never closes');
  });
});

describe('files that cannot be converted', () => {
  it.each(Object.entries(FIXTURE_FAILURES))('%s fails with a one-line reason', async (name, reason) => {
    const failure = await fixtures.convert(name as FixtureName).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConversionError);
    const message = (failure as ConversionError).message;
    expect(message).not.toContain('\n');
    if (typeof reason === 'string') expect(message).toBe(reason);
    else expect(message).toMatch(reason);
  });

  it('reports where invalid UTF-8 starts, for each kind of bad sequence', () => {
    const cases: [number[], number][] = [
      [[0x61, 0x80], 1], // stray continuation byte
      [[0x61, 0x62, 0xc3, 0x28], 2], // lead byte without its continuation
      [[0xc0, 0xaf], 0], // overlong
      [[0x61, 0xed, 0xa0, 0x80], 1], // UTF-16 surrogate
      [[0x61, 0x62, 0x63, 0xe2, 0x82], 3], // truncated at the end
    ];
    for (const [bytes, at] of cases) expect(firstInvalidUtf8Byte(new Uint8Array(bytes))).toBe(at);
  });

  it('treats a whitespace-only file as empty and a page without text as having none', async () => {
    await expect(convertText(' \n\t\n', 'blank.md')).rejects.toThrow('empty file');
    await expect(convertText('<html><body><script>x()</script></body></html>', 'blank.html')).rejects.toThrow('no text content');
  });
});

describe('converterFor', () => {
  it('knows every supported extension in any case, and nothing else', () => {
    expect(SUPPORTED_EXTENSIONS).toEqual(['.md', '.markdown', '.txt', '.text', '.rst', '.adoc', '.asciidoc', '.html', '.htm', '.xhtml', '.docx', '.csv', '.pdf', '.json', '.yaml', '.yml', '.toml', '.ini', '.xml', '.epub', '.xlsx', '.pptx', '.odt', '.ods', '.odp', '.rtf', '.png', '.jpg', '.jpeg', '.tif', '.tiff']);
    for (const ext of SUPPORTED_EXTENSIONS) expect(converterFor(ext.toUpperCase())).toBeTypeOf('function');
    expect(converterFor('.exe')).toBeUndefined();
    expect(converterFor('')).toBeUndefined();
  });

  it('rejects an unsupported extension as a conversion failure', async () => {
    await expect(convertText('x', 'program.exe')).rejects.toThrow('unsupported file type ".exe"');
  });
});
