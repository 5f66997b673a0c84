import { isStopword } from '../analyze/stopwords.js';

/** A word, snake_case names whole, emphasis ("_partial index_") aside. */
export const WORD = /[\p{L}\p{N}]+(?:_[\p{L}\p{N}]+)*/gu;

// Words of how a question is asked, not of what it is about: "How do I use …", "What does … do".
const QUESTION_WORDS = new Set(['how', 'what', 'which', 'when', 'where', 'why', 'who', 'whom', 'whether', 'do', 'does', 'did', 'can', 'could', 'should', 'would', 'use', 'using', 'work', 'works', 'way', 'ways', 'mean', 'means', 'tell', 'explain', 'happen', 'happens', 'kb']);

/**
 * The words a question is about, lower-case, in order, each once: no stopwords, no question
 * words — unless one is written as a name, in capitals in a question that is not all capitals:
 * "What options does the EXPLAIN command accept?" is about EXPLAIN, the SQL command.
 */
export function questionTerms(question: string): string[] {
  const text = question.normalize('NFKC');
  const shouted = !/\p{Ll}/u.test(text);
  const words = (text.match(WORD) ?? []).filter((w) => {
    const lower = w.toLowerCase();
    return w.length > 1 && !isStopword(lower) && (!QUESTION_WORDS.has(lower) || (!shouted && isWrittenAsName(w)));
  });
  return [...new Set(words.map((w) => w.toLowerCase()))];
}

/** EXPLAIN, SHOW: a word of three or more capitals names a command, not how a question is asked. */
function isWrittenAsName(word: string): boolean {
  return /^\p{Lu}{3,}$/u.test(word);
}

const WH_WORDS = new Set(['what', 'which']);
export const AUXILIARIES: ReadonlySet<string> = new Set(['do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'must', 'may', 'might']);

/** The words that frame a question rather than name what it is about (questionFrame). */
export interface QuestionFrame {
  /** The kind of thing asked for, lower-case: "options" in "What options does … accept?". */
  kind: string[];
  /** The verb that closes the question, lower-case: "accept". */
  verb: string | undefined;
}

/**
 * "What options does the EXPLAIN command accept?", "Which flags does git clean support?": a
 * what/which question with do-support names the kind of thing it asks for after the wh-word and
 * closes with its verb; what it is about stands between the auxiliary and that verb. Every
 * command has options and accepts things, so an answer needs the subject more than the frame.
 * Only the question up to its first "?" is read: a chat follow-up's carried terms come after it.
 * Empty for any other shape, and when no content word stands between the auxiliary and the
 * last word (then the last word may be the subject itself).
 */
export function questionFrame(question: string): QuestionFrame {
  const none: QuestionFrame = { kind: [], verb: undefined };
  const asked = question.split('?')[0]!;
  const words = asked.normalize('NFKC').toLowerCase().match(WORD) ?? [];
  if (!WH_WORDS.has(words[0] ?? '')) return none;
  const auxiliary = words.findIndex((w, i) => i > 0 && AUXILIARIES.has(w));
  if (auxiliary < 0 || !words.slice(auxiliary + 1, -1).some(isContentWord)) return none;
  return { kind: words.slice(1, auxiliary).filter(isContentWord), verb: words[words.length - 1] };
}

function isContentWord(word: string): boolean {
  return word.length > 1 && !isStopword(word) && !QUESTION_WORDS.has(word);
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
