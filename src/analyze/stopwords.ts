/**
 * Function words that never start, end or sit inside a concept name. A small fixed list
 * (not a package) because it must never change under a stored KB: concept keys and document
 * frequencies saved by one version have to match those computed by the next.
 *
 * Why not wink-nlp's stop-word flags (its.stopWordFlag; measured, issue 16): its list holds
 * content words of technical text — name, full, empty, call, show, top, side, part, first,
 * used — so "Full text search" gave the concept "text search" and "column name" gave
 * "column"; it lacks cannot, shall, instead, vs, cf and the pieces of contractions (shouldn,
 * ve) that the tokenizer makes. Concept F1@10 fell from 0.199 to 0.197 and the search bench's
 * hit@10 as shown from 0.948 to 0.945, and `kb search`, which reads this list to drop query
 * words, would have to load the model (135 ms) first.
 */
const STOPWORDS = `a about above across after afterwards again against all almost alone along already also
although always am among amongst an and another any anybody anyhow anyone anything anyway anywhere
are aren around as at be became because become becomes becoming been before beforehand behind being
below beside besides between beyond both but by can cannot could couldn d did didn do does doesn
doing don done down during each either else elsewhere enough even ever every everybody everyone
everything everywhere except few for former formerly from further had hadn has hasn have haven
having he hence her here hereafter hereby herein hers herself him himself his how however i ie if
in indeed instead into is isn it its itself just last latter latterly least less ll m many may
me meanwhile might mine more moreover most mostly much must my myself namely neither never
nevertheless next no nobody none noone nor not nothing now nowhere o of off often on once one
only onto or other others otherwise our ours ourselves out over own per perhaps please quite
rather re really s same seem seemed seeming seems several shall shan she should shouldn since so
some somebody somehow someone something sometime sometimes somewhere still such t than that the
their theirs them themselves then thence there thereafter thereby therefore therein thereupon these
they this those though through throughout thru thus to together too toward towards under unless
until up upon us ve very via was wasn we well were weren what whatever when whence whenever where
whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole
whom whose why will with within without won would wouldn y yet you your yours yourself yourselves
eg e.g i.e etc vs cf and/or th nd rd st`;

/**
 * Words that are nouns or adjectives to a tagger but carry no topic: they are trimmed from
 * the start of a phrase ("several new methods" → "methods") and never stand alone.
 */
const GENERIC = `able above-mentioned actual additional appropriate available based below certain
corresponding current different due easy entire example examples existing extra few following
further general given good hard important instance kind kinds large latter like likely little lot
lots many means method methods more most necessary new non number numbers old ones
order other own part particular past possible previous proper rather relevant respective
same second several similar single small so-called special specific sure
third typical unique usual various way ways whole wrong first last least next thing things
case cases fact use uses using used usage details detail information note notes section
sections chapter chapters page pages see also default value values result results
including containing according depending regarding concerning assuming allowing providing making
getting giving taking true false`;

/**
 * Nouns that end a phrase without being its topic: "Table Basics" is about tables, "Event
 * Trigger Support" about event triggers, "the UPDATE command" and "the WHERE clause" about
 * UPDATE and WHERE. A phrase never ends on one.
 */
const WEAK_HEADS = `basics overview introduction summary example examples details detail information note notes
section sections chapter chapters page pages part parts purpose description discussion usage
considerations tips way ways case cases thing things lot lots support command commands clause
clauses keyword keywords`;

const stopwords = new Set(STOPWORDS.split(/\s+/));
const generic = new Set(GENERIC.split(/\s+/));
const weakHeads = new Set(WEAK_HEADS.split(/\s+/));

/** A function word: never part of a concept. */
export function isStopword(lowerWord: string): boolean {
 return stopwords.has(lowerWord);
}

/** A content word too vague to open a concept name or to be one by itself. */
export function isGenericWord(lowerWord: string): boolean {
 return generic.has(lowerWord);
}

/** A noun that never ends a concept name (see WEAK_HEADS). */
export function isWeakHead(lowerWord: string): boolean {
  return weakHeads.has(lowerWord);
}
