import { isStopword } from '../analyze/stopwords.js';

/** A word, snake_case names whole, emphasis ("_partial index_") aside. */
export const WORD = /[\p{L}\p{N}]+(?:_[\p{L}\p{N}]+)*/gu;

// Words of how a question is asked, not of what it is about: "How do I use …", "What does … do".
const QUESTION_WORDS = new Set(['how', 'what', 'which', 'when', 'where', 'why', 'who', 'whom', 'whether', 'do', 'does', 'did', 'can', 'could', 'should', 'would', 'use', 'using', 'work', 'works', 'way', 'ways', 'mean', 'means', 'tell', 'explain', 'happen', 'happens', 'kb']);

/** The words a question is about, lower-case, in order, each once: no stopwords, no question words. */
export function questionTerms(question: string): string[] {
  const words = (question.normalize('NFKC').toLowerCase().match(WORD) ?? []).filter((w) => w.length > 1 && !isStopword(w) && !QUESTION_WORDS.has(w));
  return [...new Set(words)];
}

/** A question with fewer terms of its own than this leans on the conversation before it. */
const MIN_OWN_TERMS = 2;
/** Terms carried over at most: the subject of the last questions, not the whole conversation. */
const MAX_CARRIED = 6;

/**
 * In a chat, "and the other mode?" or "how often?" is about what the earlier questions were
 * about: the key terms of the most recent earlier questions — each of which may itself have
 * carried terms over — that the question does not have. Empty when the question has enough
 * terms of its own, or opens no follow-up ("and …", "what about …") and has two.
 */
export function carriedTerms(question: string, earlierQuestions: readonly string[]): string[] {
  const own = questionTerms(question);
  const followUp = own.length < MIN_OWN_TERMS || (/^\s*(?:and|or|but|also|what about|how about|then)\b/iu.test(question) && own.length <= MIN_OWN_TERMS);
  if (!followUp || earlierQuestions.length === 0) return [];
  const last = earlierQuestions.length - 1;
  const before = [...questionTerms(earlierQuestions[last]!), ...carriedTerms(earlierQuestions[last]!, earlierQuestions.slice(0, last))];
  return [...new Set(before)].filter((t) => !own.includes(t)).slice(0, MAX_CARRIED);
}
