import { describe, expect, it } from 'vitest';
import { tagUnits } from '../src/analyze/collect-candidates.js';
import { bylinePersons, extractEntities, MAX_ENTITIES } from '../src/analyze/extract-entities.js';
import { bylineOf } from '../src/analyze/byline.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';

function entitiesOf(title: string, markdown: string) {
  return extractEntities(title, tagUnits(markdownTextUnits({ title, markdown })));
}

// A made-up project history naming people, organisations, places, a product and an event.
const HISTORY = [
  '# History',
  '',
  'The Quillwork project was started by Margaret Holloway and Peter Lindqvist at the University of Toronto in 2009.',
  'Margaret Holloway wrote the first parser while Peter Lindqvist designed the storage format.',
  'In 2011 the team moved to Oslo, where Acme Widgets Inc. funded the work for three years.',
  'Acme Widgets Inc. later donated the code to the Quillwork Foundation.',
  'The Quillwork Foundation now runs the yearly Quillwork Summit in Oslo.',
  'At the first Quillwork Summit, Dr. Okonkwo presented a new index; Dr. Okonkwo also chairs the University of Toronto lab.',
  'Today the tool runs on Linux and on Windows, and Linux packages are built every night.',
  '',
  'Run `pg_dump` before an upgrade; `pg_dump` writes a plain SQL file. The `QuillReader` class reads it back, and `QuillReader` is fast.',
  'However, the format changed twice. However, old files still load.',
].join('\n');

describe('extractEntities', () => {
  it('finds the people, organisations, places, products and events a text names, typed', () => {
    const found = entitiesOf('Quillwork', HISTORY);
    const typeOf = (name: string) => found.find((e) => e.name === name)?.type;
    expect(typeOf('Margaret Holloway')).toBe('person');
    expect(typeOf('Peter Lindqvist')).toBe('person');
    expect(typeOf('Okonkwo')).toBe('person');
    expect(typeOf('University of Toronto')).toBe('organisation');
    expect(typeOf('Acme Widgets Inc')).toBe('organisation');
    expect(typeOf('Quillwork Foundation')).toBe('organisation');
    expect(typeOf('Oslo')).toBe('place');
    expect(typeOf('Linux')).toBe('product');
    expect(typeOf('Quillwork Summit')).toBe('event');
    const margaret = found.find((e) => e.name === 'Margaret Holloway')!;
    expect(margaret).toMatchObject({ key: 'margaret holloway', mentions: 2 });
    expect(margaret.sentences[0]).toMatch(/^The Quillwork project was started by Margaret Holloway/);
  });

  it('leaves out code names and capitalised common words', () => {
    const keys = entitiesOf('Quillwork', HISTORY).map((e) => e.key);
    expect(keys).not.toContain('pg_dump');
    expect(keys).not.toContain('quillreader');
    expect(keys).not.toContain('sql');
    expect(keys).not.toContain('however');
    expect(keys).not.toContain('history');
  });

  it('is deterministic and bounded, sorted by key', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const names = Array.from({ length: 40 }, (_, i) => `Q${letters[i % 26]}${letters[Math.floor(i / 26)]}vex Corporation`);
    const markdown = names.map((n) => `${n} signed the agreement. Later ${n} renewed it.`).join('\n\n');
    const first = entitiesOf('Members', markdown);
    expect(first).toEqual(entitiesOf('Members', markdown));
    expect(first).toHaveLength(MAX_ENTITIES);
    expect(first.map((e) => e.key)).toEqual(first.map((e) => e.key).sort());
    expect(first.every((e) => e.type === 'organisation' && e.mentions === 2)).toBe(true);
  });
});

