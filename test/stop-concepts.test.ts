import { describe, expect, it } from 'vitest';
import { conceptKey } from '../src/analyze/concept-key.js';
import { collectCandidates } from '../src/analyze/collect-candidates.js';
import { stopConceptReason } from '../src/analyze/stop-concepts.js';

const reason = (title: string): string | undefined => stopConceptReason(conceptKey(title));

describe('stop concepts: names that are never a concept of their own', () => {
  it('months, weekdays, numbers and dates', () => {
    for (const t of ['April', 'August', 'Thu', 'Monday']) expect(reason(t)).toBe('month or weekday');
    for (const t of ['2019', '15.7', '12 April', 'March 2021', '3rd']) expect(reason(t)).toBe('number or date');
  });

  it('markup: reST roles and TeX macros', () => {
    for (const t of [':mod:', '\\def', 'csname', 'expandafter', 'endcsname', 'meth', 'func', 'linkgit']) expect(reason(t)).toBe('markup');
    for (const t of ['endif::git-pull', 'ifdef::git-log[]', 'include::foo.txt[]', 'linkgit:git-add[1]']) expect(reason(t)).toBe('markup');
    for (const t of ['std::vector', 'pg_stat_statements.max', 'search_path']) expect(reason(t)).toBeUndefined();
  });

  it('under 3 letters', () => {
    for (const t of ['id', 'IP', 'fs']) expect(reason(t)).toBe('under 3 letters');
  });

  it('an everyday English word alone, inflected too, but not inside a longer name', () => {
    for (const t of ['Function', 'tables', 'Background', 'meeting', 'named', 'options', 'version', 'user']) expect(reason(t)).toBe('generic word');
    for (const t of ['foreign table', 'background worker', 'write-ahead log', 'vacuum', 'pg_dump', 'Postgres', 'tablespace']) {
      expect(reason(t)).toBeUndefined();
    }
  });
});

describe('section names are where a reader is, not what a document is about', () => {
  const readme = (body: string): string[] =>
    collectCandidates({ title: 'hivelog', markdown: `Hivelog records hive inspections in a ledger.\n\n${body}` }).candidates.map((c) => c.key);

  it('an "Open questions", "License" or "SEE ALSO" heading names no concept; a heading on the subject does', () => {
    const keys = readme('## Open questions\n\nWho reads the ledger?\n\n## License:\n\nMIT.\n\n## SEE ALSO\n\nhivectl.\n\n## Ledger rotation\n\nOld ledgers are archived.');
    expect(keys).not.toContain('open question');
    expect(keys).not.toContain('license');
    expect(keys).not.toContain('see also');
    expect(keys).toContain('ledger rotation');
  });

  it('a term the text itself uses is still a candidate under such a heading', () => {
    expect(readme('## Installation\n\nThe queen excluder ships with the ledger.')).toContain('queen excluder');
  });
});

describe('a name the entity extractor claims is not also a concept', () => {
  it('Lukas Brandt gets an entity, not a concept', async () => {
    const { analyzeDocument } = await import('../src/analyze/analyze-document.js');
    const markdown =
      '# Hive inspection\n\nLukas Brandt inspected the brood frames on Monday. Lukas Brandt said the queen excluder was clogged with propolis. Dr. Lukas Brandt will return in April to check the queen excluder again. Lukas is sure of it.\n';
    const analysis = analyzeDocument({ title: 'Hive inspection', markdown, sections: [], metadata: {} }, { longDocPages: 20, longDocChars: 50_000 });
    const concepts = analysis.concepts.map((c) => c.key);
    expect(analysis.entities.map((e) => e.name)).toContain('Lukas Brandt');
    expect(concepts).not.toContain('lukas brandt');
    expect(concepts).not.toContain('brandt');
    expect(concepts).not.toContain('luka');
    expect(concepts).toContain('queen excluder');
    for (const junk of ['monday', 'april']) expect(concepts).not.toContain(junk);
  });
});
