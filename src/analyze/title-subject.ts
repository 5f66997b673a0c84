// Whether a sentence is about what a document's title names: how a description chooses between
// a sentence of the text, the author's tagline and a man page's name line (summarize.ts).

/** "Assertion Error is a module …" of "assertion-error", "… tinyrainbow is a tiny and fast library …" of "🌈 tinyrainbow", "Vite (…) is a build tool …" of "vite". */
export function definesTitle(sentence: string, title: string): boolean {
  const name = titleName(title);
  if (name.length < 3) return false;
  const said = sentence.toLowerCase().replace(/`/g, '');
  // An aside between the name and its verb is read past: "Vite (French word for "quick") is a build tool …".
  return [name, name.replace(/[-_]/g, ' ')].some((n) => new RegExp(`(?:^|[\\s,])${escapeRegExp(n)} (?:\\([^()]{1,80}\\) )?(?:is|are) (?:a|an|the)\\b`, 'u').test(said));
}

/**
 * Does the sentence say what the titled thing is or does? Its subject is the name ("`pg_waldump`
 * displays …"), the command itself ("The SET command …", "Annotates each line …") or a term of
 * the title it defines ("A savepoint is a special mark …" of "SAVEPOINT"). Not an option's
 * description ("Defaults to the upstream branch of HEAD.") and not a definition of something
 * else ("The result is a "human-readable" object name …" of "git-describe(1)").
 */
export function saysWhatItIs(sentence: string, title: string): boolean {
  if (namesFirst(sentence, title)) return true;
  // "Clients may store …": a plural noun before a modal is the subject, not a verb in -s.
  if (PLURAL_SUBJECT.test(sentence) || OPTION_OPENER.test(sentence) || TAKES_OPTIONS.test(sentence)) return false;
  if (THE_COMMAND.test(sentence) || VERB_FIRST.test(sentence)) return true;
  const defined = DEFINITION.exec(sentence)?.[1];
  return defined !== undefined && sharesWord(defined, title);
}

/** Whether the sentence opens with the title's name ("`pg_waldump` displays …" for "pg_waldump"). */
export function namesFirst(sentence: string, title: string): boolean {
  const name = titleName(title);
  const opening = sentence.replace(/^`/, '').toLowerCase();
  // A whole name: "git" does not open "github is …".
  return name.length > 0 && opening.startsWith(name) && !/^[\p{L}\p{N}]/u.test(opening.slice(name.length));
}

const THE_COMMAND = /^(?:This|The) (?:\S+ ){0,3}(?:command|program|tool|utility|function|script|statement|module|package|library)\b/;
const VERB_FIRST = /^\p{Lu}\p{Ll}+[^s]s\b/u;
const DEFINITION = /^(?:An?|The) ([^,]{1,40}) (?:is|are) (?:a|an|the)\b/u;
// How a man page describes an option, not the command: "Defaults to …", "Implies --all.".
const OPTION_OPENER = /^(?:Defaults|Implies|Overrides|Ignored|Deprecated)\b/;
// What a command takes, not what it does: "The command takes options applicable to git-rev-list(1) …".
const TAKES_OPTIONS = /^(?:This|The) (?:\S+ ){0,3}(?:command|program|tool|utility|script)s? (?:also )?(?:takes|accepts|supports|understands|has) (?:\S+ ){0,2}(?:options|arguments|flags)\b/;

/** Whether two phrases share a word of three letters or more, plural or not ("partial index", "Partial Indexes"). */
function sharesWord(phrase: string, title: string): boolean {
  const words = (text: string): string[] => (text.toLowerCase().match(/\p{L}{3,}/gu) ?? []).map((w) => w.replace(/(?:es|s)$/, ''));
  const titleWords = new Set(words(title));
  return words(phrase).some((w) => titleWords.has(w));
}

const PLURAL_SUBJECT = /^\p{Lu}\p{Ll}+s (?:may|can|cannot|must|should|will|would|could|might|are|were|have|do)\b/u;

/** The name a title gives, as a sentence would write it: "🌈 tinyrainbow" → "tinyrainbow", "git-add(1)" → "git-add". */
export function titleName(title: string): string {
  return titleNameAsWritten(title).toLowerCase();
}

/**
 * Whether the title is a name (a command, a package: "git-diff-files(1)", "vitest/expect",
 * "fdir") rather than words ("Installation", "Rust Compiler"): a name has a character other
 * than letters and spaces, or is written in lower case.
 */
/**
 * A title that names the one thing its document is about: a name (titleIsName), or a command
 * in capitals of two words or more ("ALTER VIEW", "REFRESH MATERIALIZED VIEW"); one capitalised
 * word ("README", "FAQ") is not.
 */
export function titleNamesSubject(title: string): boolean {
  return titleIsName(title) || /^\p{Lu}[\p{Lu}\d_]*(?: \p{Lu}[\p{Lu}\d_]*)+$/u.test(titleNameAsWritten(title));
}

export function titleIsName(title: string): boolean {
  const name = titleNameAsWritten(title);
  return name !== '' && (/[^\p{L}\s]/u.test(name) || name === name.toLowerCase());
}

/**
 * The title's name when it is one lower-case word ("pump", "tar-stream", "bl" of "bl
 * (BufferList)"): READMEs open with it as a sentence's subject, without code marks.
 */
export function lowerCaseName(title: string): string | undefined {
  const name = titleNameAsWritten(title);
  return /^\p{Ll}[\p{L}\p{N}_.@/-]*$/u.test(name) ? name : undefined;
}

export function titleNameAsWritten(title: string): string {
  // Emoji and marks around the name go ("🌈 tinyrainbow", "Vite ⚡"), as does a man page's section.
  return title.replace(/^[^\p{L}\p{N}]+|\s+[^\p{L}\p{N}\s]+$|\s*\([^)]*\)$/gu, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
