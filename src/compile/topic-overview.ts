import { conceptKey } from '../analyze/concept-key.js';
import { definesConcept } from '../analyze/rank-concepts.js';
import { singularize } from '../analyze/singularize.js';
import { isStopword } from '../analyze/stopwords.js';
import { namesFirst, titleName, titleNamesSubject } from '../analyze/title-subject.js';
import { tokenize } from '../analyze/tokenize.js';
import { labelText, pageText, type PageMember } from './topic-page.js';

/** Other documents the offline overview gives a sentence to, after the definition's. */
export const MAX_OVERVIEW_ADDITIONS = 4;

/** Two sentences sharing this much of their words say the same thing, for an overview. */
const SAME_SAYING = 0.5;

export interface OfflineOverview {
  /** The overview's Markdown: the lead sentence, then what other documents add. */
  text: string;
  /** The lead sentence as the document wrote it (the page's registry description), if any. */
  lead?: string;
}

/**
 * The overview the offline engine writes at the top of a concept or entity page, from its
 * sectioned documents (`members`, best first): the sentence that best says what the topic is
 * (leadSentence), then one sentence from each of up to MAX_OVERVIEW_ADDITIONS other documents
 * that says something the overview does not say yet. When no sentence of several documents says
 * what the topic is, the page says how many documents mention it and lets one sentence of each
 * of up to MAX_OVERVIEW_ADDITIONS + 1 documents speak, rather than open with a sentence about
 * something else ("Clones a repository into a newly created directory …" atop "repository").
 * Each sentence names its document. A function of the members alone, so the same documents
 * always give the same overview.
 */
export function offlineOverview(name: string, total: number, members: readonly PageMember[]): OfflineOverview {
  const surfaces = [...new Set([name, ...members.map((m) => m.name)].map((n) => n.toLowerCase()).filter((n) => n.length > 0).flatMap(withSingular))];
  const mentioned = `_${labelText(name)} is mentioned in ${total} document${total === 1 ? '' : 's'}._`;
  const [definer, lead] = leadSentence(members, surfaces) ?? [];
  const said = lead === undefined ? [] : [words(lead)];
  const additions: string[] = [];
  for (const member of members) {
    if (additions.length >= MAX_OVERVIEW_ADDITIONS + (lead === undefined ? 1 : 0)) break;
    if (member === definer) continue;
    const fresh = member.sentences.filter(readsAlone).map((s) => ({ s, w: words(s) })).find(({ w }) => !said.some((known) => overlap(known, w) >= SAME_SAYING));
    if (fresh === undefined) continue;
    said.push(fresh.w);
    additions.push(`- ${documentLink(member)}: ${pageText(fresh.s)}`);
  }
  if (!definer || lead === undefined) {
    return { text: additions.length > 0 ? [mentioned, '', total === 1 ? 'The document says:' : 'The documents say:', '', ...additions].join('\n') : mentioned };
  }
  const opening = members.length > 1 ? `${pageText(lead)} (${documentLink(definer)})` : pageText(lead);
  const text = additions.length > 0 ? [opening, '', additions.length === 1 ? 'Another document adds:' : 'Other documents add:', '', ...additions].join('\n') : opening;
  return { text, lead };
}

/**
 * The sentence that opens the overview, and its document: the document named for the topic,
 * when its first sentence names it first (what that document says it is: analyze-document.ts
 * withSubjectSentence puts it there: "ALTER VIEW changes various auxiliary properties of a
 * view."); else the first member whose sentences define the topic ("X is …"; keySentences puts
 * a definition first); else the first sentence that has the topic itself as its subject ("Each
 * column can …", "Indexes are …"); else, for a page of one document, that document's first
 * sentence. Among several documents, a sentence that only mentions the topic is about something
 * else more often than not: no lead then.
 */
function leadSentence(members: readonly PageMember[], surfaces: readonly string[]): [PageMember, string] | undefined {
  // surfaces[0] is the topic's own name (offlineOverview).
  const key = conceptKey(surfaces[0] ?? '');
  const named = members.find((m) => titleNamesSubject(m.title) && conceptKey(titleName(m.title)) === key);
  const own = named?.sentences[0];
  if (named && own !== undefined && readsAlone(own) && namesFirst(own, named.title)) return [named, own];
  // The only document is about the topic, and its opening says what it is whatever its first
  // words ("This is the x86_64 binary for @napi-rs/canvas.", "Installing the dict_xsyn extension creates …").
  const opening = named && members.length === 1 ? named.sentences.find((s) => readsAlone(s) && states(s)) : undefined;
  if (named && opening !== undefined) return [named, opening];
  for (const m of members) {
    const first = m.sentences[0];
    if (first !== undefined && readsAlone(first) && states(first) && definesConcept(first, surfaces)) return [m, first];
  }
  for (const m of members) for (const s of m.sentences) if (readsAlone(s) && states(s) && hasAsSubject(s, surfaces)) return [m, s];
  // A page of one document: any verb in -s right after the name makes it the subject
  // ("Composting turns kitchen scraps …", "DELETE deletes rows …"); among several, only the
  // verbs of SUBJECT_VERB, as a noun in -s after a name is as common ("Column names …").
  const only = members.length === 1 ? members[0]! : undefined;
  const acting = only?.sentences.find((s) => readsAlone(s) && states(s) && actsFirst(s, surfaces));
  return only && acting !== undefined ? [only, acting] : undefined;
}

