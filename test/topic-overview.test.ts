// The offline overview of a concept or entity page (compile/topic-overview.ts): the best
// defining sentence across the sectioned documents, then what each other document adds.
import { describe, expect, it } from 'vitest';
import { MAX_OVERVIEW_ADDITIONS, offlineOverview } from '../src/compile/topic-overview.js';
import type { PageMember } from '../src/compile/topic-page.js';

const member = (doc: string, sentences: string[], name = 'bilge pump'): PageMember => ({ doc, title: doc.replace(/-/g, ' '), name, score: 1, mentions: 1, sentences });

describe('offlineOverview', () => {
  it('opens with a definition from whichever document has one, naming it, then one new sentence from each other document', () => {
    const members = [
      member('engine-room', ['The bilge pump runs on a float switch every hour.', 'Check the bilge pump before each tow.']),
      member('glossary', ['A bilge pump is a pump that removes water from the bilge of a boat.']),
      member('log', ['The bilge pump runs on a float switch every hour of the day.', 'The bilge pump failed twice in March.']),
    ];
    const overview = offlineOverview('bilge pump', 3, members);
    expect(overview.lead).toBe('A bilge pump is a pump that removes water from the bilge of a boat.');
    expect(overview.text).toBe(
      [
        'A bilge pump is a pump that removes water from the bilge of a boat. ([[summaries/glossary|glossary]])',
        '',
        'Other documents add:',
        '',
        '- [[summaries/engine-room|engine room]]: The bilge pump runs on a float switch every hour.',
        // The log's first sentence says what the engine room's did: its second one is taken.
        '- [[summaries/log|log]]: The bilge pump failed twice in March.',
      ].join('\n'),
    );
  });

  it('leads with the document named for the topic, when its first sentence names it, over a definition elsewhere', () => {
    const members = [
      member('notes', ['ALTER VIEW is a PostgreSQL extension of the SQL standard.'], 'ALTER VIEW'),
      { ...member('alter-view', ['ALTER VIEW changes various auxiliary properties of a view.', 'You must own the view to use ALTER VIEW.'], 'ALTER VIEW'), title: 'ALTER VIEW' },
    ];
    expect(offlineOverview('ALTER VIEW', 2, members).lead).toBe('ALTER VIEW changes various auxiliary properties of a view.');
    // Its first sentence must name it: "You must own …" would not say what it is.
    const unnamed = [members[0]!, { ...members[1]!, sentences: ['You must own the view to use ALTER VIEW.'] }];
    expect(offlineOverview('ALTER VIEW', 2, unnamed).lead).toBe('ALTER VIEW is a PostgreSQL extension of the SQL standard.');
  });

  it('without a definition, leads with a sentence that has the topic as its subject', () => {
    const subject = offlineOverview('column', 2, [
      member('dump', ['The column list must match the table.', 'Renaming one takes a lock.'], 'column'),
      member('update', ['Each column can be updated separately.'], 'column'),
    ]);
    expect(subject.lead).toBe('Each column can be updated separately.');
    // A plural's singular, and a kind word before the name, still make the topic the subject.
    expect(offlineOverview('references', 2, [member('bundle', ['Bundles list the references they hold.'], 'references'), member('refs', ['A reference is used in Git to specify branches and tags.'], 'references')]).lead).toBe(
      'A reference is used in Git to specify branches and tags.',
    );
    expect(offlineOverview('routines', 2, [member('xproc', ['Functions and procedures are routines.'], 'routines'), member('view', ['The view routines contains all functions.'], 'routines')]).lead).toBe(
      'The view routines contains all functions.',
    );
    // So does a kind word after the name: the sentence is about that view, not one view it spoke of.
    expect(offlineOverview('pg_prepared_statements', 1, [member('pg-view', ['Prepared statements last for the session.', 'The pg_prepared_statements view displays all the prepared statements.'], 'pg_prepared_statements')]).lead).toBe(
      'The pg_prepared_statements view displays all the prepared statements.',
    );
  });

  it('of several documents none of which says what the topic is, opens with how many mention it and lets each document speak', () => {
    // "The database needs …" is one database its document spoke of; the clone command's
    // description names a repository in passing: neither is about databases or repositories.
    const members = [
      member('cvsserver', ['The database needs to be updated after every commit.', 'Testing has been done with two clients.'], 'database'),
      member('clone', ['Clones a repository into a newly created directory and its database.'], 'database'),
      member('empty', [], 'database'),
    ];
    const overview = offlineOverview('database', 9, members);
    expect(overview.lead).toBeUndefined();
    expect(overview.text).toBe(
      [
        '_database is mentioned in 9 documents._',
        '',
        'The documents say:',
        '',
        '- [[summaries/cvsserver|cvsserver]]: The database needs to be updated after every commit.',
        '- [[summaries/clone|clone]]: Clones a repository into a newly created directory and its database.',
      ].join('\n'),
    );
    // A question or a heading's words is no statement of what the topic is, whatever its subject.
    const unsaid = [member('why', ['Node is running but you do not know why?'], 'Node'), member('news', ['Node support 1'], 'Node')];
    expect(offlineOverview('Node', 2, unsaid).lead).toBeUndefined();
    expect(offlineOverview('Node', 2, [...unsaid, member('about', ['Node is a runtime for JavaScript.'], 'Node')]).lead).toBe('Node is a runtime for JavaScript.');
  });

  it('of one document that does not say what the topic is, says so, unless the document is named for it', () => {
    // safe-stable-stringify's README names JSON.stringify in passing: no lead, its sentence quoted as its own.
    const passing = member('safe-stable-stringify', ['Safe, deterministic and fast serialization alternative to JSON.stringify.'], 'JSON.stringify');
    const overview = offlineOverview('JSON.stringify', 1, [passing]);
    expect(overview.lead).toBeUndefined();
    expect(overview.text).toBe(
      [
        '_JSON.stringify is mentioned in 1 document._',
        '',
        'The document says:',
        '',
        '- [[summaries/safe-stable-stringify|safe stable stringify]]: Safe, deterministic and fast serialization alternative to JSON.stringify.',
      ].join('\n'),
    );
    // Its sentence that opens with the topic and a verb says what it is, whatever the verb.
    expect(offlineOverview('composting', 1, [member('garden', ['Heaps need air.', 'Composting turns kitchen scraps into humus.'], 'composting')]).lead).toBe('Composting turns kitchen scraps into humus.');
    expect(offlineOverview('composting', 1, [member('garden', ['The composting heap needs air.'], 'composting')]).lead).toBeUndefined();
    // The only document, named for the topic, says what it is whatever its first words.
    const named = { ...member('canvas-linux', ['This is the x86_64-unknown-linux-gnu binary for @napi-rs/canvas.'], '@napi-rs/canvas-linux-x64-gnu'), title: '@napi-rs/canvas-linux-x64-gnu' };
    expect(offlineOverview('@napi-rs/canvas-linux-x64-gnu', 1, [named]).lead).toBe('This is the x86_64-unknown-linux-gnu binary for @napi-rs/canvas.');
    // Not when another document shares the page: there the named document's sentence must name it first.
    expect(offlineOverview('@napi-rs/canvas-linux-x64-gnu', 2, [named, { ...passing, name: '@napi-rs/canvas-linux-x64-gnu' }]).lead).toBeUndefined();
  });

  it('is one sentence for one document, a line saying so for none, and adds at most MAX_OVERVIEW_ADDITIONS documents to a lead', () => {
    expect(offlineOverview('bilge pump', 1, [member('only', ['A bilge pump is a pump.'])]).text).toBe('A bilge pump is a pump.');
    expect(offlineOverview('Tom Lane', 4, [member('a', [], 'Tom Lane')])).toEqual({ text: '_Tom Lane is mentioned in 4 documents._' });
    const sayings = ['Cranes lift heavy crates.', 'Tugs push large ships.', 'Gulls circle noisy harbours.', 'Buoys mark shallow channels.', 'Piers reach deep water.', 'Nets dry on quays.', 'Sails need mending.', 'Ropes fray with chafe.', 'Flags signal weather.'];
    const many = sayings.map((saying, i) => member(`doc-${i}`, [saying]));
    const text = offlineOverview('bilge pump', 10, [member('glossary', ['A bilge pump is a pump.']), ...many]).text;
    expect(text.match(/^- /gm)).toHaveLength(MAX_OVERVIEW_ADDITIONS);
    expect(offlineOverview('bilge pump', 10, [member('glossary', ['A bilge pump is a pump.']), ...many]).text).toBe(text);
    // Without a lead, one more document speaks in its place.
    expect(offlineOverview('bilge pump', 9, many).text.match(/^- /gm)).toHaveLength(MAX_OVERVIEW_ADDITIONS + 1);
  });

  it('keeps document text from making links or markers', () => {
    const text = offlineOverview('bilge pump', 2, [member('a', ['A bilge pump is a [[pump]] <!-- kb:doc x --> thing.']), member('b', ['Other words entirely about ropes.'])]).text;
    expect(text).toContain('A bilge pump is a \\[\\[pump]] &lt;!-- kb:doc x --> thing.');
  });
});
