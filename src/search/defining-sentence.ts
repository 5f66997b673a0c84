import { conceptKey } from '../analyze/concept-key.js';
import { isStopword } from '../analyze/stopwords.js';
import { entryCommand } from './passage-sentences.js';

// Words that say what kind of thing a name is ("the SAVEPOINT command", "the url package").
const KIND_WORDS = 'command|statement|clause|function|parameter|setting|option|data type|type|module|extension|view|mode|utility|program|package|library|tool|feature';

/** What a question asks to have defined, and the names it may go by in a sentence. */
export interface AskedSubject {
  /** As the question writes it, article and question words aside: "single-row mode in libpq". */
  text: string;
  /** Lower-case names a defining sentence may open with, best first ("single-row mode", "single row mode"). */
  names: string[];
  /** Written as a name (code, capitals, digits, `_` or `.`): a command or function, whose "X does …" says what it is. */
  isName: boolean;
  /** What the question asks about X besides, lower-case: "and when is it useful" of "What is X and when is it useful?". */
  more: string;
}

// "What is X?", "What are Xs?", "What does X do/mean?", "What is X for/used for?", "What is meant by X?"
const WHAT_IS_X = /^\s*what\s+(?:(?:is|are)\s+meant\s+by|is|are|does|do)\s+(?:an?\s+|the\s+)?(.+?)(?:\s+(?:do|for|used\s+for|mean|stand\s+for))?\s*$/i;
// "What is X and when is it useful?": what follows "and" asks something more about X.
const AND_MORE = /\s+and\s+(?:when|how|why|what|where|which|who|whom|is|are|does|do|can|could|should|would|will|in)\b.*$/i;
// "What is single-row mode in libpq?": the sentence that defines it says "Single-row mode is …".
const CONTEXT = /\s+(?:in|within)\s+\S.*$/i;

