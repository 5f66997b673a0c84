// Whether a sentence is about what a document's title names: how a description chooses between
// a sentence of the text, the author's tagline and a man page's name line (summarize.ts).

/** "Assertion Error is a module …" of "assertion-error", "… tinyrainbow is a tiny and fast library …" of "🌈 tinyrainbow". */
export function definesTitle(sentence: string, title: string): boolean {
  const name = titleName(title);
  if (name.length < 3) return false;
  const said = sentence.toLowerCase().replace(/`/g, '');
  return [name, name.replace(/[-_]/g, ' ')].some((n) => new RegExp(`(?:^|[\\s,])${escapeRegExp(n)} (?:is|are) (?:a|an|the)\\b`, 'u').test(said));
}

/**
 * Does the sentence say what the titled thing is or does? Its subject is the name ("`pg_waldump`
 * displays …"), the command itself ("The SET command …", "Annotates each line …") or a term it
 * defines ("A savepoint is a special mark …").
 */
export function saysWhatItIs(sentence: string, title: string): boolean {
  const name = titleName(title);
  if (name.length > 0 && sentence.replace(/^`/, '').toLowerCase().startsWith(name)) return true;
  return /^(?:This|The) (?:\S+ ){0,3}(?:command|program|tool|utility|function|script|statement|module|package|library)\b|^\p{Lu}\p{Ll}+[^s]s\b|^(?:An?|The) [^,]{1,40} (?:is|are) (?:a|an|the)\b/u.test(sentence);
}

/** The name a title gives, as a sentence would write it: "🌈 tinyrainbow" → "tinyrainbow", "git-add(1)" → "git-add". */
function titleName(title: string): string {
  return title.replace(/^[^\p{L}\p{N}]+|\s*\([^)]*\)$/gu, '').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
