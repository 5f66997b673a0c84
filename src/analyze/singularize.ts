// Why not wink-nlp's lemmas (its.lemma; measured, issue 16): a concept key needs the lemma
// of a word out of context, and there wink reads plenty of technical nouns as verbs or
// shortens what is no plural. Over the 9,434 distinct words of ../shared/corpus md/ and txt/,
// its lemma differs from this on 1,462: verb forms (used → use, is → be, setting → set) and
// wrong merges (data → datum, app → application, sha → shall, cd → could, through → thru).
// Taking its lemma only for words it tags as nouns still differs on 684, mostly plurals it
// leaves alone (commits, submodules, hooks, plugins, logs, diffs, namespaces). Concept quality
// was the same either way (F1@10 0.199 vs 0.199 / 0.198), and it is some 30 times slower
// (292 ms vs 8 ms for those words). Keys saved in a KB must also not move with the model.

// Irregular plurals met in technical English, and words that only look plural.
const IRREGULAR: Record<string, string> = {
  indices: 'index', indexes: 'index', matrices: 'matrix', vertices: 'vertex', appendices: 'appendix',
  schemata: 'schema', criteria: 'criterion', phenomena: 'phenomenon', children: 'child', people: 'person',
  men: 'man', women: 'woman', feet: 'foot', teeth: 'tooth', mice: 'mouse', geese: 'goose',
  analyses: 'analysis', bases: 'base', theses: 'thesis', hypotheses: 'hypothesis', parentheses: 'parenthesis',
  synopses: 'synopsis', diagnoses: 'diagnosis', crises: 'crisis', axes: 'axis', leaves: 'leaf',
  halves: 'half', shelves: 'shelf', selves: 'self', wolves: 'wolf', knives: 'knife', lives: 'life', wives: 'wife',
  aliases: 'alias', statuses: 'status', biases: 'bias', buses: 'bus', viruses: 'virus', campuses: 'campus',
  caches: 'cache', niches: 'niche', headaches: 'headache', avalanches: 'avalanche', cliches: 'cliche',
  movies: 'movie', cookies: 'cookie', zombies: 'zombie', ties: 'tie', lies: 'lie', dies: 'die', pies: 'pie',
};
const INVARIANT = new Set([
  'data', 'metadata', 'series', 'species', 'news', 'means', 'always', 'perhaps', 'whereas', 'thus', 'postgres',
  'windows', 'kubernetes', 'redis', 'mathematics', 'physics', 'economics', 'ethics', 'politics', 'chaos', 'ethos',
  'kudos', 'lens', 'gas', 'yes', 'this', 'its', 'his', 'has', 'was', 'does', 'is', 'us', 'plus', 'minus', 'bonus',
  'canvas', 'atlas', 'alias', 'bias', 'christmas', 'pancreas', 'texas', 'vegas', 'jeans', 'scissors', 'thanks',
  'sometimes', 'besides', 'nowadays', 'afterwards', 'towards', 'backwards', 'forwards', 'upwards', 'downwards',
]);

/**
 * A plural English noun → its singular, by rule, for merging concept names ("indexes" and
 * "index" are one concept). Deliberately conservative: a word it does not know to be plural
 * stays as it is, since a wrong merge (gas → ga) is worse than a missed one. Works on lower
 * case; the caller keeps the surface form for display.
 */
export function singularize(word: string): string {
  if (word.length < 4 || INVARIANT.has(word)) return word;
  // Own keys only: a plain object also answers "constructor" and "toString".
  const irregular = Object.hasOwn(IRREGULAR, word) ? IRREGULAR[word] : undefined;
  if (irregular !== undefined) return irregular;
  if (/(?:ss|us|is|os|ics|ous)$/.test(word)) return word;
  if (/[^aeiou]ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes|zzes)$/.test(word)) return word.slice(0, -2);
  if (/[^s']s$/.test(word)) return word.slice(0, -1);
  return word;
}
