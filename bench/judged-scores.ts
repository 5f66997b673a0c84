/**
 * The matching behind the judged report (judged-quality.ts): today's concept titles and
 * descriptions against the hand labels of bench/concept-labels.json and
 * bench/description-labels.json, per group of the corpus. Pure, so tests can hand it made-up
 * outputs and labels.
 */
import { conceptKey } from '../src/analyze/concept-key.js';
import { GROUPS, type Group, type ShownConcept, type ShownDescription } from './judged-kb.js';

export const CONCEPT_VERDICTS = ['good concept', 'too generic', 'not a concept'] as const;
export const DESCRIPTION_VERDICTS = ['good', 'poor', 'bad'] as const;
export type ConceptVerdict = (typeof CONCEPT_VERDICTS)[number];
export type DescriptionVerdict = (typeof DESCRIPTION_VERDICTS)[number];

export interface ConceptLabel {
  /** The title labelled; it finds today's page with the same conceptKey (computed now, so a change of the key's rules keeps the match). */
  title: string;
  /** The groups whose draw took it: it is scored for those only, so each group's sample stays random. */
  drawnFor: Group[];
  /** The documents (file names) the page showed when it was labelled. */
  files: string[];
  label: ConceptVerdict;
  reason: string;
}

export interface DescriptionLabel {
  file: string;
  group: Group;
  /** textHash of the description labelled: the label holds while the description is unchanged. */
  hash: string;
  label: DescriptionVerdict;
  reason: string;
}

export interface ConceptLabelFile {
  about: string;
  /** Every concept page title of the run the labels were drawn from. */
  population: string[];
  labels: ConceptLabel[];
}

export interface DescriptionLabelFile {
  about: string;
  /** File name → description hash, for every document of the run the labels were drawn from. */
  population: Record<string, string>;
  labels: DescriptionLabel[];
}

export interface GroupScore<V extends string> {
  group: Group;
  /** Labels drawn for the group. */
  labelled: number;
  /** Per verdict, the labelled outputs still shown (unchanged) today. */
  verdicts: Map<V, Array<{ what: string; reason: string }>>;
  scored: number;
  /** Outputs of the group today. */
  shown: number;
  /** Shown today, existed when the labels were drawn, not drawn for this group. */
  undrawn: number;
  /** Shown today and new (or, for a description, changed) since the labels were drawn. */
  fresh: number;
}

function emptyScore<V extends string>(group: Group, verdicts: readonly V[]): GroupScore<V> {
  return { group, labelled: 0, verdicts: new Map(verdicts.map((v) => [v, []])), scored: 0, shown: 0, undrawn: 0, fresh: 0 };
}

/** A concept label scores for group g when its title's key is shown today on a page with a document of g. */
export function scoreConcepts(concepts: readonly ShownConcept[], file: ConceptLabelFile): Array<GroupScore<ConceptVerdict>> {
  const known = new Set(file.population.map(conceptKey));
  const byKey = new Map(file.labels.map((l) => [conceptKey(l.title), l]));
  const today = new Map(concepts.map((c) => [c.key, c]));
  return GROUPS.map((g) => {
    const score = emptyScore(g, CONCEPT_VERDICTS);
    for (const l of file.labels) {
      if (!l.drawnFor.includes(g)) continue;
      score.labelled++;
      if (!today.get(conceptKey(l.title))?.groups.includes(g)) continue;
      score.scored++;
      score.verdicts.get(l.label)!.push({ what: l.title, reason: l.reason });
    }
    for (const c of concepts) {
      if (!c.groups.includes(g)) continue;
      score.shown++;
      if (!known.has(c.key)) score.fresh++;
      else if (!byKey.get(c.key)?.drawnFor.includes(g)) score.undrawn++;
    }
    return score;
  });
}

/** A description label scores while the file's description today has the labelled hash. */
export function scoreDescriptions(descriptions: readonly ShownDescription[], file: DescriptionLabelFile): Array<GroupScore<DescriptionVerdict>> {
  const today = new Map(descriptions.map((d) => [d.file, d]));
  const labelled = new Set(file.labels.map((l) => l.file));
  return GROUPS.map((g) => {
    const score = emptyScore(g, DESCRIPTION_VERDICTS);
    for (const l of file.labels) {
      if (l.group !== g) continue;
      score.labelled++;
      const shown = today.get(l.file);
      if (shown?.hash !== l.hash) continue;
      score.scored++;
      score.verdicts.get(l.label)!.push({ what: `${l.file}: ${shown.text}`, reason: l.reason });
    }
    for (const d of descriptions) {
      if (d.group !== g) continue;
      score.shown++;
      if (file.population[d.file] !== d.hash) score.fresh++;
      else if (!labelled.has(d.file)) score.undrawn++;
    }
    return score;
  });
}
