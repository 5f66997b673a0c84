import { describe, expect, it } from 'vitest';
import { conceptKey } from '../src/analyze/concept-key.js';
import { collectCandidates } from '../src/analyze/collect-candidates.js';
import { InMemoryDocumentFrequencies } from '../src/analyze/document-frequencies.js';
import { rankConceptsAgainstFrequencies, salientConcepts } from '../src/analyze/rank-concepts.js';
import { conceptKeys, extractConcepts, type ConceptSource } from '../src/analyze/extract-concepts.js';
import { markdownTextUnits } from '../src/analyze/markdown-text-units.js';
import { splitSentences } from '../src/analyze/split-sentences.js';
import { extractTfidfConcepts, ngramKeys } from '../src/analyze/tfidf-baseline.js';
import { tokenize } from '../src/analyze/tokenize.js';

// A small corpus written for these tests: notes of a fictional beekeeping co-op and its tools.
const HIVES: ConceptSource = {
  title: 'Hive Inspections',
  markdown: [
    '# Hive Inspections',
    '',
    'A hive inspection checks the brood frames, the queen excluder and the honey supers. Inspectors write every hive inspection into the co-op ledger.',
    '',
    '## Brood frames',
    '',
    'Brood frames hold the eggs and larvae. A brood frame with capped cells is a healthy sign, e.g. after a good spring.',
    '',
    'Run `hive_sync` after each visit. The hive_sync tool copies the ledger to the co-op server.',
  ].join('\n'),
};
const EXTRACTION: ConceptSource = {
  title: 'Honey Extraction',
  markdown:
    'The honey extractor spins the frames. Clean the honey extractor before use. Two Honey Extractors stand in the shed. A honey-extractor needs a level floor. The frames go back to the hive.',
};
const SWARMS: ConceptSource = {
  title: 'Swarm Control',
  markdown: 'A swarm leaves the hive with the old queen. Swarm cells on the frames warn of a swarm. Splitting the colony prevents a swarm.',
};
const CORPUS = [HIVES, EXTRACTION, SWARMS];

function frequencies(docs: readonly ConceptSource[]): InMemoryDocumentFrequencies {
  return InMemoryDocumentFrequencies.fromDocuments(docs.map(conceptKeys));
}


describe('tokenize and splitSentences', () => {
  it('keeps code names, C++, UTF-8 and version numbers whole', () => {
    const tokens = tokenize('Build hive_sync with C++ and UTF-8 input, version 2.10.3, using net.core.backlog or PQexec.');
    const texts = tokens.map((t) => t.text);
    expect(texts).toEqual(expect.arrayContaining(['hive_sync', 'C++', 'UTF-8', '2.10.3', 'net.core.backlog', 'PQexec']));
    expect(tokens.find((t) => t.text === 'hive_sync')?.kind).toBe('code');
    expect(tokens.find((t) => t.text === '2.10.3')?.kind).toBe('number');
    expect(texts.at(-1)).toBe('.');
  });

  it('splits sentences at a final period, not inside names, numbers or abbreviations', () => {
    const text = 'Edit config.yaml first, e.g. with vi. Version 3.5 fixed it. Then run it!';
    expect(splitSentences(text).map(([s, e]) => text.slice(s, e))).toEqual(['Edit config.yaml first, e.g. with vi.', 'Version 3.5 fixed it.', 'Then run it!']);
  });

  it('leaves fenced code out and keeps a one-line code span of triple backticks', () => {
    const units = markdownTextUnits({ title: 'T', markdown: 'Intro text here.\n\n```\nsecret_code_name()\n```\n\n``` ``smoke_level(n)`` ```' });
    expect(units.map((u) => u.text).join(' ')).not.toContain('secret_code_name');
    expect(units.map((u) => u.text)).toContain('smoke_level(n)');
  });
});

