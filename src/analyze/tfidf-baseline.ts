import type { Candidate, DocumentCandidates } from './collect-candidates.js';
import { conceptKey } from './concept-key.js';
import type { DocumentFrequencies } from './document-frequencies.js';
import type { ConceptSource } from './extract-concepts.js';
import { markdownTextUnits } from './markdown-text-units.js';
import { rankCandidates, type Concept, type RankOptions } from './rank-concepts.js';
import { isStopword } from './stopwords.js';
import { tokenize } from './tokenize.js';

const MAX_N = 3;

/**
 * The yardstick for extractConcepts: plain TF-IDF over word 1–3-grams that contain no
 * stopword, every mention counting 1 wherever it is. It shares the text units, tokenizer and
 * key normalisation, so a comparison measures candidate selection and scoring only.
 */
export function extractTfidfConcepts(doc: ConceptSource, df: DocumentFrequencies, options: RankOptions): Concept[] {
  return rankCandidates(collectNgrams(doc), options, (c) => scoreTfidf(c, df));
}

/** Raw count times smoothed inverse document frequency (the common textbook form). */
export function scoreTfidf(candidate: Candidate, df: DocumentFrequencies): number {
  return candidate.mentions * (Math.log((df.documents + 1) / (df.df(candidate.key) + 1)) + 1);
}

/** The n-gram keys a document contributes to the baseline's document frequencies. */
export function ngramKeys(doc: ConceptSource): string[] {
  return collectNgrams(doc).candidates.map((c) => c.key);
}

export function collectNgrams(doc: ConceptSource): DocumentCandidates {
  const units = markdownTextUnits({ title: doc.title, markdown: doc.markdown, sectionTitles: (doc.sections ?? []).map((s) => s.title) });
  const byKey = new Map<string, Candidate>();
  units.forEach((unit, index) => {
    const tokens = tokenize(unit.text, unit.code);
    const usable = tokens.map((t) => (t.kind === 'word' || t.kind === 'code') && t.text.length > 1 && !isStopword(t.text.toLowerCase()));
    for (let start = 0; start < tokens.length; start++) {
      for (let end = start + 1; end <= Math.min(tokens.length, start + MAX_N) && usable[end - 1]; end++) {
        if (!usable[start]) break;
        const surface = unit.text.slice(tokens[start]!.start, tokens[end - 1]!.end);
        const key = conceptKey(surface);
        if (!/\p{L}/u.test(key)) continue;
        let c = byKey.get(key);
        if (!c) byKey.set(key, (c = { key, weight: 0, mentions: 0, codeMentions: 0, defined: false, surfaces: [], units: [] }));
        c.mentions++;
        c.weight++;
        if (c.units[c.units.length - 1] !== index) c.units.push(index);
        const form = c.surfaces.find((s) => s[0] === surface);
        if (form) form[1]++;
        else c.surfaces.push([surface, 1]);
      }
    }
  });
  const candidates = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const c of candidates) c.surfaces.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { units: units.map((u) => ({ kind: u.kind, text: u.text })), candidates };
}
