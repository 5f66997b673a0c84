import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_CONCEPTS, SALIENT_SHARE } from '../src/analyze/rank-concepts.js';
import { conceptHasPage, rankDocumentTerms } from '../src/compile/concept-pages.js';

const candidate = (key: string, weight: number, defined = false) => ({ key, name: key, weight, mentions: 1, codeMentions: 0, defined, sentences: [] });

describe('the terms a document ranks', () => {
  it('its strongest terms, down to SALIENT_SHARE of the best, best first, each with its rank', () => {
    // Strength is log(1 + weight): weights 63, 60, 40, 30 score 4.16, 4.11, 3.71, 3.43; 80% of 4.16 is 3.33.
    expect(SALIENT_SHARE).toBe(0.8);
    const terms = rankDocumentTerms([candidate('alpha', 63), candidate('beta', 60), candidate('gamma', 40), candidate('delta', 30), candidate('epsilon', 20)], 1);
    expect(terms.map((t) => [t.key, t.rank])).toEqual([['alpha', 0], ['beta', 1], ['gamma', 2], ['delta', 3]]);
  });

  it('a name the document defines (title, definition-list entry, introduced term) is ranked however weak', () => {
    const terms = rankDocumentTerms([candidate('alpha', 63), candidate('weak', 1), candidate('defined name', 1, true)], 1);
    expect(terms.map((t) => t.key)).toEqual(['alpha', 'defined name']);
  });

  it('a short note with one strong term ranks that one; at least the salient count when asked for more', () => {
    const note = [candidate('alpha', 20), candidate('beta', 3), candidate('gamma', 2)];
    expect(rankDocumentTerms(note, 1).map((t) => t.key)).toEqual(['alpha']);
    expect(rankDocumentTerms(note, 3).map((t) => t.key)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('a term that is the head of a longer name the document defines is that name', () => {
    const terms = rankDocumentTerms([candidate('starter', 63), candidate('sourdough starter', 40, true), candidate('flour', 60)], 1);
    expect(terms.map((t) => [t.key, t.rank])).toEqual([['flour', 0], ['sourdough starter', 1]]);
  });

  it('a term the document has a key sentence of ranks before one it only names, so its page says something', () => {
    // Seen in the corpus: 74 of 386 concept pages said only "X is mentioned in 1 document." (terms of headings, lists, code).
    const said = (key: string, weight: number) => ({ ...candidate(key, weight), sentences: [`The ${key} keeps the hive records.`] });
    const terms = rankDocumentTerms([candidate('alpha', 63), said('beta', 60), candidate('gamma', 55)], 1);
    expect(terms.map((t) => [t.key, t.rank])).toEqual([['beta', 0], ['alpha', 1], ['gamma', 2]]);
    // With no sentence for any, the order is by strength as before.
    expect(rankDocumentTerms([candidate('alpha', 63), candidate('beta', 60)], 1).map((t) => t.key)).toEqual(['alpha', 'beta']);
  });

  it('a document whose named terms have no sentence also ranks, first, its strongest term that has one', () => {
    // The sample meeting notes: "Team meeting" (the title) was its one term, and its page said only "mentioned in 1 document".
    const said = (key: string, weight: number) => ({ ...candidate(key, weight), sentences: [`The ${key} moves to Saturday night.`] });
    const terms = rankDocumentTerms([candidate('team meeting', 63, true), candidate('runbook', 20), said('backup job', 12)], 1);
    expect(terms.map((t) => [t.key, t.rank])).toEqual([['backup job', 0], ['team meeting', 1]]);
    // Nothing said of any term: as before.
    expect(rankDocumentTerms([candidate('team meeting', 63, true), candidate('runbook', 20)], 1).map((t) => t.key)).toEqual(['team meeting']);
  });

  it("the name the title gives the document ranks first, however often the document says another term", () => {
    // Seen in the corpus: git-log(1) ranked "commit" first, and git log, ranked second by one
    // document only, had no concept page; nor had git add, git clone or 40 more commands.
    const said = (key: string, weight: number) => ({ ...candidate(key, weight), sentences: [`The ${key} is shown.`] });
    const subject = { ...said('git log', 8), defined: true, subject: true as const };
    expect(rankDocumentTerms([said('commit', 9), subject, said('diff', 7)], 1).map((t) => [t.key, t.rank])).toEqual([['git log', 0], ['commit', 1], ['diff', 2]]);
    // Not marked as the subject, it ranks by strength.
    expect(rankDocumentTerms([said('commit', 9), { ...said('git log', 8), defined: true }, said('diff', 7)], 1).map((t) => t.key)).toEqual(['commit', 'git log', 'diff']);
  });

  it('a reference page defining many names ranks at most MAX_DOCUMENT_CONCEPTS of them', () => {
    const many = Array.from({ length: MAX_DOCUMENT_CONCEPTS + 15 }, (_, i) => candidate(`name${String(i).padStart(3, '0')}`, 3, true));
    expect(rankDocumentTerms(many, 1)).toHaveLength(MAX_DOCUMENT_CONCEPTS);
  });
});

describe('which concepts get a page', () => {
  it('a page when two documents share the term, or when one ranks it among its salient few', () => {
    expect(conceptHasPage(2, 9, 1)).toBe(true);
    expect(conceptHasPage(1, 0, 1)).toBe(true);
    expect(conceptHasPage(1, 1, 1)).toBe(false);
    expect(conceptHasPage(1, 2, 3)).toBe(true);
    expect(conceptHasPage(0, 0, 1)).toBe(false);
    expect(conceptHasPage(1, 0, 0)).toBe(false);
  });
});
