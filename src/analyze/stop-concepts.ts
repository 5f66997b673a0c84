import { isGeneralEnglish } from './general-english.js';

/**
 * Names that are never a concept of their own (issue 17): a reader looks up "write-ahead log",
 * not "April", "2019", ":mod:" or "Table". One test, shared by candidate collection (such a
 * name never becomes a candidate) and the concept bench's junk report (which counts the
 * concept pages that slip through anyway), so the two cannot drift apart.
 */
export type StopConceptReason = 'month or weekday' | 'number or date' | 'markup' | 'under 3 letters' | 'generic word';

const CALENDAR = new Set(
  `january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun`.split(/\s+/),
);
/** Short calendar abbreviations that are also ordinary words or names: only a stop concept when alone. */
const AMBIGUOUS_ABBREVIATIONS = new Set(['mar', 'jan', 'sun', 'sat', 'wed', 'mon', 'dec', 'may', 'march']);

/**
 * Role and directive names of reStructuredText/Sphinx (`:mod:`, `:func:`) and the plain-TeX
 * and LaTeX programming primitives (`\def`, `\csname`, `\expandafter`): what a converter leaves
 * when it keeps markup as text, and AsciiDoc macros (linkgit:, xref:, ifdef::). Written from the
 * Sphinx, TeXbook and AsciiDoc macro lists; linkgit was added after it headed the corpus KB's
 * concept index (32 documents).
 */
const MARKUP = new Set(
  `mod func meth attr exc obj ref envvar kbd samp abbr dfn guilabel menuselection mimetype
  newsgroup makevar sub sup eq numref ctype cfunc cmacro cmember cdata cvar toctree versionadded versionchanged
  deprecated seealso rubric sectionauthor moduleauthor codeauthor literalinclude highlight
  def edef gdef xdef csname endcsname expandafter noexpand relax futurelet afterassignment
  aftergroup begingroup endgroup bgroup egroup makeatletter makeatother newcommand renewcommand
  providecommand newenvironment renewenvironment ifx ifnum ifdim ifcase ifdefined ifcsname fi
  else or unless let global long outer protected detokenize unexpanded romannumeral string
  meaning number the showthe catcode uccode lccode sfcode mathcode delcode newcount newdimen
  newskip newtoks newbox newif advance multiply divide setbox hbox vbox vtop hskip vskip kern
  penalty par indent noindent usepackage documentclass requirepackage providespackage
  declareoption processoptions executeoptions begin end item label caption textbf textit
  emph texttt mbox makebox fbox hspace vspace newline linebreak pagebreak clearpage endinput
  input include includegraphics bibitem cite nocite ensuremath mathrm mathbf frac sqrt
  linkgit xref ifdef ifndef ifeval endif`.split(/\s+/),
);
// Only these are markup when they appear without their backslash or colons: the rest of MARKUP
// are also English words (item, label, begin) and are left to the generic-word test.
const MARKUP_ONLY = new Set([...MARKUP].filter((w) => !isGeneralEnglish(w)));

const ASCIIDOC_MACRO = /^(?:ifdef|ifndef|ifeval|endif|include|linkgit|xref|link|image|footnote|kbd|btn|menu|pass|anchor|indexterm2?)::?\S/;
const NUMBER_OR_DATE = /^[\d\s.,:/+-]+(?:st|nd|rd|th|s|am|pm|k|m|%)?$/;
const ROMAN = /^[ivxlcdm]+$/;

/** Why a canonical concept key is not a concept, or undefined when it may be one. */
export function stopConceptReason(key: string): StopConceptReason | undefined {
  const words = key.split(' ').filter((w) => w.length > 0);
  if (words.length === 0) return 'under 3 letters';
  if (/^[\\:@]|:$|\\/.test(key) || words.some((w) => /^\\|^:\w+:$/.test(w))) return 'markup';
  // AsciiDoc macros and directives: ifdef::git-log[], include::file[], linkgit:git-add[1].
  if (ASCIIDOC_MACRO.test(key)) return 'markup';
  if (words.every((w) => NUMBER_OR_DATE.test(w) || CALENDAR.has(w) || (words.length > 1 && ROMAN.test(w) && w.length <= 4))) {
    return words.every((w) => CALENDAR.has(w)) ? 'month or weekday' : 'number or date';
  }
  // A date written with a month ("March 2021", "12 April") is a date, not a topic.
  if (words.some((w) => CALENDAR.has(w) && !AMBIGUOUS_ABBREVIATIONS.has(w)) && words.some((w) => /^\d{1,4}(?:st|nd|rd|th)?$/.test(w))) return 'number or date';
  if ((key.match(/\p{L}/gu) ?? []).length < 3) return 'under 3 letters';
  if (words.length > 1) return undefined;
  const word = words[0]!;
  if (CALENDAR.has(word)) return 'month or weekday';
  if (MARKUP_ONLY.has(word)) return 'markup';
  if (isGeneralEnglish(word)) return 'generic word';
  return undefined;
}

/** Whether a canonical key may name a concept (see stopConceptReason). */
export function mayBeConcept(key: string): boolean {
  return stopConceptReason(key) === undefined;
}