describe('extractEntities: types only from evidence', () => {
  it('never types TeX macros, SQL keywords or languages as products or people', () => {
    const markdown = [
      'The package calls PackageWarning when KillZeros fails. Then PackageWarning stops and KillZeros returns.',
      'Run DROP GROUP to remove a role; DROP GROUP is obsolete.',
      'The document is written in Crimean Tatar, and the Crimean Tatar script uses Latin letters.',
    ].join('\n\n');
    const keys = entitiesOf('Macros', markdown).map((e) => e.key);
    expect(keys).not.toContain('packagewarning');
    expect(keys).not.toContain('killzeros');
    expect(keys).not.toContain('drop group');
    expect(keys).not.toContain('crimean tatar');
  });

  it('types software by a version number or a definition, and counts a lone given name as its person', () => {
    const markdown = [
      '# Team notes',
      '',
      'Attendees: Amara Okafor, Lukas Brandt.',
      '',
      'Tarnwick is a small parsing library. We moved to Tarnwick 2.1 last week.',
      '',
      '- Lukas: update the runbook.',
      '- Amara: write up the drill.',
    ].join('\n');
    const found = entitiesOf('Team notes', markdown);
    expect(found.find((e) => e.key === 'tarnwick')?.type).toBe('product');
    expect(found.find((e) => e.key === 'amara okafor')).toMatchObject({ type: 'person', mentions: 2 });
    expect(found.find((e) => e.key === 'lukas brandt')).toMatchObject({ type: 'person', mentions: 2 });
    expect(found.map((e) => e.key)).not.toContain('lukas');
  });

  it('reads people from author lists and credits, places from "X, <region>", and keeps topics out', () => {
    const markdown = [
      'References: Dzmitry Bahdanau, Kyunghyun Cho, and Quoc V. Le. Also by Minh-Thang Luong, Kyunghyun Cho and others.',
      'Fix a crash in the planner (Heikki Linnakangas). Fix a leak (Heikki Linnakangas, Tom Lane).',
      'The time zone for Berkeley, California. Set the time zone for Berkeley, California.',
      'A survey of Voronoi Diagrams, and more Voronoi Diagrams, in a report.',
      'Files for Adobe PDF viewers; Adobe PDF is a format.',
      'Read the thread, C Hamano, and the reply by C Hamano.',
    ].join('\n\n');
    const found = entitiesOf('Notes', markdown);
    const typeOf = (key: string) => found.find((e) => e.key === key)?.type;
    expect(typeOf('kyunghyun cho')).toBe('person');
    expect(typeOf('heikki linnakangas')).toBe('person');
    expect(typeOf('berkeley')).toBe('place');
    expect(typeOf('voronoi diagrams')).toBeUndefined();
    const byline = entitiesOf('Paper', 'Attention Sinks\n\nOrla Quennevet∗ Example Labs orla@example.org\n\n[5] Orla Quennevet, Bartholomew Ashgrove. A title.');
    expect(byline.find((e) => e.key === 'orla quennevet')).toMatchObject({ type: 'person', mentions: 2 });
    expect(typeOf('adobe pdf')).toBeUndefined();
    expect(typeOf('c hamano')).toBeUndefined();
  });
});

describe('a person a document names once', () => {
  // The sample history names Johannes Gutenberg once, in its opening sentence, and was left
  // with "Europe" as its only entity: a name said once is too often an accident of
  // capitalisation, but not a person the document opens with.
  const PRESS = [
    '# The Printing Press',
    '',
    'Johannes Gutenberg introduced movable metal type to Europe around 1450 in Mainz. His press combined an oil-based ink and a hand mould.',
    '',
    '## Consequences',
    '',
    'Books became cheaper across Europe. Historians such as Elizabeth Eisenstein argue that the press was an agent of change.',
  ].join('\n');

  it('is an entity when the opening sentence names it, and not when a later one does', () => {
    const names = entitiesOf('The Printing Press', PRESS).map((e) => `${e.name} (${e.type})`);
    expect(names).toContain('Johannes Gutenberg (person)');
    expect(names).not.toContain('Elizabeth Eisenstein (person)');
  });

  // The MakeIndex manual says once "MakeIndex is a C program written by Pehong Chen", on page 8;
  // "Who wrote MakeIndex?" could not name him, as he was no entity of the manual.
  it('is an entity when the document credits it with the work ("written by", "created by")', () => {
    const manual = [
      '# The Indexer',
      '',
      'The indexer sorts the entries of an index file. It reads one entry per line.',
      '',
      '## Acknowledgments',
      '',
      'The indexer is a C program written by Pehong Chen, with a little advice from me. The sorting was inspired by a program designed by Mike Urban.',
      'A faster sort exists in a project created by Ealdwulf Wuffinga. Its logo was designed by Cosmic Fox Design.',
      'Thanks go to readers such as Elizabeth Eisenstein for their notes.',
    ].join('\n');
    const names = entitiesOf('The Indexer', manual).map((e) => `${e.name} (${e.type})`);
    expect(names).toContain('Pehong Chen (person)');
    expect(names).toContain('Mike Urban (person)');
    // A credit is evidence of a person too, with no list or byline around the name.
    expect(names).toContain('Ealdwulf Wuffinga (person)');
    expect(names).not.toContain('Elizabeth Eisenstein (person)');
    expect(names).not.toContain('Cosmic Fox Design (person)');
  });
});

