// "How many …", "How long …", "How often …", "When …": the offline answer opens with the
// sentence that holds such an answer (bench:answers, typed-questions.json).
import { describe, expect, it } from 'vitest';
import { askedType, countsAsked, holdsAnswer } from '../src/search/answer-type.js';
import { answerSentences, assembleOfflineAnswer, type Passage } from '../src/search/offline-answer.js';

describe('the kind of answer a question asks for', () => {
  it('reads it from the first words, and the word a count asks for', () => {
    expect(askedType('How many steps were the models trained for?')).toEqual({ type: 'count', counted: 'steps' });
    expect(askedType('How long did the training take?')).toEqual({ type: 'duration' });
    expect(askedType('How often does the task run?')).toEqual({ type: 'frequency' });
    expect(askedType('When was the second release?')).toEqual({ type: 'time' });
    expect(askedType('What year did it come out?')).toEqual({ type: 'time' });
    expect(askedType('How do I feed a starter?')).toBeUndefined();
    expect(askedType('What is a savepoint?')).toBeUndefined();
  });

  it('tells a sentence that holds such an answer', () => {
    expect(holdsAnswer('The big models were trained for 300,000 steps (3.5 days).', { type: 'duration' })).toBe(true);
    expect(holdsAnswer('The big models outperform the best previous models.', { type: 'duration' })).toBe(false);
    expect(holdsAnswer('The commit-graph task runs on an hourly basis.', { type: 'frequency' })).toBe(true);
    expect(holdsAnswer('December 1994 sees the second release of the format.', { type: 'time' })).toBe(true);
    expect(holdsAnswer('The encoder is a stack of six identical layers.', { type: 'count' })).toBe(true);
    const steps = { type: 'count' as const, counted: 'steps' };
    const stem = (w: string) => w.replace(/s$/, '');
    expect(countsAsked('We trained the base models for a total of 100,000 steps or 12 hours.', steps, stem)).toBe(true);
    expect(countsAsked('Each training step took about 0.4 seconds.', steps, stem)).toBe(false);
  });
});

describe('an offline answer to "How long …"', () => {
  it('opens with the sentence that says how long, where the best passage only talks about the subject', () => {
    const passages: Passage[] = [
      { page: 'wiki/sources/ferry.md', title: 'Ferry Handbook › Crossing', section: 1, heading: 'Crossing', text: 'The crossing of the ferry to the island is calm in summer and rough in winter storms.' },
      { page: 'wiki/sources/ferry.md', title: 'Ferry Handbook › Timetable', section: 2, heading: 'Timetable', text: 'The crossing of the ferry takes about 45 minutes in good weather.' },
    ];
    const answer = answerSentences(assembleOfflineAnswer('How long does the ferry crossing take?', passages).text);
    expect(answer[0]).toBe('The crossing of the ferry takes about 45 minutes in good weather.');
  });
});
