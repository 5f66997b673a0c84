/**
 * Everyday English content words: nouns, verbs and adjectives that any text uses, whatever it
 * is about. A concept page titled by one of them alone ("Function", "Table", "Background",
 * "Meeting") tells a reader nothing the word does not, so such a word becomes a concept only
 * inside a longer name ("foreign table", "background worker"); stop-concepts.ts applies that.
 *
 * Source: a general English frequency list, not the corpus kb is measured on. The words are the
 * content words of Michael West's General Service List (1953; the ~2,000 most frequent and
 * useful English word families) as best recalled, plus the commonest everyday words of the
 * first few thousand of general frequency lists (COCA/BNC style) that the GSL predates
 * (computer, data, program, file, system, user…). Written from that knowledge, not tuned on the
 * PostgreSQL pages or any corpus file. Base forms only: a candidate key is singularised
 * (concept-key.ts), and the test also tries -s/-ed/-ing stems.
 */
const WORDS = `
ability accept accident account act action active activity actual add address admit advance
advantage adventure advertise advice affair afford afraid age agent agree agreement aim air allow
amount amuse analysis ancient anger angle angry animal announce annoy answer anxiety anxious
apparent appear appearance apply appoint approval approve area argue argument arm army arrange
arrangement arrive art article ask asleep attack attempt attend attention attitude attract
audience author authority automatic average avoid awake aware baby back background bad bag
balance ball band bank bar bare base basic basis basket bath battle beam bear beat beautiful
beauty bed begin beginning behave behaviour behavior belief believe bell belong bend benefit
best better big bill bind bird birth bit bite bitter black blade blame blind block blood blow
blue board boat body boil bone book border born borrow bottle bottom bound bowl box boy brain
branch brave bread break breakfast breath breathe brick bridge brief bright bring broad brother
brown brush budget build building burn burst business busy buy cake call calm camp capital car
card care careful carry cat catch cause centre center century certain chain chair chance change
character charge cheap check cheer chief child choice choose church circle citizen city civil
claim class clean clear clerk clever climb clock close cloth clothes cloud club coal coast coat
code coffee cold collect colour color combine come comfort command comment committee common
company compare comparison compete competition complain complete complex computer concern
condition confidence confuse connect connection conscience consider contain content continue
control convenient conversation cook cool copy corner correct cost cotton count country couple
courage course court cover cow crack create creature credit crime crop cross crowd cry culture
cup cure curious current curse curtain custom customer cut damage dance danger dark data date
daughter day dead deal dear death debt decide decision deep defeat defend definite degree delay
delight deliver demand depend describe description desert deserve design desire desk destroy
detail determine develop development device die difference difficult difficulty dig dinner
direct direction dirt dirty disappoint discover discovery discuss disease dish distance
distinguish divide do doctor dog dollar door double doubt draw dream dress drink drive drop dry
duty early earn earth ease east easy eat edge educate education effect effort egg elect
electric element else employ empty encourage end enemy engine enjoy enter entrance envelope
equal error escape essential establish even evening event evidence exact examination examine
excellent exchange excite excuse exercise exist expect expense experience experiment explain
explanation express expression extend eye face fail failure fair faith fall familiar family
famous far farm fashion fast fat father fault favour favor fear feather feature feed feel fellow
female fence field fight figure file fill film final find fine finger finish fire firm fish fit
fix flag flat flight float floor flow flower fly fold follow food fool foot force foreign forest
forget forgive fork form formal forward frame free freedom freeze fresh friend friendly front
fruit full fun function funny future gain game garden gas gate gather gay general gentle get
gift girl give glad glass go goal god gold golden good govern government grain grand grass
grateful great green grey gray ground group grow growth guard guess guest guide gun habit hair
half hall hand handle hang happen happy harbour hard harm hat hate head health healthy hear heart
heat heavy height hello help high hill history hit hold hole holiday hollow home honest honour
hope horse hospital host hot hotel hour house human humour hunger hungry hunt hurry hurt husband
ice idea ideal ill image imagine immediate importance important improve include income increase
indeed independent individual industry influence inform information injury ink inside instant
instead instrument insult insurance intend interest interesting interrupt introduce invent
invite iron island issue item job join joint joke journey joy judge jump just justice keep key
kill kind king kitchen knee knife knock know knowledge labour labor lack lady lake land language
large late laugh law lay lead leader leaf lean learn leather leave left leg lend length lesson
let letter level library lie life lift light like limit line lip list listen literature live
load loan local lock long look lose loss loud love low luck lunch machine mad mail main make male
man manage manner manufacture map mark market marry mass master match material matter meal mean
meaning measure meat medicine meet meeting member memory mention mere message metal middle might
mild milk mind mine minute miss mistake mix model modern moment money monkey month moon moral
morning mother motion motor mountain mouth move movement murder music nail name narrow nation
native natural nature near neat necessary neck need needle neighbour neighbor nerve nest net news
newspaper nice night noble noise normal north nose notice novel nut obey object observe obtain
occasion offer office officer oil open operate operation opinion opportunity oppose opposite
orange order ordinary organ organise organize origin original outside owe owner pack package
page pain paint pair pan paper parent park part partner party pass passage past path patience
patient pattern pay peace pen pencil people per perfect perform performance period permanent
permission permit person personal persuade photograph pick picture piece pig pin pink pipe pity
place plain plan plane plant plate play pleasant pleasure plenty pocket poem poet point poison
police polite political pool poor popular population port position possess possession possible
post pot pound pour powder power practical practice praise pray prefer prepare presence present
preserve president press pressure pretend pretty prevent price pride priest principle print
prison private prize probable problem process produce product production profession profit
program programme progress promise proof proper property propose protect proud prove provide
public pull pump punish pupil pure purple purpose push put quality quantity quarter queen
question quick quiet race radio rail rain raise range rank rapid rare rate raw reach read ready
real reason receive recent recognise recognize record red reduce refuse regard region regret
regular relation relative relief religion remain remark remember remind remove rent repair
repeat replace reply report represent request require rescue reserve respect responsible rest
restaurant result return reward rich ride right ring rise risk river road rock role roll roof
room root rope rough round row royal rub rule run rush sad safe safety sail salt sample sand
satisfy save say scale scene school science score screen sea search season seat second secret
see seed seem sell send sense sentence separate serious servant serve service set settle
several shade shadow shake shame shape share sharp sheep sheet shelf shell shine ship shirt
shock shoe shoot shop shore short shoulder shout show shut sick side sight sign signal silence
silly silver simple sing single sister sit site situation size skill skin sky sleep slide slight
slip slope slow small smell smile smoke smooth snake snow social society soft soil soldier solid
solution solve son song sort soul sound soup south space spare speak special speech speed spell
spend spirit spite splendid spoil spot spread spring square staff stage stair stamp stand
standard star start state station stay steady steam steel step stick stiff stir stock stomach
stone stop store storm story straight strange stranger stream street strength stretch strike
string strong structure student study stuff stupid subject substance succeed success sudden
suffer sugar suggest suit summer sun supply support suppose surface surprise surround swallow
swear sweep sweet swim swing sympathy system table tail take talk tall taste tax tea teach team
tear telephone tell temper temperature tend term terrible test text thank theory thick thin
thing think thought thread threat throat throw thumb ticket tide tidy tie tight time tin tire
title today toe tomorrow tone tongue tonight tool tooth top total touch tour towel tower town
toy track trade train transport travel treat tree trial trick trouble truck true trust truth try
tube tune turn type ugly uncle understand union unit universe university upper upset urge use
useful usual valley value variety vegetable verse victory view village visit voice vote wage
wait walk wall want war warm warn wash waste watch water wave way weak wealth wear weather
week weekend weigh weight welcome west wet wheel white wide wife wild win wind window wine wing
winter wire wise wish woman wonder wood word work worker world worry worth wound wrap write wrong
yard year yellow young youth zero
`;

