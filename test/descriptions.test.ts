import { describe, expect, it } from 'vitest';
import { tagUnits } from '../src/analyze/collect-candidates.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';
import { standaloneFault } from '../src/analyze/sentence-check.js';
import { summarize, type SummarySection } from '../src/analyze/summarize.js';
import { sectionsFromMarkdown } from '../src/prepare/converters/sections-from-markdown.js';

function summaryOf(markdown: string, title = 'Doc') {
  const tagged = tagUnits(markdownTextUnits({ title, markdown }));
  const sections: SummarySection[] = sectionsFromMarkdown(markdown);
  return summarize({ title, markdown, sections, long: false, tagged });
}

// Descriptions of documents that have no ordinary sentence to quote (issue 17, item 3): each is
// a sentence of its own or composed from what the document holds, never just its title.
describe('descriptions', () => {
  it('takes a sentence opening with a code name as a sentence start, and shows the name as code', () => {
    expect(standaloneFault('`array_agg` returns an array of the input values, nulls included.')).toBeUndefined();
    expect(standaloneFault('`git merge-one-file` resolves a merge after the trivial merge.')).toBeUndefined();
    expect(standaloneFault('`dict_xsyn` (Extended Synonym Dictionary) is an example of a dictionary template.')).toBeUndefined();
    // Code that is no name, or a name not followed by a word, does not start a sentence.
    expect(standaloneFault('`x = 1; y = 2` sets two variables of the program in one go.')).toBe('start');
    expect(standaloneFault('`pg_dump`. Then the rest of the options follow in this list.')).toBe('start');
    expect(standaloneFault('array_agg returns an array of the input values, nulls included.')).toBe('start');
    // A parameter list's entry is no sentence: type in brackets then a dash, a capital, or an article and no verb.
    expect(standaloneFault('`code` (string, required) - The warning code, accessible through error.code.')).toBe('start');
    expect(standaloneFault('`section` A string which will be the first section in the encoded data.')).toBe('start');
    expect(standaloneFault('`parse` an option to change the data format passed to the build function.')).toBe('start');
    const page = [
      '## pg_waldump',
      'pg_waldump — display a human-readable rendering of the write-ahead log of a database cluster',
      '## Description',
      '`pg_waldump` displays the write-ahead log (WAL) and is mainly useful for debugging or educational purposes.',
      '## Options',
      '_`startseg`_',
      'Start reading at the specified log segment file of the cluster.',
    ].join('\n\n');
    expect(summaryOf(page, 'pg_waldump').description).toBe('`pg_waldump` displays the write-ahead log (WAL) and is mainly useful for debugging or educational purposes.');
  });

  it('lets the first sentence of a document say "This is …": there is no sentence before it to point back to', () => {
    const readme = '# `@napi-rs/canvas-linux-x64-gnu`\n\nThis is the **x86_64-unknown-linux-gnu** binary for `@napi-rs/canvas`\n';
    expect(summaryOf(readme, '@napi-rs/canvas-linux-x64-gnu').description).toBe('This is the x86_64-unknown-linux-gnu binary for @napi-rs/canvas.');
    // Later in the text "This is …" still needs the sentence before it.
    const later = '# Pool\n\nThe pool keeps idle connections open between requests.\n\nThis is why the first query after a restart takes longer than the others.';
    expect(summaryOf(later).description).toBe('The pool keeps idle connections open between requests.');
  });

  it('leaves an address that ends a sentence out of it, and ends a sentence on a code name with a stop', () => {
    const page = '## Getting the Source\n\nThe source code for released versions can be obtained from the download section of our website: [https://example.org/ftp/source/](https://example.org/ftp/source/). Download the file, then unpack it.';
    expect(summaryOf(page).description).toBe('The source code for released versions can be obtained from the download section of our website.');
    expect(summaryOf('Abstract This package defines the alltt environment, which is like the verbatim environment.').description).toBe('This package defines the alltt environment, which is like the verbatim environment.');
    expect(summaryOf('Like `chown -R`.\n\nTakes the same arguments as `fs.chown()`\n', 'chownr').description).toBe('Takes the same arguments as fs.chown().');
  });

  it("prefers the author's tagline under the title to a sentence ranked from the text, unless the text defines the thing by name", () => {
    const readme = '# ini\n\n[![Build](https://example.org/b.svg)](https://example.org)\n\nAn ini format parser and serializer for node.\n\nSections are treated as nested objects. Items before the first heading are saved on the object directly.\n';
    expect(summaryOf(readme, 'ini').description).toBe('An ini format parser and serializer for node.');
    const defined = '# assertion-error\n\nError constructor for test and validation frameworks.\n\nAssertion Error is a module that contains two classes for errors raised by failed checks.\n';
    expect(summaryOf(defined, 'assertion-error').description).toBe('Assertion Error is a module that contains two classes for errors raised by failed checks.');
    // A byline or an issue line is no tagline: its author put no full stop after it.
    expect(summaryOf('Frank Mittelbach and the LaTeX Project Team\n\nThe kernel now loads the new hook management code by default.\n').description).toBe('The kernel now loads the new hook management code by default.');
    // A labelled field is no tagline either.
    expect(summaryOf('# Team meeting, 3 March\n\nAttendees: Amara Okafor, Lukas Brandt, Mei Chen.\n\n## Decisions\n\nThe team agreed to move the weekly backup job to Saturday night.\n').description).toBe('The team agreed to move the weekly backup job to Saturday night.');
    // An instruction is no tagline.
    expect(summaryOf('# safe-buffer\n\n**Use the new Node.js Buffer APIs in all versions of Node.js.**\n\n## usage\n\nThe goal of this package is to provide a safe replacement for the node.js Buffer.\n', 'safe-buffer').description).toBe('The goal of this package is to provide a safe replacement for the node.js Buffer.');
    // A line under a section heading is that section's, not the document's tagline.
    expect(summaryOf('# pdf-parse\n\n## Install\n\n```\nnpm i pdf-parse\n```\n\n## Features\n\nCJS, ESM, Node.js, and browser support.\n\nIt can be integrated with React, Vue, Angular, or any other web framework.\n', 'pdf-parse').description).not.toBe('CJS, ESM, Node.js, and browser support.');
    // With no sentence at all, a short tagline is what the document says of itself.
    expect(summaryOf('Deep Extend\n===========\n\nRecursive object extending.\n\nInstall\n-------\n\n```bash\n$ npm install deep-extend\n```\n', 'Deep Extend').description).toBe('Recursive object extending.');
  });

  it("reads a README's opening as its author wrote it: the name in lower case, after a language bar, a sponsor appeal or a banner", () => {
    // Seen in corpus/md: pump's "pump is a small node module …" lost to a later sentence (no capital start),
    // nanoid's description was the quote under its language bar, tinybench's its author's appeal above the title.
    const pump = '# pump\n\npump is a small node module that pipes streams together and destroys all of them if one of them closes.\n\n```\nnpm install pump\n```\n\n## What problem does it solve?\n\nWhen using standard `source.pipe(dest)` source will not be destroyed if dest emits close or an error.\n';
    expect(summaryOf(pump, 'pump').description).toBe('`pump` is a small node module that pipes streams together and destroys all of them if one of them closes.');
    const bold = '# bl *(BufferList)*\n\n**bl** is a storage object for collections of Node Buffers, exposing them with the main Buffer readable API.\n\nNote that when you use the callback method like this, the resulting data parameter is a concatenation.\n';
    expect(summaryOf(bold, 'bl (BufferList)').description).toBe('`bl` is a storage object for collections of Node Buffers, exposing them with the main Buffer readable API.');
    const languages = '# Nano ID\n\n**English** | [Русский](./README.ru.md) | [简体中文](./README.zh-CN.md) | [Bahasa Indonesia](./README.id-ID.md)\n\nA tiny, secure, URL-friendly, unique string ID generator for JavaScript.\n\n> “An amazing level of senseless perfectionism, which is simply impossible not to respect.”\n\n* **Small.** 130 bytes (minified and gzipped). No dependencies.\n';
    expect(summaryOf(languages, 'Nano ID').description).toBe('A tiny, secure, URL-friendly, unique string ID generator for JavaScript.');
    const appeal = "_I'm transitioning to a full-time open source career. Your support would be greatly appreciated 🙌_\n\n# Tinybench 🔎\n\nA simple, tiny and light-weight benchmarking library for JavaScript runtimes.\n\nYou can run your benchmarks in multiple JavaScript runtimes, and Tinybench is based on the Web APIs.\n";
    expect(summaryOf(appeal, 'Tinybench 🔎').description).toBe('A simple, tiny and light-weight benchmarking library for JavaScript runtimes.');
    const sponsor = '# `skr canvas`\n\n> 🚀 Help me to become a full-time open-source developer by [sponsoring me on Github](https://github.com/sponsors/x)\n\nGoogle Skia binding to Node.js via [Node-API](https://napi.rs), **0 System dependencies!**\n\nFor details on planned features and future direction please refer to the [Roadmap](https://example.org/roadmap).\n';
    expect(summaryOf(sponsor, 'skr canvas').description).toBe('Google Skia binding to Node.js via Node-API, 0 System dependencies!');
    // The commercial-support notice of many npm READMEs is no key point.
    const notice = pump + '\n## For enterprise\n\nThe maintainers of pump and thousands of other packages are working with Tidelift to deliver commercial support and maintenance for the open source dependencies you use.\n';
    expect(summaryOf(notice, 'pump').keyPoints.join(' ')).not.toContain('Tidelift');
    // A sentence that only starts with a word of the title's spelling is left as written.
    expect(summaryOf('# once\n\nonce you call it, the function is spent and every later call returns the first result.\n', 'once').description).not.toContain('`once`');
  });

  it("takes a README's short one-line opening under its name when no sentence says what the package is", () => {
    // Seen in corpus/md: once's description was 'To check whether you function has been called, use fn.called.'
    // under its opening 'Only call a function once.' (shorter than a standalone sentence must be).
    const once = '# once\n\nOnly call a function once.\n\n## usage\n\n```javascript\nvar once = require(\'once\')\n```\n\nTo check whether you function has been called, use `fn.called`.\n\nOnce can also be added to the Function prototype in a responsible way.\n';
    expect(summaryOf(once, 'once').description).toBe('Only call a function once.');
    const transport = '# hive-transport\n\nWrite hive transports easily.\n\n## Usage\n\nIf opts.transform is true, the transport will wrap the stream and the returned stream using duplexify.\n';
    expect(summaryOf(transport, 'hive-transport').description).toBe('Write hive transports easily.');
    const types = '# hive-types\n\nCompile-time tests for hives. Useful to make sure hive types do not regress into being overly permissive as changes go in.\n';
    expect(summaryOf(types, 'hive-types').description).toBe('Compile-time tests for hives.');
    // A sentence that says what the package is still wins, and a title that is words, not a name, keeps its ranked sentence.
    const said = '# hive-ledger\n\nKeep your hive records.\n\n## About\n\nThe hive-ledger module stores every inspection of the co-op in one file per hive.\n';
    expect(summaryOf(said, 'hive-ledger').description).toBe('The hive-ledger module stores every inspection of the co-op in one file per hive.');
    // An opening that asks the reader to imagine or look says nothing of what the package does.
    const story = '# hive-string\n\nSuppose you have records.\n\n## Usage\n\nYou can replace a few characters here and there and generate a source map at the end of it.\n';
    expect(summaryOf(story, 'hive-string').description).not.toBe('Suppose you have records.');
    const meeting = '# Team meeting\n\nRead the minutes first.\n\n## Decisions\n\nThe team agreed to move the weekly backup job to Saturday night.\n';
    expect(summaryOf(meeting, 'Team meeting').description).toBe('The team agreed to move the weekly backup job to Saturday night.');
  });

  it("takes a README's tagline under its name in the shapes seen: the name repeated above it, no full stop, an adverb first", () => {
    // Seen in corpus/md: picomatch's line under its name repeated as a paragraph ("Picomatch");
    // pathe's "> Universal filesystem path utils" and fdir's heading line without a full stop;
    // pino's "Very low overhead JavaScript logger." (an adverb first).
    const repeated = '# hivematch\n\nHivematch\n\nBlazing fast and accurate hive matcher written in JavaScript.\n\nNo dependencies and full support for standard hive features, including frames and supers.\n';
    expect(summaryOf(repeated, 'hivematch').description).toBe('Blazing fast and accurate hive matcher written in JavaScript.');
    const noStop = '# hivepath\n\n> Universal hive path utils\n\n## Why\n\nFor historical reasons, windows followed MS-DOS and used backslash for separating hive paths.\n';
    expect(summaryOf(noStop, 'hivepath').description).toBe('Universal hive path utils.');
    const adverb = '# hivelog\n\nVery low overhead JavaScript hive logger.\n\n## Runtimes\n\nHivelog is built to run on Node.js.\n';
    expect(summaryOf(adverb, 'hivelog').description).toBe('Very low overhead JavaScript hive logger.');
    // A tagline set in bold under the name (pdf-parse's) is prose, not a caption.
    const bold = '# hive-parse\n**Pure TypeScript, cross-platform module for extracting frames from hive logs.**  \n**Run it directly in your browser or in Node!**\n\n## Features\n\nCan be integrated with React, Vue, Angular, or any other web framework.\n';
    expect(summaryOf(bold, 'hive-parse').description).toBe('Pure TypeScript, cross-platform module for extracting frames from hive logs.');
    // An instruction whose verb the tagger takes for a noun ("Encode/decode the …"), and a setext title over "===".
    const codec = '# hive-codec\n\nEncode/decode the frames property of a hive log.\n\n## Why?\n\nHive logs are difficult to generate and manipulate, because the frames property is encoded using an obscure method.\n';
    expect(summaryOf(codec, 'hive-codec').description).toBe('Encode/decode the frames property of a hive log.');
    const setext = 'hivever(1) -- The semantic hive versioner\n=========================================\n\nA hive range is a set of comparators that specify hives that satisfy the range.\n';
    expect(tagUnits(markdownTextUnits({ title: 'hivever', markdown: setext })).map((t) => t.unit.kind)).toEqual(['title', 'heading', 'lead']);
    // As the outline reads it: only a one-line paragraph, not a list item, is a setext heading's text.
    const kinds = (markdown: string) => tagUnits(markdownTextUnits({ title: 'hivever', markdown })).map((t) => t.unit.kind);
    expect(kinds('- Every hive keeps its own frames and supers.\n---\n')).not.toContain('heading');
    expect(kinds('Every hive keeps its own frames.\nEach super is counted apart.\n---\n')).not.toContain('heading');
    // Not a greeting, not the authors' names, and not over a sentence that defines the name past an aside.
    const greeting = '# hive-sleep\n\nWelcome to hive-sleep\n\nFor Node, Hive Sleep can provide zero CPU overhead sleep from Node 8 and up.\n';
    expect(summaryOf(greeting, 'hive-sleep').description).toBe('For Node, Hive Sleep can provide zero CPU overhead sleep from Node 8 and up.');
    const byline = '# hivetex\n\nAna Sousa and Leonor Barroca.\n\nThe hivetex package rotates the frames of a hive diagram by any number of degrees.\n';
    expect(summaryOf(byline, 'hivetex').description).toBe('The hivetex package rotates the frames of a hive diagram by any number of degrees.');
    const aside = '# Hive ⚡\n\n> Next Generation Hive Tooling\n\nHive (French word for "swarm", like "heave") is a build tool that aims to provide a faster and leaner beekeeping experience.\n';
    expect(summaryOf(aside, 'Hive ⚡').description).toBe('Hive (French word for "swarm", like "heave") is a build tool that aims to provide a faster and leaner beekeeping experience.');
  });

  it('describes meeting notes by their first decision: the sentence under a heading that sums the document up', () => {
    // The sample meeting notes were described by "Lukas Brandt will update the schedule and the runbook.", a later detail.
    const notes = '# Team meeting notes, 3 March\n\nAttendees: Amara Okafor, Lukas Brandt, Mei Chen.\n\n## Decisions\n\nThe team agreed to move the weekly backup job from Sunday night to Saturday night, so that a failed run can be repeated. Lukas Brandt will update the schedule and the runbook.\n\n## Actions\n\n- Lukas: move the backup schedule and update the runbook.\n- Mei: estimate storage cost for the snapshots.\n';
    expect(summaryOf(notes, 'Team meeting notes, 3 March').description).toBe('The team agreed to move the weekly backup job from Sunday night to Saturday night, so that a failed run can be repeated.');
  });

  it('takes no credit line for a description', () => {
    // Seen in the tuning half's labels: a release note described by "The PostgreSQL Project thanks … for reporting this problem."
    const notes = '# Release 4.2\n\nThe Hive Project thanks Ana Sousa (with the co-op) for reporting this problem.\n\nThe 4.2 release fixes a crash of the ledger when a hive has no frames.\n';
    expect(summaryOf(notes, 'Release 4.2').description).toBe('The 4.2 release fixes a crash of the ledger when a hive has no frames.');
    // A release note speaks of itself as "this release", as a README does of "this package".
    const release = '## Release 4.3\n\n**Release date:** 2026-05-14\n\nThis release contains a variety of fixes from 4.2.\n\n### Migration\n\nA dump/restore is not required for those running 4.X.\n\n### Changes\n\n- Prevent unbounded recursion while reading hive frames (Ana Sousa)\n\n  A malicious client could crash the ledger by sending empty frames indefinitely.\n';
    expect(summaryOf(release, 'Release 4.3').description).toBe('This release contains a variety of fixes from 4.2.');
  });

  it('describes a definition list by what it holds', () => {
    const list = Array.from({ length: 5 }, (_, i) => `linkgit:git-tool${'abcde'[i]}[1]::\n\tDo thing number ${i} to the repository.\n`).join('\n');
    expect(summaryOf(list, 'cmds').description).toBe('A list of 5 manual pages, each with a one-line description: git-toola, git-toolb, git-toolc and 2 more.');
    // The same list as the text converter renders it (asciidoc-inline.ts): "git-toola(1)::".
    const rendered = list.replace(/linkgit:([\w-]+)\[1\]/g, '$1(1)');
    expect(summaryOf(rendered, 'cmds').description).toBe('A list of 5 manual pages, each with a one-line description: git-toola, git-toolb, git-toolc and 2 more.');
    const ids = Array.from({ length: 4 }, (_, i) => `\`bad${'ABCD'[i]}\`::\n\t(ERROR) Something is wrong.\n`).join('\n');
    expect(summaryOf(ids, 'msgids').description).toBe('A list of 4 terms, each with a one-line description: badA, badB, badC and badD.');
    // As the text converter shows a labelled list now: terms in bold before their definition,
    // each a sentence that reads alone, none of which says what the whole list is.
    const bold = Array.from({ length: 5 }, (_, i) => `**git-tool${'abcde'[i]}(1)**: Do thing number ${i} to the repository.\n`).join('\n');
    expect(summaryOf(bold, 'cmds').description).toBe('A list of 5 manual pages, each with a one-line description: git-toola, git-toolb, git-toolc and 2 more.');
  });

  it("makes a reference page's name line a sentence when nothing else describes it", () => {
    const page = "# git-merge-one-file(1)\n\n## NAME\ngit-merge-one-file - The standard helper program to use with git-merge-index\n\n## SYNOPSIS\n[verse]\n'git merge-one-file'\n\n## DESCRIPTION\nThis is the standard helper program to use with 'git merge-index'.\n";
    expect(summaryOf(page, 'git-merge-one-file(1)').description).toBe('`git-merge-one-file` is the standard helper program to use with git-merge-index.');
  });

  it("prefers a man page's name line to a sentence of its option list, not to one that says what the command does", () => {
    const options = "# git-ls-files(1)\n\n## NAME\ngit-ls-files - Show information about files in the index and the working tree\n\n## OPTIONS\n-i::\n\tWhen showing other files, show only those matched by an exclude pattern of the repository.\n";
    expect(summaryOf(options, 'git-ls-files(1)').description).toBe('`git-ls-files` is used to show information about files in the index and the working tree.');
    const described = "# git-annotate(1)\n\n## NAME\ngit-annotate - Annotate file lines with commit information\n\n## DESCRIPTION\nAnnotates each line in the given file with information from the commit which introduced the line.\n";
    expect(summaryOf("# git-bisect(1)\n\n## NAME\ngit-bisect - Use binary search to find the commit that introduced a bug\n", 'git-bisect(1)').description).toBe('`git-bisect` uses binary search to find the commit that introduced a bug.');
    expect(summaryOf(described, 'git-annotate(1)').description).toBe('Annotates each line in the given file with information from the commit which introduced the line.');
    // git-log's description opens with a line too short to stand alone, then speaks of its
    // options (seen once the text converter rendered linkgit:git-rev-list[1], which had kept the sentence out).
    const log = "# git-log(1)\n\n## NAME\ngit-log - Show commit logs\n\n## DESCRIPTION\nShows the commit logs.\n\nThe command takes options applicable to the git-rev-list(1) command to control what is shown and how, and options applicable to the git-diff(1) command.\n";
    expect(summaryOf(log, 'git-log(1)').description).toBe('`git-log` is used to show commit logs.');
  });

  it("makes a name line whose purpose is a noun phrase a sentence, and leaves one that is not", () => {
    const page = (name: string) => `# git-thing(1)\n\n## NAME\ngit-thing - ${name}\n\n## DESCRIPTION\nNOTE: Using this helper will store your passwords unencrypted on disk.\n`;
    expect(summaryOf(page('Helper to store credentials on disk'), 'git-thing(1)').description).toBe('`git-thing` is a helper to store credentials on disk.');
    expect(summaryOf(page('Simple UNIX mbox splitter program'), 'git-thing(1)').description).toBe('`git-thing` is a simple UNIX mbox splitter program.');
    expect(summaryOf(page('Server side implementation of Git over HTTP'), 'git-thing(1)').description).toBe('`git-thing` is a server side implementation of Git over HTTP.');
    // A phrasal verb written as one word, and an adverb before the verb, still say what it does.
    expect(summaryOf(page('Cleanup unnecessary files and optimize the local repository'), 'git-thing(1)').description).toBe('`git-thing` is used to clean up unnecessary files and optimize the local repository.');
    expect(summaryOf(page('Temporarily store user credentials in memory'), 'git-thing(1)').description).toBe('`git-thing` is used to temporarily store user credentials in memory.');
    // Not a noun phrase: plural scriptlets are no "a".
    expect(summaryOf(page('Common Git merge tool shell scriptlets'), 'git-thing(1)').description).not.toMatch(/^`git-thing` is/);
  });

  it('joins an opening that introduces a list with its items, when they are short phrases', () => {
    const chapter = '## Chapter 38. Extending SQL\n\nIn the sections that follow, we will discuss how you can extend the query language by adding:\n\n-   functions (starting in Section 38.3)\n\n-   aggregates (starting in Section 38.12)\n\n-   data types\n';
    expect(summaryOf(chapter, 'Chapter 38. Extending SQL').description).toBe('In the sections that follow, we will discuss how you can extend the query language by adding functions, aggregates and data types.');
    const reading = '## Further Reading\n\nThe following resources contain additional information about genetic algorithms:\n\n-   [The Guide](http://example.org/), (FAQ for news://comp.ai)\n\n-   \\[elma04\\]\n';
    expect(summaryOf(reading, 'Further Reading').description).toBe('The following resources contain additional information about genetic algorithms.');
  });

  it('says what a document without sentences is made of, never just its title', () => {
    expect(summaryOf('## Chapter 72. Hash Indexes\n', 'Chapter 72. Hash Indexes').description).toBe('A document with a title and no running text to quote.');
    const sections = '# Tool\n\n## Install\n\n```\nnpm i tool\n```\n\n## Usage\n\n```\ntool --run\n```\n\n## License\n\nMIT\n';
    expect(summaryOf(sections, 'Tool').description).toBe('A document in 3 sections: Install, Usage and License.');
  });
});
