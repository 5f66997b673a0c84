/*
 * The fixed word lists entity typing reads (extract-entities.ts): honorifics, first names,
 * organisation, place, work and event words, and short gazetteers. Fixed lists, not a model, so
 * the same text gets the same entities in every version. Lower case.
 */
export const HONORIFICS = words('mr mrs ms miss dr prof professor sir dame lord lady mister president senator judge king queen prince princess saint');
export const FIRST_NAMES = words(`amara lukas mei wei ming hiroshi yuki kenji priya amit fatima ahmed mohammed omar olga ivan dmitri sergei
heikki tomas jelte magnus aaron adam adrian aidan alan albert alex alexander alice alison amanda amy andrea andreas andrew andy anna anne anthony antoine
arthur ashish barbara ben benjamin bill bob brian bruce carl carlos carol catherine charles charlotte chris christian christine christopher
claire colin daniel david dennis diana donald donna dorothy douglas edward elizabeth emily emma eric erik evan frank fred gary george
gerald grace greg gregory hannah harry helen henry hugo ian illia isaac jack jacob jakob james jan jane jason jean jeff jeffrey jennifer
jeremy jessica jim joe johannes john jonathan jose joseph josh joshua julia julie justin karen karl kate katherine keith kenneth kevin
larry laura lauren leo leon linda linus lisa llion louis lucas lukasz luke margaret maria mark martin mary matt matteo matthew max
michael michelle mike nancy nathan nicholas nick niki noam oliver olivia pablo patricia patrick paul peter philip pierre rachel ralph
raymond rebecca richard robert roger ronald ryan samuel sandra sarah scott sean sebastian simon sophie stefan stephen steve steven
susan thomas tim timothy tom tony victor vincent walter william yann yoshua`);
export const ORG_WORDS = words(`inc corp corporation ltd llc gmbh plc foundation university institute group association society company council
committee agency department ministry bank college school laboratory laboratories labs lab consortium organization organisation
federation union brain research press technologies project team software community commission bureau authority office academy`);
export const ORG_NAMES = words(`google microsoft apple amazon facebook meta ibm oracle intel nvidia mozilla github gitlab canonical debian w3c ietf iso
ansi ieee acm netflix twitter openai stanford harvard cern nasa apache ubuntu redhat cisco samsung sony adobe`);
export const PLACE_WORDS = words('city county river lake mountain mountains island islands street avenue road province valley bay ocean sea state states kingdom republic');
export const PLACE_NAMES = words(`africa america asia europe australia antarctica usa uk china japan india germany france italy spain portugal russia canada
mexico brazil argentina chile netherlands belgium switzerland austria sweden norway denmark finland poland ireland scotland england
wales greece turkey israel egypt korea taiwan singapore indonesia vietnam thailand iceland ukraine czechia hungary romania london
paris berlin tokyo beijing toronto montreal vancouver sydney melbourne moscow amsterdam vienna zurich geneva rome madrid barcelona
lisbon dublin edinburgh boston chicago seattle california texas washington oregon york brooklyn cambridge munich prague warsaw stockholm
oslo copenhagen helsinki delhi mumbai bangalore shanghai seoul mainz berkeley`);
export const PRODUCT_NAMES = words(`linux windows macos android ios python java javascript typescript chrome chromium firefox safari excel docker kubernetes
git emacs vim tex latex perl ruby rust postgresql mysql sqlite mongodb redis node npm unix freebsd openbsd solaris react angular vue
webpack babel eslint jquery tensorflow pytorch matlab mathematica powerpoint postscript ghostscript metapost bibtex xetex luatex
pdftex lualatex xelatex pdflatex sqlite`);
export const WORK_WORDS = words('journal transactions trans proceedings news companion review magazine times gazette act treaty manual handbook encyclopedia dictionary bible');
export const EVENT_WORDS = words('war conference summit olympics festival championship cup election revolution symposium workshop congress expo');
export const NOT_NAMES = words(`january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec note notes warning tip caution example examples table figure chapter section appendix see`);


function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter((w) => w.length > 0));
}

/** Nouns that make "X is a … library" evidence that X is software. */
export const PRODUCT_NOUNS = words(`library database tool program package framework module application editor compiler interpreter
server client utility engine browser toolkit`);
/** Words after which a name is a language or people, not a person ("Crimean Tatar", "Old English"). */
export const LANGUAGE_WORDS = words(`english french german spanish italian portuguese dutch russian chinese japanese korean arabic hebrew
greek latin turkish tatar polish czech swedish norwegian danish finnish hungarian romanian ukrainian hindi bengali persian thai
vietnamese indonesian malay swahili catalan basque welsh irish gaelic scots estonian latvian lithuanian slovak slovenian croatian
serbian bulgarian macedonian albanian armenian georgian kazakh uzbek mongolian tamil telugu urdu punjabi esperanto`);
/** Verbs of people: a name just before one is someone ("Codd wrote", "Lamport argued"). */
export const PERSON_VERBS = words('said says wrote writes argued argues born died explained noted recalled told asked replied founded');
