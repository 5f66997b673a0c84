// What a question is about, read from its words alone (src/search/question-terms.ts): the
// offline answer weighs them to decide which documents are on the question.
import { describe, expect, it } from 'vitest';
import { questionFrame, questionTerms } from '../src/search/question-terms.js';

describe('the terms of a question', () => {
  it('drops how a question is asked, but keeps a question word written as a name (a SQL command)', () => {
    expect(questionTerms('How do I use the index?')).toEqual(['index']);
    expect(questionTerms('What options does the EXPLAIN command accept?')).toEqual(['options', 'explain', 'command', 'accept']);
    expect(questionTerms('Explain how the planner works')).toEqual(['planner']);
    // A question shouted in capitals names nothing by its capitals.
    expect(questionTerms('HOW DO I USE THE INDEX?')).toEqual(['index']);
  });
});

describe('the frame of a question', () => {
  it('is the kind asked for and the closing verb of "What options does the EXPLAIN command accept?"', () => {
    expect(questionFrame('What options does the EXPLAIN command accept?')).toEqual({ kind: ['options'], verb: 'accept' });
    expect(questionFrame('Which flags does git clean support?')).toEqual({ kind: ['flags'], verb: 'support' });
    expect(questionFrame('What does the alltt environment preserve?')).toEqual({ kind: [], verb: 'preserve' });
  });

  it('is empty for a question of another shape, or with no subject between the auxiliary and the verb', () => {
    expect(questionFrame('How do I rewrite branch history with filter-branch?')).toEqual({ kind: [], verb: undefined });
    expect(questionFrame('What is a partial index?')).toEqual({ kind: [], verb: undefined });
    expect(questionFrame('What does it need?')).toEqual({ kind: [], verb: undefined });
  });

  it('reads the question only, not the terms a chat follow-up carries after it', () => {
    expect(questionFrame('What options does the EXPLAIN command accept? planner costs')).toEqual({ kind: ['options'], verb: 'accept' });
  });
});