/** The sentence opens with the topic's name (after "A"/"An"; "The X" is one X its document spoke of), then a word in -s. */
function actsFirst(sentence: string, surfaces: readonly string[]): boolean {
  const opening = sentence.replace(/^(?:An?|an?)\s+/, '').replace(/^`/, '');
  const lower = opening.toLowerCase();
  return surfaces.some((surface) => lower.startsWith(surface) && /^`?\s+\p{Ll}+s\b/u.test(opening.slice(surface.length)));
}

/**
 * "Each column can …", "Indexes are …": the sentence opens with the name, and a verb follows
 * (so "The database server must …" is not about databases). "The database needs …" is about one
 * database its document spoke of before, not about databases: a generic opening only, unless a
 * kind word says which ("The view routines contains …", "The pg_prepared_statements view displays …").
 */
function hasAsSubject(sentence: string, surfaces: readonly string[]): boolean {
  const lower = sentence.toLowerCase();
  const opening = lower
    .replace(/^(?:an?|each|every|all|most|some|many)\s+/, '')
    .replace(THE_KIND, '')
    .replace(/^`/, '');
  const theNamed = lower.replace(/^the\s+`?/, '');
  return surfaces.some(
    (surface) =>
      (opening.startsWith(surface) && SUBJECT_VERB.test(opening.slice(surface.length))) ||
      (theNamed.startsWith(surface) && KIND_THEN_VERB.test(theNamed.slice(surface.length))),
  );
}

/** Words that say what kind of thing a name is. */
const KIND = 'view|catalog|table|function|command|statement|option|clause|parameter|variable|extension|module|package|program|macro|environment|class|method|type';
/** "The view routines contains …", "The catalog pg_rewrite stores …": a kind word names the topic itself. */
const THE_KIND = new RegExp(`^the (?:${KIND})\\s+`);

/** A name and, for a plural ("references"), its singular: "A reference is …" speaks of references too. */
function withSingular(surface: string): string[] {
  const words = surface.split(' ');
  const singular = [...words.slice(0, -1), singularize(words[words.length - 1]!)].join(' ');
  return singular === surface ? [surface] : [surface, singular];
}

/** Verbs that make the name before them a sentence's subject (and its plural's: "Indexes are …"). */
const VERB = `(?:is|are|was|were|can|cannot|could|may|might|must|will|would|should|has|have|had|does|do|(?:${[
  'accept', 'act', 'affect', 'allow', 'apply', 'belong', 'compute', 'consist', 'contain', 'control', 'create', 'define', 'depend',
  'describe', 'determine', 'display', 'enable', 'exist', 'form', 'generate', 'give', 'hold', 'identify', 'implement', 'include',
  'keep', 'let', 'list', 'make', 'manage', 'match', 'mean', 'need', 'perform', 'point', 'prevent', 'produce', 'provide', 'record',
  'refer', 'remove', 'represent', 'require', 'return', 'run', 'select', 'serve', 'show', 'specify', 'store', 'support', 'take',
  'track', 'use', 'work',
].join('|')})(?:s|es)?|identifies|specifies|applies)\\b`;
/** After the name: a plural ending, then the verb. */
const SUBJECT_VERB = new RegExp(`^(?:e?s)?\`?,?\\s+${VERB}`);
/** After the name: a kind word, then the verb ("… view displays"). */
const KIND_THEN_VERB = new RegExp(`^\`?\\s+(?:${KIND}),?\\s+${VERB}`);

/**
 * A sentence that says something, ending as a statement does: not a question ("Node is running
 * but you don't know why?", a README's tagline), not a heading's words ("LuaTEX support 1").
 */
function states(sentence: string): boolean {
  return /[.!]["'’”)\]]*$/u.test(sentence.trim());
}

/** A sentence that reads well on its own in an overview: not an aside in parentheses, not a lead-in to a list. */
function readsAlone(sentence: string): boolean {
  const text = sentence.trim();
  return text.length <= 400 && !text.startsWith('(') && !text.endsWith(':');
}

function documentLink(member: PageMember): string {
  return `[[summaries/${member.doc}|${labelText(member.title, 80)}]]`;
}

function words(sentence: string): Set<string> {
  return new Set(
    tokenize(sentence)
      .filter((t) => t.kind === 'word' || t.kind === 'code')
      .map((t) => t.text.toLowerCase())
      .filter((w) => !isStopword(w)),
  );
}

/** Shared words over the smaller sentence's words. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.min(a.size, b.size);
}
