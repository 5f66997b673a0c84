import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_CONCEPTS, SALIENT_SHARE } from '../src/analyze/rank-concepts.js';
import { chooseConcepts } from '../src/compile/concept-pages.js';

const candidate = (key: string, weight: number, defined = false) => ({ key, name: key, weight, mentions: 1, codeMentions: 0, defined, sentences: [] });

describe('which concepts a document names, and which get a page', () => {
  it('the strongest terms, down to SALIENT_SHARE of the best: the first `max` get pages, the others are plain terms', () => {
    // Strength is log(1 + weight): weights 63, 60, 40, 30 score 4.16, 4.11, 3.71, 3.43; 80% of 4.16 is 3.33.
    expect(SALIENT_SHARE).toBe(0.8);
    const { pages, terms } = chooseConcepts([candidate('alpha', 63), candidate('beta', 60), candidate('gamma', 40), candidate('delta', 30), candidate('epsilon', 20)], 2);
    expect(pages.map((p) => p.key)).toEqual(['alpha', 'beta']);
    expect(terms).toEqual(['gamma', 'delta']);
  });

  it('a name the document defines (title, definition-list entry, introduced term) is named however weak', () => {
    const { pages, terms } = chooseConcepts([candidate('alpha', 63), candidate('weak', 1), candidate('defined name', 1, true)], 3);
    expect([...pages.map((p) => p.key), ...terms]).toEqual(['alpha', 'defined name']);
  });

  it('a short note with one strong term names that one', () => {
    const { pages, terms } = chooseConcepts([candidate('alpha', 20), candidate('beta', 3), candidate('gamma', 2)], 3);
    expect(pages.map((p) => p.key)).toEqual(['alpha']);
    expect(terms).toEqual([]);
  });

  it(`a reference page defining many names names at most MAX_DOCUMENT_CONCEPTS`, () => {
    const many = Array.from({ length: MAX_DOCUMENT_CONCEPTS + 15 }, (_, i) => candidate(`name${String(i).padStart(3, '0')}`, 3, true));
    const { pages, terms } = chooseConcepts(many, 3);
    expect(pages).toHaveLength(3);
    expect(pages.length + terms.length).toBe(MAX_DOCUMENT_CONCEPTS);
  });
});