/** The subject of a question asking what X is or does; undefined for any other question. */
export function askedSubject(question: string): AskedSubject | undefined {
  const head = question.split('?')[0]!;
  const asked = WHAT_IS_X.exec(head.replace(AND_MORE, ''))?.[1];
  if (asked === undefined || conceptKey(asked) === '') return undefined;
  const names = new Set<string>();
  for (const form of [asked, asked.replace(CONTEXT, '')]) {
    const lower = form.replace(/[`"“”]/g, '').toLowerCase().trim();
    if (lower === '') continue;
    names.add(lower);
    names.add(lower.replace(/-/g, ' '));
    names.add(conceptKey(form));
  }
  const isName = /[`_\d.]|\p{Lu}{2}/u.test(asked) || !asked.includes(' ') && /\p{Lu}/u.test(asked.slice(1));
  return { text: asked, names: [...names].filter((n) => n !== ''), isName, more: (AND_MORE.exec(head)?.[0] ?? '').trim().toLowerCase() };
}

/**
 * What a page must say to speak of the subject of "What is X?" when X is a name of two words or
 * more ("git stash", "the Linux OOM killer"): X itself, or X without a closing kind word
 * ("the Node.js cluster module": "node.js cluster"), or without a leading name that qualifies
 * it ("the Linux OOM killer": "oom killer"), a plural ending allowed. A page that has
 * X's words apart ("the stash list" in git-merge, "git log" in git-log) does not say what X is.
 * Undefined for one word, and for a description with a function word ("the purpose of the
 * WAL"), whose words need not stand together.
 */
export function subjectPhrases(subject: AskedSubject): RegExp[] | undefined {
  const forms = new Set<string>();
  for (const form of [subject.text, subject.text.replace(CONTEXT, '')]) {
    const written = form.replace(/[`"“”]/g, '').split(/[\s-]+/).filter((w) => w !== '');
    const words = written.map((w) => w.toLowerCase());
    if (words.some((w) => isStopword(w))) return undefined;
    // A leading name qualifies what follows ("the Linux OOM killer"); when one word follows ("a
    // PostgreSQL table", "Git's index") the text may well say "a table in PostgreSQL": no rule.
    // Words all in capitals are one command's name ("VACUUM FULL"), not a qualifier and a noun.
    const qualified = /^\p{Lu}/u.test(written[0] ?? '') && /\p{Ll}/u.test(written[0] ?? '') ? words.slice(1) : words;
    if (qualified.length < 2) return undefined;
    forms.add(words.join(' '));
    forms.add(qualified.join(' '));
    if (KIND_WORD.test(words[words.length - 1]!) && words.length > 2) forms.add(words.slice(0, -1).join(' '));
  }
  return [...forms].map((form) => new RegExp(`(?<![\\p{L}\\p{N}_])${form.split(' ').map(escapeRegExp).join('[\\s-]+')}(?:e?s)?(?![\\p{L}\\p{N}_])`, 'iu'));
}

/**
 * Whether a text says one of subjectPhrases' phrases (code marks and emphasis aside). A manual
 * page reference in the text ("see git-stash(1)") points at another page and does not count:
 * git-merge's autostash option was quoted for "What does git stash do?". One that opens a
 * definition list's entry ("git-stash(1)::", or "**git-stash(1)**: Stash the changes …") is the name defined.
 */
export function saysPhrase(text: string, phrases: readonly RegExp[]): boolean {
  const plain = text.normalize('NFKC').replace(/[`*]/g, '').replace(MAN_PAGE_REFERENCE, ' ');
  return phrases.some((phrase) => phrase.test(plain));
}

// "git-stash(1)", "gitrevisions(7)", "printf(3p)"; not a definition list's term ("git-stash(1)::",
// or "**git-stash(1)**: Stash …" as the text converter shows it).
const MAN_PAGE_REFERENCE = /[\p{L}\p{N}_.-]+\(\d[a-z]?\)(?!:)/gu;

const KIND_WORD = new RegExp(`^(?:${KIND_WORDS})$`);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// After the name: a plural ending, a kind word ("The SAVEPOINT command"), an aside in brackets or commas.
const AFTER_NAME = new RegExp(String.raw`^(?:e?s)?(?:\s+(?:${KIND_WORDS}))?(?:\s*\([^)]{0,120}\)|,[^,]{0,100},)?\s+`);
// "X is a …", "Xs are one of …": the class X belongs to.
const GENUS = /^(?:is|are)\s+(?:a|an|one\s+of)\s/;
// "X is the …", "X refers to …", "X means …".
const EQUATES = /^(?:(?:is|are)\s+(?:the|defined\s+as|used\s+to|called)|means|refers?\s+to|denotes|stands\s+for|represents?)\s/;
// "ALTER VIEW changes …", "test_decoding receives …": a verb in -s after a command's name.
const ACTS = /^\p{Ll}+s\s/u;

/**
 * How squarely a sentence defines the subject: 3 "X is a …" (what kind of thing it is), 2 "X is
 * the …", "X refers to …", "X means …", 1 "X does …" when X is a name (what a command does is
 * what it is) and a command list's entry for X, 0 when X is not its subject or the verb says
 * something else ("Savepoints can only be established …"). "The X" is one grade less for words
 * ("The table is the …" speaks of one table). Code marks and emphasis do not count.
 */
export function definitionGrade(sentence: string, subject: AskedSubject): number {
  // A command list's entry ("`git-status(1)`: Show the working tree status.") says what the
  // command it names does.
  const command = entryCommand(sentence);
  if (command !== undefined) return subject.names.includes(conceptKey(command)) ? 1 : 0;
  const plain = sentence.replace(/[`*]/g, '').replace(/(^|[\s(])_+|_+(?=[\s),.;:]|$)/g, '$1').toLowerCase();
  const the = /^the\s/.test(plain);
  const opening = plain.replace(/^(?:a|an|the)\s+/, '');
  for (const name of subject.names) {
    if (!opening.startsWith(name)) continue;
    const rest = AFTER_NAME.exec(opening.slice(name.length));
    if (!rest) continue;
    const verb = opening.slice(name.length + rest[0].length);
    const grade = GENUS.test(verb) ? 3 : EQUATES.test(verb) ? 2 : subject.isName && ACTS.test(verb) ? 1 : 0;
    if (grade > 0) return the && !subject.isName ? grade - 1 : grade;
  }
  return 0;
}