/**
 * Everyday words of computing that general frequency lists of today rank in their first few
 * thousand and the GSL predates. Added when a whole-corpus KB's concept index was still headed
 * by "option" and "version" (user, status, … were meant to be in the list above and were not);
 * the words come from general frequency, most of them never occur in the corpus.
 */
const MODERN_WORDS = `
user option version status source release format mode output input website online software
internet email network access link click download update upgrade video phone digital button
menu browser web install settings app laptop smartphone keyboard screen printer
message post blog media camera battery charger
`;

const generalWords = new Set(`${WORDS} ${MODERN_WORDS}`.split(/\s+/).filter((w) => w.length > 0));

/** Whether a lower-case word is everyday English (the list above), also as a plural, past or -ing form. */
export function isGeneralEnglish(lowerWord: string): boolean {
  if (generalWords.has(lowerWord)) return true;
  for (const stem of inflectionStems(lowerWord)) if (generalWords.has(stem)) return true;
  return false;
}

/** Base forms an inflected word may come from: tables → table, named → name, running → run. */
function inflectionStems(word: string): string[] {
  const out: string[] = [];
  const strip = (suffix: string): string | undefined => (word.endsWith(suffix) && word.length > suffix.length + 2 ? word.slice(0, -suffix.length) : undefined);
  for (const suffix of ['ies', 'es', 's', 'ed', 'ing']) {
    const base = strip(suffix);
    if (base === undefined) continue;
    out.push(base, `${base}e`);
    if (suffix === 'ies' || suffix === 'ied') out.push(`${base}y`);
    if (/(.)\1$/.test(base)) out.push(base.slice(0, -1));
  }
  return out;
}