describe('bylinePersons', () => {
  const byline = (title: string, markdown: string) => bylinePersons(title, markdownTextUnits({ title, markdown }));

  // A paper typeset without an Info Author names its authors under its title, one block each
  // with affiliation and address, under a notice that may stand above the title.
  it("reads a paper's authors from its title block, not its affiliations or addresses", () => {
    const paper = [
      'Provided proper attribution is provided, the authors grant permission to reproduce the tables.',
      '',
      'Tides Are All You Need',
      '',
      'Ana Sousa∗',
      'Harbour Institute',
      'ana@example.org',
      '',
      'Lukas Brandt∗',
      'Harbour Institute',
      'lukas@example.org',
      '',
      '## Abstract',
      '',
      'The dominant models of the tides are built on the moon. We propose a new one, Margaret Holloway said.',
    ].join('\n');
    expect(byline('Tides Are All You Need', paper)).toEqual(['Ana Sousa', 'Lukas Brandt']);
    // The Transformer paper's "Łukasz Kaiser": the tagger, which knows English only, took "Łukasz" for a noun.
    const third = paper.replace('## Abstract', 'Łukasz Kaiser∗\nHarbour Institute\nlukasz@example.org\n\n## Abstract');
    expect(byline('Tides Are All You Need', third)).toEqual(['Ana Sousa', 'Lukas Brandt', 'Łukasz Kaiser']);
    // A line of everyday words right under the title is no name.
    expect(byline('Tides Are All You Need', paper.replace(/Ana Sousa∗[^#]*/, 'Technical Report 7\n\n'))).toEqual([]);
  });

  it('takes the name on the line under the title, and two names set side by side', () => {
    expect(byline('The Indexer Manual', 'The Indexer Manual\n\nLeslie Lamport\n\n17 February 1987\n\n## How to use it\n\nThe indexer is a program that sorts the entries of an index.\n')).toEqual(['Leslie Lamport']);
    expect(byline('Errata to the Manual', 'Errata to the Manual Leslie Lamport\n\n5 August 2021\n\nThese are all the errors found in the manual so far.\n')).toEqual(['Leslie Lamport']);
    expect(byline('The hooks package', 'The hooks package\n\nFrank Mittelbach Phelype Oleinik\n\n## Introduction\n\nThis package adds hooks to commands.\n')).toEqual(['Frank Mittelbach', 'Phelype Oleinik']);
  });

  it('finds none in a README, nor in a line that opens with the title further down', () => {
    const readme = '# obug\n\nA lightweight debugging utility.\n\n## Usage\n\nSome words about it here.\n\nMore words.\n\nobug runs on Vercel Edge and on Node.js.\n\nVercel Edge\n';
    expect(byline('obug', readme)).toEqual([]);
  });
});

describe('bylineOf', () => {
  // "Who created picomatch?" found nothing: its README names Jon Schlinkert under "### Author".
  it("reads a README's Author section when no byline stands under the title", () => {
    const readme = '# quillwork\n\n> Fast quill parser.\n\n## Usage\n\nCall `parse()`.\n\n### Author\n\n**Margaret Holloway**\n\n* [GitHub Profile](https://github.com/example)\n\n### License\n\nCopyright © 2017, Margaret Holloway.\n';
    expect(bylineOf({ title: 'quillwork', markdown: readme })).toBe('Margaret Holloway');
    expect(bylineOf({ title: 'quillwork', markdown: '# quillwork\n\n## Authors\n\nSee the GitHub Profile page for the list.\n' })).toBeUndefined();
    expect(bylineOf({ title: 'quillwork', markdown: '# quillwork\n\n## Usage\n\nCall it.\n' })).toBeUndefined();
  });
});