describe('conceptKey', () => {
  it('merges case, plural and hyphen or space between words', () => {
    expect(conceptKey('Write-Ahead Logs')).toBe('write ahead log');
    expect(conceptKey('write ahead log')).toBe('write ahead log');
    expect(conceptKey('Queries')).toBe('query');
    expect(conceptKey('indexes')).toBe(conceptKey('Index'));
    expect(conceptKey('brood frames')).toBe(conceptKey('Brood Frame'));
  });

  it('keeps code names and singular words ending in s apart', () => {
    expect(conceptKey('hive_stats')).not.toBe(conceptKey('hive_stat'));
    expect(conceptKey('status')).toBe('status');
    expect(conceptKey('analysis')).toBe('analysis');
    expect(conceptKey('APIs')).toBe('api');
    expect(conceptKey('\u200b...')).toBe('');
  });

  it('reads a word named like an object property as a word', () => {
    expect(conceptKey('constructor')).toBe('constructor');
    expect(conceptKey('toString')).toBe('tostring');
  });
});

describe('extractConcepts', () => {
  it('merges plural, case and hyphenated mentions into one concept shown in its most frequent form', () => {
    const concepts = extractConcepts(EXTRACTION, { max: 10, sentences: 10 });
    const extractor = concepts.filter((c) => /honey.extractor/i.test(c.key));
    expect(extractor.map((c) => c.key)).toEqual(['honey extractor']);
    expect(extractor[0]!.name).toBe('honey extractor');
    // All four spellings were one concept: each of their sentences is a key sentence.
    expect(extractor[0]!.sentences).toHaveLength(4);
    expect(concepts[0]!.key).toBe('honey extractor');
  });

  it('finds code names and multi-word concepts of a document', () => {
    const keys = extractConcepts(HIVES, { max: 8 }).map((c) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['hive inspection', 'brood frame', 'hive_sync']));
    expect(keys).not.toContain('e.g');
  });

  it('counts a mention in a heading more than one in a sentence', () => {
    const body = 'The smoke canister calms the bees. The queen excluder keeps the queen below. We refill the smoke canister daily. We clean the queen excluder weekly. We oil the queen excluder too.';
    const keys = (markdown: string): string[] => extractConcepts({ title: 'Tools', markdown }, { max: 10 }).map((c) => c.key);
    const plain = keys(body);
    expect(plain.indexOf('queen excluder')).toBeLessThan(plain.indexOf('smoke canister'));
    const withHeading = keys(`## Smoke canisters\n\n${body}`);
    expect(withHeading[0]).toBe('smoke canister');
    expect(withHeading.indexOf('smoke canister')).toBeLessThan(withHeading.indexOf('queen excluder'));
  });

  it('ranks by the document alone, so other documents never change its concepts', () => {
    const doc: ConceptSource = { title: 'Notes', markdown: 'The propolis seals the cracks. The excluder holds comb. Scrape the propolis off each excluder.' };
    const alone = JSON.stringify(extractConcepts(doc, { max: 10 }));
    expect(JSON.parse(alone).map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(['propolis', 'excluder']));
    // The document-frequency reference (bench:concepts) does depend on the others: a term every
    // other document uses drops, the trade the engine declines for order independence.
    const others = Array.from({ length: 8 }, (_, i) => ({ title: `Note ${i}`, markdown: `Excluder number ${i} was checked. Each excluder is fine.` }));
    const withDf = rankConceptsAgainstFrequencies(collectCandidates({ title: doc.title, markdown: doc.markdown, sectionTitles: [] }), frequencies([doc, ...others]), { max: 10 }).map((c) => c.key);
    expect(withDf.indexOf('propolis')).toBeLessThan(withDf.indexOf('excluder'));
    expect(JSON.stringify(extractConcepts(doc, { max: 10 }))).toBe(alone);
  });

  it('gives key sentences that are sentences of the document, at most the number asked', () => {
    const concepts = extractConcepts(HIVES, { max: 10, sentences: 2 });
    const text = HIVES.markdown.replace(/`/g, '');
    expect(concepts.length).toBeGreaterThan(0);
    for (const concept of concepts) {
      expect(concept.sentences.length).toBeLessThanOrEqual(2);
      for (const sentence of concept.sentences) {
        expect(text).toContain(sentence);
        expect(sentence).toMatch(/[.!?]$/);
        expect(conceptKeys({ title: '', markdown: sentence })).toContain(concept.key);
      }
    }
    const inspection = concepts.find((c) => c.key === 'hive inspection');
    expect(inspection?.sentences[0]).toBe('A hive inspection checks the brood frames, the queen excluder and the honey supers.');
  });

  it('finds no concept in an empty or stopword-only document', () => {
    const df = frequencies(CORPUS);
    expect(extractConcepts({ title: '', markdown: '' }, { max: 10 })).toEqual([]);
    expect(extractConcepts({ title: 'The', markdown: 'It is what it was. And so on, and so forth!\n\n# Of the\n\n```\nhive_sync --all\n```' }, { max: 10 })).toEqual([]);
    expect(extractTfidfConcepts({ title: '', markdown: 'Which of these is it? It was not.' }, df, { max: 10 })).toEqual([]);
  });

  it('takes no clause for a name: a participle after a name is its verb', () => {
    const doc = { title: 'Printing', markdown: 'Gutenberg introduced movable metal type in Mainz. The partitioned table stays.' };
    const keys = extractConcepts(doc, { max: 20 }).map((c) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['movable metal type', 'partitioned table']));
    for (const clause of ['gutenberg introduced movable metal', 'gutenberg introduced', 'introduced movable metal type']) expect(keys).not.toContain(clause);
  });

  it('takes no version, option, one-letter code or HTML entity for a concept', () => {
    const doc = { title: 'Release', markdown: 'Version v2.0&nbsp;ships the `--force` flag and the E2 mode.&nbsp;Use `--force` with care &amp; patience in v2.0.' };
    const keys = extractConcepts(doc, { max: 20 }).map((c) => c.key);
    // "flag", "care" and "patience" are everyday words, never a concept alone (stop-concepts.ts).
    expect(keys).toEqual(expect.arrayContaining(['e2 mode']));
    for (const junk of ['v2.0', '--force', 'e2', 'nbsp', 'amp']) expect(keys).not.toContain(junk);
  });

  it('takes no command line in code for a name, and keeps the @ of a scoped package', () => {
    // Seen in READMEs: concept pages titled "node ." and "npm install base64-js", and "vitest/expect" for @vitest/expect.
    const doc = {
      title: 'hivectl',
      markdown: [
        'Install it with `npm install hivectl` or `npx hivectl init`, then run `node .` in the folder, or `node . --frames 10`.',
        'The `@hive/ledger` package keeps inspections; @hive/ledger writes them to the `ledger_file` of each hive.',
        'The @hive/ledger store is shared, and `hive sync` copies it. Read `user@example.org` for help.',
      ].join('\n\n'),
    };
    const concepts = extractConcepts(doc, { max: 30 });
    const keys = concepts.map((c) => c.key);
    for (const junk of ['node .', 'node', 'npm install hivectl', 'npx hivectl init', 'node . --frames 10']) expect(keys).not.toContain(junk);
    expect(keys).toContain('hive sync');
    expect(concepts.find((c) => c.key === 'hive/ledger')?.name).toBe('@hive/ledger');
    const texts = tokenize('Mail user@example.org about @hive/ledger.').map((t) => t.text);
    expect(texts).toEqual(expect.arrayContaining(['user', '@', 'example.org', '@hive/ledger']));
  });

  it("takes no parameter of a function's signature heading for a concept, nor a README's boilerplate section", () => {
    // Seen in corpus/md READMEs: concept pages "fmt" ("### fmt" under "## format(fmt, parameters, [options])"), "val" (safe(val)), "enterprise" ("## For enterprise").
    const doc = {
      title: 'hiveformat',
      markdown: [
        '# hiveformat',
        'Formats hive reports for the co-op ledger.',
        '## format(fmt, parameters, [options])',
        '### fmt',
        'A printf-style template string; `fmt` holds placeholders for the hive report fields.',
        '## safe(val)',
        'Escapes `val` so the ledger can store it, and `val` stays intact in the hive report.',
        '## weigh(formula)',
        'Applies the formula to each frame; a formula names frame fields.',
        '## For enterprise',
        'The maintainers of hiveformat work with Tidelift to deliver commercial support.',
      ].join('\n\n'),
    };
    const keys = extractConcepts(doc, { max: 30 }).map((c) => c.key);
    // Nor from a commercial-support notice (pump's README gave a concept page "maintainers").
    for (const junk of ['fmt', 'val', 'enterprise', 'maintainer', 'commercial support']) expect(keys).not.toContain(junk);
    // A parameter that is an English word may be a concept the document explains.
    expect(keys).toContain('formula');
    expect(keys).toContain('hive report');
  });

  it("gives key sentences without a paper's run-in Abstract label", () => {
    // Seen on concept pages of corpus/pdf: "Abstract This package defines the alltt environment, …".
    const doc = { title: 'The hivebox package', markdown: 'Abstract This package defines the hivebox environment, which is like the verbatim environment except that braces keep their meaning.\n\nThe hivebox environment keeps spaces as typed.' };
    const sentences = extractConcepts(doc, { max: 10 }).flatMap((c) => c.sentences);
    expect(sentences).toContain('This package defines the hivebox environment, which is like the verbatim environment except that braces keep their meaning.');
    expect(sentences.filter((s) => s.startsWith('Abstract'))).toEqual([]);
  });

  it('is deterministic: two runs, in either order, give the same bytes', () => {
    const first = JSON.stringify(CORPUS.map((d) => extractConcepts(d, { max: 20 })));
    const second = JSON.stringify([...CORPUS].reverse().map((d) => extractConcepts(d, { max: 20 })).reverse());
    expect(second).toBe(first);
    const baseline = (docs: readonly ConceptSource[]) => {
      const df = InMemoryDocumentFrequencies.fromDocuments(docs.map(ngramKeys));
      return JSON.stringify(CORPUS.map((d) => extractTfidfConcepts(d, df, { max: 20 })));
    };
    expect(baseline([...CORPUS].reverse())).toBe(baseline(CORPUS));
  });

  it('breaks equal scores by key, whatever the order of mentions', () => {
    const a = extractConcepts({ title: 'x', markdown: 'Wax moths eat comb. Varroa mites weaken bees.' }, { max: 10 });
    const b = extractConcepts({ title: 'x', markdown: 'Varroa mites weaken bees. Wax moths eat comb.' }, { max: 10 });
    expect(a.map((c) => [c.key, c.score])).toEqual(b.map((c) => [c.key, c.score]));
    expect(a.map((c) => c.key)).toEqual([...a.map((c) => c.key)].sort((x, y) => {
      const sx = a.find((c) => c.key === x)!.score;
      const sy = a.find((c) => c.key === y)!.score;
      return sy - sx || (x < y ? -1 : 1);
    }));
  });

  it('counts section titles the Markdown does not mark as headings', () => {
    const markdown = 'Smoke calms bees. Drone comb grows fast. Smoke helps. Drone comb is cut out.';
    const without = extractConcepts({ title: 'x', markdown }, { max: 5 });
    const withSection = extractConcepts({ title: 'x', markdown, sections: [{ title: 'Drone comb' }] }, { max: 5 });
    const score = (list: typeof without) => list.find((c) => c.key === 'drone comb')?.score ?? 0;
    expect(score(withSection)).toBeGreaterThan(score(without));
  });
});

describe('the concepts a document names (salientConcepts)', () => {
  // A reference page: two settings in entries of their own, a term introduced in emphasis, a
  // bold label opening a paragraph, and prose that mentions other things in passing.
  const SETTINGS: ConceptSource = {
    title: 'Swarm Alarm Settings',
    markdown: [
      'The swarm alarm watches every hive. It raises the _swarm alarm threshold_, which the keeper sets, when the colony grows loud. The swarm alarm logs to the ledger.',
      '',
      '**Open questions** remain about the ledger and the weather station.',
      '',
      '`alarm_volume` (`integer`)',
      '',
      'How loud the swarm alarm rings, from 1 to 10. The swarm alarm rings in the shed.',
      '',
      '`alarm_delay` (`integer`)',
      '',
      'Seconds before the swarm alarm rings. The swarm alarm waits for the colony to settle.',
    ].join('\n'),
  };

  it('marks the names the document is about or defines: its title, its entries, a term it introduces in emphasis', () => {
    const found = collectCandidates({ title: SETTINGS.title, markdown: SETTINGS.markdown });
    const defined = found.candidates.filter((c) => c.defined).map((c) => c.key);
    expect(defined).toEqual(expect.arrayContaining(['swarm alarm setting', 'alarm_volume', 'alarm_delay', 'swarm alarm threshold']));
    // A bold label opening a paragraph is no introduction; a passing mention defines nothing.
    expect(defined).not.toContain('open question');
    expect(defined).not.toContain('weather station');
    // Nor are the title's parts: "alarm" is part of the name the title gives.
    expect(defined).not.toContain('alarm');
  });

  it('names the strongest term and every defined name, not what is only mentioned in passing', () => {
    const keys = salientConcepts(collectCandidates({ title: SETTINGS.title, markdown: SETTINGS.markdown })).map((c) => c.key);
    // The defined names, and "swarm alarm", within SALIENT_SHARE of the strongest; not the
    // title's parts ("alarm"), the ledger or the weather station, mentioned in passing.
    expect([...keys].sort()).toEqual(['alarm_delay', 'alarm_volume', 'swarm alarm', 'swarm alarm setting', 'swarm alarm threshold']);
  });
});

describe('emphasis', () => {
  it('stresses a term when the emphasis is the term itself, not a phrase inside an emphasised clause', () => {
    const weight = (markdown: string): number | undefined => collectCandidates({ title: 'x', markdown }).candidates.find((c) => c.key === 'draft')?.weight;
    const plain = weight('The hive plan follows. The draft goes to the co-op.');
    expect(weight('The hive plan follows. **The draft goes to the co-op.**')).toBe(plain);
    expect(weight('The hive plan follows. The _draft_ goes to the co-op.')).toBeGreaterThan(plain!);
  });
});

describe('table rows that define a name', () => {
  it('a function row (a call signature) defines its name; a column row (name and type) does not', () => {
    const markdown = [
      'The hive readings view shows one row for every reading of a hive scale.',
      '',
      '`reading_id` `bigint`<br>The number of the reading',
      '',
      '`recorded_at` `timestamp`<br>When the scale was read',
      '',
      '`hive_weight` ( `hive` `integer` ) → `numeric`<br>The weight of the hive at its last reading',
      '',
      '`swarm_risk(hive)`<br>The chance that the colony swarms this week',
    ].join('\n');
    const defined = collectCandidates({ title: 'Hive Readings', markdown }).candidates.filter((c) => c.defined).map((c) => c.key);
    expect(defined).toEqual(expect.arrayContaining(['hive_weight', 'hive reading']));
    expect(defined).not.toContain('reading_id');
    expect(defined).not.toContain('recorded_at');
  });
});

describe('terms met only in table cells', () => {
  it('are data, not concepts: a table with no title of its own names none; a term the text says is named', () => {
    const table = ['| month | hive_weight_kg | swarm_alarms |', '| --- | --- | --- |', '| March | 41.5 | 2 |', '| April | 44.0 | 3 |'].join('\n');
    expect(salientConcepts(collectCandidates({ title: '', markdown: table }))).toEqual([]);
    const withText = `${table}\n\nThe swarm alarms rose in April, when the colony grew.`;
    expect(salientConcepts(collectCandidates({ title: '', markdown: withText })).map((c) => c.key)).toContain('swarm alarm');
  });
});

describe('extractTfidfConcepts (baseline)', () => {
  it('scores word 1–3-grams without stopwords by plain TF-IDF', () => {
    const df = InMemoryDocumentFrequencies.fromDocuments(CORPUS.map(ngramKeys));
    const concepts = extractTfidfConcepts(EXTRACTION, df, { max: 30 });
    const keys = concepts.map((c) => c.key);
    expect(keys).toContain('honey extractor');
    expect(keys.every((k) => k.split(' ').length <= 3)).toBe(true);
    expect(keys.some((k) => /\b(the|a|to|in)\b/.test(k))).toBe(false);
  });
});
