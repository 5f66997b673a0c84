/**
 * The matching behind the judged report (judged-quality.ts): today's concept titles and
 * descriptions against the hand labels of bench/concept-labels.json and
 * bench/description-labels.json, per group of the corpus. Pure, so tests can hand it made-up
 * outputs and labels.
 */
import { conceptKey } from '../src/analyze/concept-key.js';
import { halfOf } from './corpus-half.js';
import { GROUPS, textHash, type Group, type ShownConcept, type ShownDescription } from './judged-kb.js';

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

export const LEAD_VERDICTS = ['good', 'poor', 'bad', 'none'] as const;
export type LeadVerdict = (typeof LEAD_VERDICTS)[number];
export const HALVES = ['tuning', 'test'] as const;
export type Half = (typeof HALVES)[number];

/** A concept page's half for the lead labels: by its conceptKey, so a page keeps its half when its title's case changes. */
export function leadHalf(concept: Pick<ShownConcept, 'key'>): Half {
  return halfOf(concept.key);
}

/** Pages that show one document open with its sentence; pages that show several choose among them. */
export const STRATA = ['one document', 'several documents'] as const;
export type Stratum = (typeof STRATA)[number];

export function stratumOf(concept: Pick<ShownConcept, 'files'>): Stratum {
  return concept.files.length > 1 ? 'several documents' : 'one document';
}

export interface LeadLabel {
  title: string;
  /** textHash of the lead judged: a label holds while the page opens with that sentence. */
  hash: string;
  label: Exclude<LeadVerdict, 'none'>;
  reason: string;
}

export interface LeadLabelFile {
  about: string;
  /** Concept page title → lead hash, for every page of the run the sample was drawn from. */
  population: Record<string, string>;
  /** The pages drawn, per half: each is judged on whatever lead it shows today. */
  drawn: Array<{ title: string; half: Half; stratum: Stratum }>;
  /** Judged leads; a title may have several (its lead before and after a change of the engine). */
  labels: LeadLabel[];
}

export interface LeadScore {
  half: Half;
  stratum: Stratum;
  drawn: number;
  /** Per verdict, the drawn pages whose lead today has it ('none': the page opens with no sentence). */
  verdicts: Map<LeadVerdict, Array<{ what: string; reason: string }>>;
  scored: number;
  /** Drawn pages shown today whose lead has no label yet (changed since labelling): to label. */
  unlabelled: Array<{ title: string; hash: string; lead: string }>;
  /** Drawn pages no longer shown. */
  gone: number;
}

/** Each drawn page is judged on the lead it shows today: by the label of that lead's hash, or 'none' when it has none. */
export function scoreLeads(concepts: readonly ShownConcept[], file: LeadLabelFile): LeadScore[] {
  const today = new Map(concepts.map((c) => [c.key, c]));
  const labels = new Map(file.labels.map((l) => [`${conceptKey(l.title)} ${l.hash}`, l]));
  return HALVES.flatMap((half) => STRATA.map((stratum) => ({ half, stratum }))).map(({ half, stratum }) => {
    const score: LeadScore = { half, stratum, drawn: 0, verdicts: new Map(LEAD_VERDICTS.map((v) => [v, []])), scored: 0, unlabelled: [], gone: 0 };
    for (const d of file.drawn) {
      if (d.half !== half || d.stratum !== stratum) continue;
      score.drawn++;
      const shown = today.get(conceptKey(d.title));
      if (!shown) {
        score.gone++;
        continue;
      }
      if (shown.lead === '') {
        score.scored++;
        score.verdicts.get('none')!.push({ what: shown.title, reason: 'no opening sentence' });
        continue;
      }
      const hash = textHash(shown.lead);
      const label = labels.get(`${shown.key} ${hash}`);
      if (!label) {
        score.unlabelled.push({ title: shown.title, hash, lead: shown.lead });
        continue;
      }
      score.scored++;
      score.verdicts.get(label.label)!.push({ what: `${shown.title}: ${shown.lead}`, reason: label.reason });
    }
    return score;
  });
}
