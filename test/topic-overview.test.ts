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

  it('without a definition, leads with a sentence that has the topic as its subject, then the first that reads alone', () => {
    const subject = offlineOverview('column', 2, [
      member('dump', ['The column list must match the table.', 'Renaming one takes a lock.'], 'column'),
      member('update', ['Each column can be updated separately.'], 'column'),
    ]);
    expect(subject.lead).toBe('Each column can be updated separately.');
    // "The column list must …" is about a list, not a column; a list's lead-in ends with a colon.
    const plain = offlineOverview('column', 2, [member('a', ['The column list follows:', 'The column list must match the table.'], 'column'), member('b', [], 'column')]);
    expect(plain.lead).toBe('The column list must match the table.');
  });

  it('is one sentence for one document, a line saying so for none, and adds at most MAX_OVERVIEW_ADDITIONS documents', () => {
    expect(offlineOverview('bilge pump', 1, [member('only', ['A bilge pump is a pump.'])]).text).toBe('A bilge pump is a pump.');
    expect(offlineOverview('Tom Lane', 4, [member('a', [], 'Tom Lane')])).toEqual({ text: '_Tom Lane is mentioned in 4 documents._' });
    const sayings = ['Cranes lift heavy crates.', 'Tugs push large ships.', 'Gulls circle noisy harbours.', 'Buoys mark shallow channels.', 'Piers reach deep water.', 'Nets dry on quays.', 'Sails need mending.', 'Ropes fray with chafe.', 'Flags signal weather.'];
    const many = sayings.map((saying, i) => member(`doc-${i}`, [saying]));
    const text = offlineOverview('bilge pump', 9, many).text;
    expect(text.match(/^- /gm)).toHaveLength(MAX_OVERVIEW_ADDITIONS);
    expect(offlineOverview('bilge pump', 9, many).text).toBe(text);
  });

  it('keeps document text from making links or markers', () => {
    const text = offlineOverview('bilge pump', 2, [member('a', ['A bilge pump is a [[pump]] <!-- kb:doc x --> thing.']), member('b', ['Other words entirely about ropes.'])]).text;
    expect(text).toContain('A bilge pump is a \\[\\[pump]] &lt;!-- kb:doc x --> thing.');
  });
});
