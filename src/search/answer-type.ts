/**
 * What kind of answer a question asks for, when its first words say so: "How many …" a count,
 * "How long …" a duration, "How often …" a frequency, "When …" a time. The offline answer
 * opens with the best sentence that holds one (answer-leads.ts typedLead), where the search's best
 * passage may only talk about the subject: "How long did it take to train the big Transformer
 * models?" is answered by "The big models were trained for 300,000 steps (3.5 days).".
 */
export type AnswerType = 'count' | 'duration' | 'frequency' | 'time';

export interface AskedType {
  type: AnswerType;
  /** The word a count asks for, lower-case: "steps" in "How many steps …". */
  counted?: string;
}

export function askedType(question: string): AskedType | undefined {
  const asked = question.trim().toLowerCase();
  const count = /^how (?:many|much) ([a-z]+)/.exec(asked);
  if (count) return { type: 'count', counted: count[1] };
  if (/^how (?:many|much)\b/.test(asked)) return { type: 'count' };
  if (/^how long\b/.test(asked)) return { type: 'duration' };
  if (/^how often\b/.test(asked)) return { type: 'frequency' };
  if (/^(?:when\b|what (?:year|date|day|month|time)\b)/.test(asked)) return { type: 'time' };
  return undefined;
}

const NUMBER_WORD = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen';
const NUMBER = `(?:\\d[\\d,.]*|${NUMBER_WORD})`;
const UNIT_OF_TIME = '(?:ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|years?)';
const MONTH = 'January|February|March|April|May|June|July|August|September|October|November|December';
const WEEKDAY = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';

const HOLDS: Record<AnswerType, RegExp> = {
  count: new RegExp(`\\b${NUMBER}\\b`, 'iu'),
  duration: new RegExp(`\\b(?:${NUMBER}|an?|several|few)[\\s-]+${UNIT_OF_TIME}\\b`, 'iu'),
  frequency: new RegExp(`\\b(?:hourly|daily|weekly|monthly|yearly|annually|once|twice|every|each (?:hour|day|week|month|year)|${NUMBER} times)\\b`, 'iu'),
  // Case matters here: "May" is a month, "may" a verb.
  time: new RegExp(`\\b(?:1[5-9]\\d\\d|20\\d\\d|${MONTH}|${WEEKDAY}|morning|afternoon|evening|night|noon|midnight|\\d{1,2}:\\d\\d)\\b`, 'u'),
};

/** Whether the sentence holds an answer of the type: a number, a duration, a frequency, a time. */
export function holdsAnswer(sentence: string, asked: AskedType): boolean {
  return HOLDS[asked.type].test(sentence);
}

/** Whether a number stands within three words before the counted word ("100,000 steps", "N = 6 identical layers"). */
export function countsAsked(sentence: string, asked: AskedType, stem: (word: string) => string): boolean {
  if (asked.counted === undefined) return false;
  const counted = stem(asked.counted);
  const words = sentence.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N},.]*/gu) ?? [];
  const bare = words.map((word) => word.replace(/[,.]+$/, ''));
  return bare.some((word, i) => stem(word) === counted && bare.slice(Math.max(0, i - 3), i).some((w) => NUMBER_ALONE.test(w)));
}

const NUMBER_ALONE = new RegExp(`^${NUMBER}$`, 'iu');
